//! # M-Sec runtime
//!
//! The state machine of M-Sec chain, the permissioned chain on which Santander (ES) and
//! Fujisawa (JP) trade IoT data. This crate composes the FRAME pallets; configuration lives in
//! [`configs`] (one file per concern, with the numbers that tune it), runtime APIs in [`apis`],
//! genesis presets in [`genesis_config_presets`], and the numbers several concerns share (the
//! token, deposits, fees, block time) in [`constants`].

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` expands to very deep types.
#![recursion_limit = "256"]
// `#[frame_support::runtime]`, `impl_runtime_apis!` and the Wasm builder generate undocumented
// public items (RuntimeCall, RuntimeApi, WASM_BINARY, ...); ours are documented.
#![allow(missing_docs)]
// A panic in the runtime halts block production: no unwrap, indexing or unchecked arithmetic.
#![cfg_attr(
	not(test),
	warn(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects
	)
)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

/// This runtime's code built with the next `spec_version`: what a runtime upgrade test
/// upgrades a network to (`node/tests/two_city_network.rs`). Never deployed.
#[cfg(feature = "std")]
pub mod next_spec_version {
	include!(concat!(env!("OUT_DIR"), "/wasm_binary_next_spec_version.rs"));
}

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod constants;
pub mod genesis_config_presets;
pub mod invariants;
#[cfg(feature = "std")]
pub mod signing;
pub mod weights;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Block number: 32 bits last 800 years at 6 s blocks.
pub type BlockNumber = u32;
/// Signature of a transaction (sr25519, ed25519 or ecdsa).
pub type Signature = MultiSignature;
/// An account: the public key of its signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// An amount of MSEC in plancks (see [`constants::currency`]).
pub type Balance = u128;
/// Number of transactions an account has sent.
pub type Nonce = u32;
/// Block and state hash.
pub type Hash = sp_core::H256;

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier.
	pub type BlockId = generic::BlockId<Block>;
}

impl_opaque_keys! {
	/// The keys a validator registers: Aura for authoring, GRANDPA for finality.
	pub struct SessionKeys {
		/// Block authoring key (sr25519).
		pub aura: Aura,
		/// Finality voting key (ed25519).
		pub grandpa: Grandpa,
	}
}

/// Runtime version. Bump `spec_version` with every runtime upgrade (in both constants below),
/// `transaction_version` when an existing call changes its index or arguments.
#[cfg(not(feature = "next-spec-version"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("msec"),
	impl_name: Cow::Borrowed("msec-node"),
	authoring_version: 1,
	spec_version: 109,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// The same runtime one `spec_version` on, built by `build.rs` only, for upgrade tests.
#[cfg(feature = "next-spec-version")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("msec"),
	impl_name: Cow::Borrowed("msec-node"),
	authoring_version: 1,
	spec_version: 110,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Account address format: an account id, or an index (unused here).
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions of a transaction valid in `era`, with `nonce` and `tip`.
pub fn tx_extension(era: generic::Era, nonce: Nonce, tip: Balance) -> TxExtension {
	(
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(era),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	)
}

/// The transaction extensions every signed transaction carries, in the order they run.
/// Wallets read this list from the metadata; no custom types are needed.
pub type TxExtension = (
	// Lets `#[pallet::authorize]` calls (unsigned, self-authorizing) into the pool.
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	// Lets offline signers (Ledger) verify the metadata they decode the call with.
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	// Gives back the weight a call did not use; must come last.
	frame_system::WeightReclaim<Runtime>,
);

/// A transaction as it travels in blocks and the pool.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a transaction's signature covers.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Runtime migrations, in the order they run. Pallets add theirs here when their storage
/// layout changes.
type Migrations = ();

/// Dispatches extrinsics to the pallets and runs their hooks.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The pallets, with the names and indices polkadot.js sees. Indices never change once used.
#[frame_support::runtime]
mod runtime {
	/// The M-Sec runtime.
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	/// Accounts, blocks, events.
	// Genesis and `on_initialize` follow this order: the validator set before Session (its
	// genesis asks for the first validators), Session before Aura and Grandpa (it hands them
	// their authorities).
	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(4)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(5)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(6)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(7)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(8)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(9)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(10)]
	pub type Multisig = pallet_multisig;

	#[runtime::pallet_index(11)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(12)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	#[runtime::pallet_index(13)]
	pub type NodeAuthorization = pallet_node_authorization;

	#[runtime::pallet_index(14)]
	pub type Registry = pallet_registry;

	#[runtime::pallet_index(15)]
	pub type Ids = pallet_ids;

	#[runtime::pallet_index(16)]
	pub type Consent = pallet_consent;

	#[runtime::pallet_index(17)]
	pub type Marketplace = pallet_marketplace;

	#[runtime::pallet_index(18)]
	pub type StreamWorker = pallet_stream_worker;

	/// Enacts council motions that an operator of each city voted aye for, as Root.
	#[runtime::pallet_index(19)]
	pub type TwoCities = pallet_two_cities;

	/// Accounts acting for others within a proxy type: the stream worker's `DataPlane`.
	#[runtime::pallet_index(20)]
	pub type Proxy = pallet_proxy;
}
