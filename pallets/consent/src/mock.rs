//! A test runtime: System, Balances and the consent pallet, with a clock the tests set.

use core::cell::RefCell;

use frame_support::{
	derive_impl, ord_parameter_types,
	traits::{ConstU32, ConstU64, UnixTime},
	weights::{constants::RocksDbWeight, Weight},
	BoundedVec,
};
use frame_system::EnsureSignedBy;
use msec_primitives::{Jurisdiction, LegalBasis, Purpose};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchResult};

use crate as pallet_consent;
use crate::ConsentTerms;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Consent: pallet_consent,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Weights of storage accesses only, so that tests do not depend on generated numbers.
pub struct StorageOnlyWeights;

impl crate::WeightInfo for StorageOnlyWeights {
	fn grant() -> Weight {
		RocksDbWeight::get().reads_writes(3, 5)
	}
	fn grant_on_behalf() -> Weight {
		RocksDbWeight::get().reads_writes(4, 5)
	}
	fn withdraw() -> Weight {
		RocksDbWeight::get().reads_writes(2, 1)
	}
	fn set_guardian() -> Weight {
		RocksDbWeight::get().writes(1)
	}
	fn record_erasure() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn remove_consent() -> Weight {
		RocksDbWeight::get().reads_writes(3, 4)
	}
	fn check_consent(r: u32) -> Weight {
		RocksDbWeight::get().reads(u64::from(r).saturating_mul(2).saturating_add(2))
	}
}

pub const SUBJECT: u64 = 1;
pub const CONTROLLER: u64 = 2;
pub const GUARDIAN: u64 = 3;
pub const STRANGER: u64 = 4;
pub const POOR: u64 = 5;
pub const SOCIAL_SERVICES: u64 = 99;
pub const DEPOSIT: u64 = 10;
pub const MAX_CONSENTS: u32 = 3;
pub const MAX_ERASURES: u32 = 2;
/// Withdrawn or expired records stay this long (ms).
pub const RETENTION: u64 = 10_000;
/// The clock at the start of every test (ms).
pub const START: u64 = 1_000_000;

thread_local! {
	static NOW_MS: RefCell<u64> = const { RefCell::new(START) };
}

/// The chain's clock, in milliseconds.
pub struct MockTime;

impl UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW_MS.with(|now| *now.borrow()))
	}
}

pub fn set_now(ms: u64) {
	NOW_MS.with(|now| *now.borrow_mut() = ms);
}

ord_parameter_types! {
	/// The authority that appoints guardians.
	pub const SocialServices: u64 = SOCIAL_SERVICES;
}

impl pallet_consent::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = MockTime;
	type GuardianOrigin = EnsureSignedBy<SocialServices, u64>;
	type MaxPurposes = ConstU32<4>;
	type MaxTransfers = ConstU32<2>;
	type MaxConsentsPerSubject = ConstU32<MAX_CONSENTS>;
	type MaxErasures = ConstU32<MAX_ERASURES>;
	type ConsentDeposit = ConstU64<DEPOSIT>;
	type GuardianDeposit = ConstU64<GUARDIAN_DEPOSIT>;
	type RecordRetention = ConstU64<RETENTION>;
	type WeightInfo = StorageOnlyWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockClock;
}

/// Sets the mock clock for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockClock;

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper for MockClock {
	fn set_now(ms: u64) {
		set_now(ms);
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(SUBJECT, 1_000), (GUARDIAN, 1_000), (POOR, 5)],
		dev_accounts: None,
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_now(START);
	});
	ext
}

/// Held from a ward who chooses a guardian.
pub const GUARDIAN_DEPOSIT: u64 = 8;

/// Runs `test` on the state above, then checks the pallet's invariants and that every hold is
/// exactly what its holder's records hold.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Consent::do_try_state().expect("consent invariants hold");
		for (who, holds) in pallet_balances::Holds::<Test>::iter() {
			for hold in holds {
				let RuntimeHoldReason::Consent(reason) = hold.id;
				let backed = match reason {
					crate::HoldReason::ConsentDeposit => crate::Consents::<Test>::iter_values()
						.filter(|record| record.granted_by == who)
						.map(|record| record.deposit)
						.sum::<u64>() == hold.amount,
					crate::HoldReason::GuardianDeposit =>
						crate::Guardians::<Test>::get(who).is_some_and(|g| g.deposit == hold.amount),
				};
				assert!(backed, "a hold of {reason:?} on {who} has no record behind it");
			}
		}
	});
}

/// Terms for CONTROLLER: public benefit and academic research, no transfer beyond EU-Japan,
/// expiring at `expires_at`.
pub fn terms(expires_at: Option<u64>) -> ConsentTerms<u64, ConstU32<4>, ConstU32<2>> {
	ConsentTerms {
		controller: CONTROLLER,
		purposes: BoundedVec::truncate_from(vec![
			Purpose::AcademicResearch,
			Purpose::PublicBenefit,
		]),
		legal_basis: LegalBasis::Consent,
		transfer_to: BoundedVec::new(),
		expires_at,
		notice_hash: H256::repeat_byte(0x17),
	}
}

/// `who` grants `terms` as subject.
pub fn grant_as(who: u64, terms: ConsentTerms<u64, ConstU32<4>, ConstU32<2>>) -> DispatchResult {
	Consent::grant(
		RuntimeOrigin::signed(who),
		terms.controller,
		terms.purposes,
		terms.legal_basis,
		terms.transfer_to,
		terms.expires_at,
		terms.notice_hash,
	)
}

/// The guardian grants `terms` on behalf of `subject`.
pub fn grant_for(
	guardian: u64,
	subject: u64,
	terms: ConsentTerms<u64, ConstU32<4>, ConstU32<2>>,
) -> DispatchResult {
	Consent::grant_on_behalf(
		RuntimeOrigin::signed(guardian),
		subject,
		terms.controller,
		terms.purposes,
		terms.legal_basis,
		terms.transfer_to,
		terms.expires_at,
		terms.notice_hash,
	)
}

/// The last event the consent pallet emitted.
pub fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Consent(event) => Some(event),
			_ => None,
		})
		.expect("the consent pallet emitted an event")
}

/// A jurisdiction outside the EU-Japan area.
pub fn korea() -> Jurisdiction {
	Jurisdiction::Other(msec_primitives::CountryCode(*b"KR"))
}
