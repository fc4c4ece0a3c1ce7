//! Who validates and who may connect: sessions, the council's validator set and authorized
//! peers. See `docs/design/permissioned-network.md`.

use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains},
};
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

use crate::{
	configs::governance::Privileged,
	constants::{
		currency::deposit,
		time::{MAX_AUTHORITIES, MINUTES},
	},
	AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, SessionKeys,
	ValidatorSet,
};

parameter_types! {
	/// One-minute sessions: a council change to the validators applies within two minutes.
	pub const SessionPeriod: BlockNumber = MINUTES;
	/// Sessions start at block 0.
	pub const SessionOffset: BlockNumber = 0;
	/// Held while an account has session keys registered: one entry of two 32-byte keys.
	pub const SessionKeyDeposit: Balance = deposit(1, 64);
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Validators are plain accounts: no stash/controller split without staking.
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// Offenders are removed by the council, not disabled automatically.
	type DisablingStrategy = ();
	type WeightInfo = crate::weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

/// Fewest validators the council may leave: with three, one lost node still leaves a
/// GRANDPA supermajority of the rest.
pub const MIN_VALIDATORS: u32 = 3;

/// The accounts that registered session keys (`Session.set_keys`).
pub struct HasSessionKeys;

impl frame_support::traits::Contains<AccountId> for HasSessionKeys {
	fn contains(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}
}

impl pallet_validator_set::Config for Runtime {
	type ValidatorOrigin = Privileged;
	type SessionKeys = HasSessionKeys;
	type MinValidators = ConstU32<MIN_VALIDATORS>;
	type MaxValidators = ConstU32<MAX_AUTHORITIES>;
	type WeightInfo = crate::weights::pallet_validator_set::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSessionKeys;
}

/// Gives benchmark validators session keys, made from their account.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkSessionKeys;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_validator_set::BenchmarkHelper<AccountId> for BenchmarkSessionKeys {
	fn set_session_keys(who: &AccountId) {
		let raw: [u8; 32] = *who.as_ref();
		let keys = SessionKeys {
			aura: sp_core::sr25519::Public::from_raw(raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(raw).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

/// Longest libp2p peer id in bytes (an ed25519 peer id is 38).
pub const MAX_PEER_ID_LENGTH: u32 = 128;

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Two cities with a few nodes each, plus room for observers and auditors.
	type MaxWellKnownNodes = ConstU32<64>;
	type MaxPeerIdLength = ConstU32<MAX_PEER_ID_LENGTH>;
	type AddOrigin = Privileged;
	type RemoveOrigin = Privileged;
	type SwapOrigin = Privileged;
	type ResetOrigin = Privileged;
	/// Measured with our benchmarks (`crate::benchmarks::node_authorization`); upstream ships
	/// none.
	type WeightInfo = crate::weights::pallet_node_authorization::WeightInfo<Runtime>;
}

/// The runtime's call filter: every call except `NodeAuthorization::claim_node`, which would let
/// any account record itself as the owner of any peer id, without a deposit. Here a node gets
/// its owner when the council authorizes it; owners keep `add_connections` and
/// `transfer_node`.
pub struct CallFilter;

impl Contains<RuntimeCall> for CallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		let claims_a_node = matches!(
			call,
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node { .. })
		);
		!claims_a_node && !super::governance::wraps_enact(call)
	}
}
