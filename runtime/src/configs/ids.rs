//! Intrusion detection: official rule sets and device-signed alert attestations; the council
//! is the security origin.

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};

use crate::{
	configs::governance::Privileged,
	constants::{currency::deposit, time::DAYS},
	Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason, Timestamp,
};

/// Milliseconds in an hour.
const HOUR_MS: u64 = 3_600_000;

parameter_types! {
	/// Held per attestation until it expires: its record (a report of up to 32 rule ids,
	/// 197 bytes; submitter, block, deposit, 16 corroborations, 182) and its device index
	/// entry (24), as two entries.
	pub const AttestationDeposit: Balance = deposit(2, 403);
	/// A month of attestations stays on chain; the aggregates keep the statistics longer.
	pub const AttestationRetention: BlockNumber = 30 * DAYS;
}

impl pallet_ids::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = crate::Registry;
	type SecurityOrigin = Privileged;
	type Time = Timestamp;
	/// A gateway's report names at most 32 distinct rules per period.
	type MaxRuleIds = ConstU32<32>;
	type MaxCorroborations = ConstU32<16>;
	type AttestationDeposit = AttestationDeposit;
	/// Three severe attestations in a day, each confirmed by two gateways of other owners.
	type QuarantineThreshold = ConstU32<3>;
	type MinCorroborations = ConstU32<2>;
	type QuarantineWindow = ConstU64<{ 24 * HOUR_MS }>;
	type MaxRecentSevere = ConstU32<16>;
	/// A week-old alert is worth half a fresh one.
	type ConfidenceHalfLife = ConstU64<{ 7 * 24 * HOUR_MS }>;
	type AttestationRetention = AttestationRetention;
	/// Over a year, so that dashboards compare a day with the same day a year before.
	type AggregateRetentionDays = ConstU32<400>;
	type WeightInfo = crate::weights::pallet_ids::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = IdsBenchmarks;
}

/// Registers benchmark devices through the registry's own calls, and sets the clock.
#[cfg(feature = "runtime-benchmarks")]
pub struct IdsBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_ids::benchmarking::BenchmarkHelper<crate::AccountId> for IdsBenchmarks {
	fn register_device(
		owner: &crate::AccountId,
		jurisdiction: msec_primitives::Jurisdiction,
		key: msec_primitives::DeviceKey,
		kind: msec_primitives::DeviceKind,
	) -> Result<msec_primitives::DeviceId, sp_runtime::DispatchError> {
		use frame_support::traits::fungible::Mutate;
		use frame_system::RawOrigin;

		if !pallet_registry::Participants::<Runtime>::contains_key(owner) {
			let roles = msec_primitives::Roles { provider: true, buyer: false, security: false };
			crate::Registry::register_participant(
				RawOrigin::Root.into(),
				owner.clone(),
				jurisdiction,
				roles,
			)?;
		}
		let funds = crate::configs::DeviceDeposit::get()
			.saturating_add(crate::constants::currency::EXISTENTIAL_DEPOSIT);
		Balances::mint_into(owner, funds)?;
		let id = pallet_registry::NextDeviceId::<Runtime>::get();
		// The benchmark made the key in the keystore: it signs its proof of possession.
		let keys = sp_core::crypto::KeyTypeId(*b"msec");
		let genesis = frame_system::Pallet::<Runtime>::block_hash(0);
		let payload = msec_primitives::key_possession_payload(genesis.as_ref(), owner);
		let missing = sp_runtime::DispatchError::Other("the keystore lacks the benchmark's key");
		let possession = match &key {
			msec_primitives::DeviceKey::Sr25519(public) =>
				sp_io::crypto::sr25519_sign(keys, public, &payload)
					.map(msec_primitives::DeviceSignature::Sr25519),
			msec_primitives::DeviceKey::Ed25519(public) =>
				sp_io::crypto::ed25519_sign(keys, public, &payload)
					.map(msec_primitives::DeviceSignature::Ed25519),
		}
		.ok_or(missing)?;
		crate::Registry::register_device(
			RawOrigin::Signed(owner.clone()).into(),
			key,
			kind,
			sp_core::H256::zero(),
			possession,
		)?;
		Ok(id)
	}

	fn set_now(ms: u64) {
		pallet_timestamp::Now::<Runtime>::put(ms);
	}

	fn fund(who: &crate::AccountId, deposits: u32) {
		use frame_support::traits::fungible::Mutate;
		let funds = AttestationDeposit::get()
			.saturating_mul(deposits.into())
			.saturating_add(crate::constants::currency::EXISTENTIAL_DEPOSIT);
		Balances::set_balance(who, funds);
	}
}
