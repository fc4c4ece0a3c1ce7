//! A test runtime: System, Balances, Session and the validator set, with sessions of
//! [`SESSION_LENGTH`] blocks.

use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
	weights::{constants::RocksDbWeight, Weight},
};
use frame_system::EnsureRoot;
use sp_runtime::{testing::UintAuthorityId, traits::ConvertInto, BuildStorage};

use crate as pallet_validator_set;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Session: pallet_session,
		ValidatorSet: pallet_validator_set,
	}
);

/// Blocks per session.
pub const SESSION_LENGTH: u64 = 5;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

parameter_types! {
	pub const Period: u64 = SESSION_LENGTH;
	pub const Offset: u64 = 0;
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<Period, Offset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<Period, Offset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = pallet_session::TestSessionHandler;
	type Keys = UintAuthorityId;
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<0>;
}

/// Test weights: the storage each call touches (one read, two writes), no execution time.
/// The runtime uses the benchmarked weights instead.
pub struct StorageOnlyWeights;

impl crate::WeightInfo for StorageOnlyWeights {
	fn add_validator() -> Weight {
		RocksDbWeight::get().reads_writes(1, 2)
	}

	fn remove_validator() -> Weight {
		RocksDbWeight::get().reads_writes(1, 2)
	}
}

/// The accounts with session keys, as the session pallet has them.
pub struct HasSessionKeys;

impl frame_support::traits::Contains<u64> for HasSessionKeys {
	fn contains(who: &u64) -> bool {
		pallet_session::NextKeys::<Test>::contains_key(who)
	}
}

/// Gives benchmark accounts session keys.
#[cfg(feature = "runtime-benchmarks")]
pub struct SessionKeysFor;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for SessionKeysFor {
	fn set_session_keys(who: &u64) {
		pallet_session::NextKeys::<Test>::insert(who, UintAuthorityId(*who));
	}
}

/// Purges `who`'s session keys, as `Session::purge_keys` does.
pub fn purge_keys(who: u64) {
	pallet_session::NextKeys::<Test>::remove(who);
}

impl pallet_validator_set::Config for Test {
	type ValidatorOrigin = EnsureRoot<u64>;
	type SessionKeys = HasSessionKeys;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SessionKeysFor;
	type MinValidators = ConstU32<2>;
	type MaxValidators = ConstU32<4>;
	type WeightInfo = StorageOnlyWeights;
}

/// The genesis validators.
pub const GENESIS_VALIDATORS: [u64; 3] = [1, 2, 3];
/// Accounts with session keys that are not validators at genesis.
pub const CANDIDATES: [u64; 2] = [4, 5];

/// Genesis: validators 1, 2, 3; accounts 1 to 5 funded and with session keys.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	let accounts = GENESIS_VALIDATORS.iter().chain(CANDIDATES.iter()).copied();
	pallet_balances::GenesisConfig::<Test> {
		balances: accounts.clone().map(|a| (a, 1_000)).collect(),
		dev_accounts: None,
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	pallet_validator_set::GenesisConfig::<Test> { initial_validators: GENESIS_VALIDATORS.to_vec() }
		.assimilate_storage(&mut storage)
		.expect("validator-set genesis builds");
	let keys = |a: u64| (a, a, UintAuthorityId(a));
	pallet_session::GenesisConfig::<Test> {
		keys: GENESIS_VALIDATORS.iter().copied().map(keys).collect(),
		non_authority_keys: CANDIDATES.iter().copied().map(keys).collect(),
	}
	.assimilate_storage(&mut storage)
	.expect("session genesis builds");

	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on [`new_test_ext`], then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("validator-set invariants hold");
	});
}

/// Advances block by block until session `index` has started.
pub fn run_to_session(index: u32) {
	while pallet_session::CurrentIndex::<Test>::get() < index {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Session::on_initialize(next);
	}
}
