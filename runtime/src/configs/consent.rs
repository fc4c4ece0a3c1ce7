//! Consent records for personal data: subjects grant and withdraw, the council appoints
//! guardians.

use codec::MaxEncodedLen;
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};

use crate::{
	configs::governance::Privileged, constants::currency::deposit, Balance, Balances, Runtime,
	RuntimeHoldReason, Timestamp,
};

/// The bytes of a consent record with its key, and of its subject index entry.
fn consent_bytes() -> u32 {
	let record = pallet_consent::ConsentRecord::<Runtime>::max_encoded_len().saturating_add(16);
	// `Blake2_128Concat` subject (48) and `Twox64Concat` id (16).
	let index = 48 + 16;
	u32::try_from(record.saturating_add(index)).unwrap_or(u32::MAX)
}

/// The bytes of a guardian entry with its key (`Blake2_128Concat` ward).
fn guardian_bytes() -> u32 {
	let entry = pallet_consent::Guardianship::<crate::AccountId, Balance>::max_encoded_len();
	u32::try_from(entry.saturating_add(48)).unwrap_or(u32::MAX)
}

parameter_types! {
	/// Held per consent record: the record and its subject index entry, as two entries, sized
	/// from their encoded maximum.
	pub ConsentDeposit: Balance = deposit(2, consent_bytes());
	/// Held from a ward who chooses a guardian: one entry.
	pub GuardianDeposit: Balance = deposit(1, guardian_bytes());
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
