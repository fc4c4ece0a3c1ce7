//! The pallets `msec-node benchmark pallet` measures (build with `--features runtime-benchmarks`).

mod grandpa;
mod node_authorization;
mod session;

use alloc::{string::String, vec::Vec};
use frame_benchmarking::{
	baseline::{Config as BaselineConfig, Pallet as BaselineBench},
	BenchmarkBatch, BenchmarkConfig, BenchmarkList,
};
use frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys};
use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Config as SystemBenchConfig, Pallet as SystemBench,
};
use sp_storage::TrackedStorageKey;

use crate::*;

use grandpa::Pallet as GrandpaBench;
use node_authorization::Pallet as NodeAuthorizationBench;
use session::Pallet as SessionBench;

impl SystemBenchConfig for Runtime {}
impl node_authorization::Config for Runtime {}
impl BaselineConfig for Runtime {}
impl grandpa::Config for Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

impl session::Config for Runtime {
	fn generate_session_keys_and_proof(owner: &AccountId) -> (SessionKeys, Vec<u8>) {
		use codec::Encode;
		let generated = SessionKeys::generate(&owner.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_grandpa, GrandpaBench::<Runtime>]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_multisig, Multisig]
	[pallet_proxy, Proxy]
	[pallet_validator_set, ValidatorSet]
	[pallet_collective, Council]
	[pallet_membership, CouncilMembership]
	[pallet_node_authorization, NodeAuthorizationBench::<Runtime>]
	[pallet_registry, Registry]
	[pallet_ids, Ids]
	[pallet_consent, Consent]
	[pallet_marketplace, Marketplace]
	[pallet_two_cities, TwoCities]
);

/// The benchmarks this runtime has and the storage they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
