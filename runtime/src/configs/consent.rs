//! Consent records for personal data: subjects grant and withdraw, the council appoints
//! guardians.

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};

use crate::{
	configs::governance::Privileged, constants::currency::deposit, Balance, Balances, Runtime,
	RuntimeHoldReason, Timestamp,
};

parameter_types! {
	/// Held per consent record: the record (subject, controller, granted by 96; 8 purposes 9;
	/// basis 1; 4 countries 13; expiry, notice, times 66; 8 erasures 321; deposit 16: 522
	/// bytes) and its subject index entry (56), as two entries.
	pub const ConsentDeposit: Balance = deposit(2, 578);
	/// Held from a ward who chooses a guardian: one entry (the ward's key 48, the guardian 32,
	/// deposit 16, appointed 1: 97 bytes).
	pub const GuardianDeposit: Balance = deposit(1, 97);
}

impl pallet_consent::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type GuardianOrigin = Privileged;
	/// Every purpose the pallet knows.
	type MaxPurposes = ConstU32<8>;
	type MaxTransfers = ConstU32<4>;
	type MaxConsentsPerSubject = ConstU32<64>;
	type MaxErasures = ConstU32<8>;
	type ConsentDeposit = ConsentDeposit;
	type GuardianDeposit = GuardianDeposit;
	/// Ended records stay in the subject's view for 90 days.
	type RecordRetention = ConstU64<{ 90 * 86_400_000 }>;
	type WeightInfo = crate::weights::pallet_consent::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ConsentBenchmarks;
}

/// Sets the clock for the consent benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct ConsentBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_consent::benchmarking::BenchmarkHelper for ConsentBenchmarks {
	fn set_now(ms: u64) {
		pallet_timestamp::Now::<Runtime>::put(ms);
	}
}
