//! A test runtime: System and the two-city approval, with a council the tests vote in.
//! Members 1 and 2 speak for city 0 (Santander), 3 and 4 for city 1 (Fujisawa), 5 for none.

use core::cell::RefCell;
use std::collections::BTreeMap;

use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::ConstU32,
	weights::{constants::RocksDbWeight, Weight},
};
use frame_system::EnsureSignedBy;
use sp_core::H256;
use sp_runtime::{traits::Convert, BuildStorage};

use crate as pallet_two_cities;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		TwoCities: pallet_two_cities,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The account the tests' council motions dispatch from, standing for the collective's
/// origin at its threshold.
pub const MOTION: u64 = 100;

ord_parameter_types! {
	pub const Motion: u64 = MOTION;
}

thread_local! {
	static AYES: RefCell<BTreeMap<H256, Vec<u64>>> = const { RefCell::new(BTreeMap::new()) };
}

/// Records the ayes of the open motion proposing `enact(call)`.
pub fn vote(call: &RuntimeCall, ayes: &[u64]) {
	let motion = TwoCities::motion_hash(call);
	AYES.with(|votes| votes.borrow_mut().insert(motion, ayes.to_vec()));
}

/// The council's votes.
pub struct Votes;

impl crate::MotionAyes<H256, u64> for Votes {
	fn ayes(proposal_hash: &H256) -> Option<Vec<u64>> {
		AYES.with(|votes| votes.borrow().get(proposal_hash).cloned())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_ayes(proposal_hash: &H256, ayes: Vec<u64>) {
		AYES.with(|votes| votes.borrow_mut().insert(*proposal_hash, ayes));
	}
}

thread_local! {
	static CITIES: RefCell<BTreeMap<u64, u8>> =
		RefCell::new(BTreeMap::from([(1, 0), (2, 0), (3, 1), (4, 1)]));
}

/// The city of each member.
pub struct CityOfMember;

impl Convert<u64, Option<u8>> for CityOfMember {
	fn convert(member: u64) -> Option<u8> {
		CITIES.with(|cities| cities.borrow().get(&member).copied())
	}
}

parameter_types! {
	pub TheCities: Vec<u8> = vec![0, 1];
}

/// Weights of storage accesses only: a read per aye's city.
pub struct StorageOnlyWeights;

impl crate::WeightInfo for StorageOnlyWeights {
	fn enact(a: u32) -> Weight {
		RocksDbWeight::get().reads(u64::from(a) + 1)
	}
}

/// Gives benchmark members a city.
#[cfg(feature = "runtime-benchmarks")]
pub struct SetCity;

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<u64, u8> for SetCity {
	fn set_city(who: &u64, city: u8) {
		CITIES.with(|cities| cities.borrow_mut().insert(*who, city));
	}
}

impl pallet_two_cities::Config for Test {
	type RuntimeCall = RuntimeCall;
	type MotionOrigin = EnsureSignedBy<Motion, u64>;
	type Ayes = Votes;
	type City = u8;
	type CityOf = CityOfMember;
	type Cities = TheCities;
	type MaxMembers = ConstU32<16>;
	type WeightInfo = StorageOnlyWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetCity;
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
