//! Benchmarks: every call and each step of the idle-time upkeep in its worst case.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::InspectHold, EnsureOrigin, Get},
	weights::WeightMeter,
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use msec_primitives::{DeviceId, DeviceKey, DeviceKind, DeviceSignature, Jurisdiction};
use sp_core::{crypto::KeyTypeId, sr25519, H256};
use sp_runtime::{traits::Zero, DispatchError, Saturating};

use crate::{types::MS_PER_DAY, *};

/// What the benchmarks need of the runtime around the pallet.
pub trait BenchmarkHelper<AccountId> {
	/// Registers `owner` as a provider in `jurisdiction` (if not yet) and a device of `kind`
	/// with `key` as theirs; its id.
	fn register_device(
		owner: &AccountId,
		jurisdiction: Jurisdiction,
		key: DeviceKey,
		kind: DeviceKind,
	) -> Result<DeviceId, DispatchError>;

	/// Sets the chain's clock to Unix time `ms`.
	fn set_now(ms: u64);

	/// Gives `who` enough to hold `deposits` attestation deposits.
	fn fund(who: &AccountId, deposits: u32);
}

/// The keystore slot the benchmark's device keys live in.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"msec");

/// The clock the benchmarks run at: day 20,000 (2024-10-04).
const NOW_MS: u64 = 20_000 * MS_PER_DAY;

/// A device of `owner` with a fresh sr25519 key in the keystore: sr25519 verifies slower than
/// ed25519, so the benchmarks measure the worst case.
fn device<T: Config>(
	owner: &T::AccountId,
	kind: DeviceKind,
) -> Result<(DeviceId, sr25519::Public), BenchmarkError> {
	let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	T::BenchmarkHelper::register_device(owner, Jurisdiction::Eu, DeviceKey::Sr25519(public), kind)
		.map(|id| (id, public))
		.map_err(|_| BenchmarkError::Stop("the registry registers the benchmark's device"))
}

fn sign(public: &sr25519::Public, payload: &[u8]) -> Result<DeviceSignature, BenchmarkError> {
	sp_io::crypto::sr25519_sign(KEY_TYPE, public, payload)
		.map(DeviceSignature::Sr25519)
		.ok_or(BenchmarkError::Stop("the keystore signs"))
}

fn genesis_hash<T: Config>() -> T::Hash {
	frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
}

/// A rule set with `MaxRuleIds` rules, published after any the genesis has; its version.
fn ruleset<T: Config>() -> Result<RulesetVersion, BenchmarkError> {
	let version = LatestRuleset::<T>::get().saturating_add(1);
	Pallet::<T>::do_publish_ruleset(version, H256::repeat_byte(1), T::MaxRuleIds::get())
		.map_err(|_| BenchmarkError::Stop("the benchmark's rule set publishes"))?;
	Ok(version)
}

/// A severe report of `device` for second `n` of the last `MaxRecentSevere + 1` seconds before
/// `NOW_MS` (well within any quarantine window), naming `rules` rules.
fn report<T: Config>(device: DeviceId, ruleset: RulesetVersion, n: u64, rules: u32) -> ReportOf<T> {
	let seconds = u64::from(T::MaxRecentSevere::get()).saturating_add(1);
	let start = NOW_MS
		.saturating_sub(seconds.saturating_mul(1_000))
		.saturating_add(n.saturating_mul(1_000));
	AlertReport {
		device,
		ruleset,
		period_start: start,
		period_end: start.saturating_add(1_000),
		alert_count: rules,
		max_severity: Severity::Critical,
		rule_ids: BoundedVec::truncate_from((0..rules).collect()),
		alerts_root: H256::repeat_byte(0xa1),
	}
}

/// The reporting device, a rule set it reports against, and a funded relayer.
struct Reporter<T: Config> {
	relayer: T::AccountId,
	device: DeviceId,
	key: sr25519::Public,
	ruleset: RulesetVersion,
}

impl<T: Config> Reporter<T> {
	fn new() -> Result<Self, BenchmarkError> {
		let ruleset = ruleset::<T>()?;
		let relayer: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::fund(&relayer, T::MaxRecentSevere::get().saturating_add(2));
		let (device, key) = device::<T>(&account("reporter", 0, 0), DeviceKind::Sensor)?;
		Ok(Self { relayer, device, key, ruleset })
	}

	/// The device's signed report `n`, naming `rules` rules.
	fn signed(&self, n: u64, rules: u32) -> Result<(ReportOf<T>, DeviceSignature), BenchmarkError> {
		let report = report::<T>(self.device, self.ruleset, n, rules);
		let signature = sign(&self.key, &report.signing_payload(genesis_hash::<T>().as_ref()))?;
		Ok((report, signature))
	}

	/// Attests the device's report `n`, naming `MaxRuleIds` rules.
	fn attest(&self, n: u64) -> Result<AttestationId, BenchmarkError> {
		let (report, signature) = self.signed(n, T::MaxRuleIds::get())?;
		Pallet::<T>::do_attest_alerts(self.relayer.clone(), report, signature)
			.map_err(|_| BenchmarkError::Stop("the benchmark's report is attested"))
	}
}

/// `count` gateways, each of its own owner.
fn gateways<T: Config>(count: u32) -> Result<Vec<(DeviceId, sr25519::Public)>, BenchmarkError> {
	(0..count)
		.map(|i| device::<T>(&account("gateway owner", i, 0), DeviceKind::Gateway))
		.collect()
}

/// Gateway `gateway` corroborates attestation `id`.
fn corroborate_with<T: Config>(
	id: AttestationId,
	(gateway, key): &(DeviceId, sr25519::Public),
) -> Result<(), BenchmarkError> {
	let root = Attestations::<T>::get(id)
		.ok_or(BenchmarkError::Stop("attested"))?
		.report
		.alerts_root;
	let payload = types::corroboration_payload(genesis_hash::<T>().as_ref(), id, *gateway, &root);
	let signature = sign(key, &payload)?;
	Pallet::<T>::do_corroborate(id, *gateway, signature)
		.map_err(|_| BenchmarkError::Stop("the benchmark's corroboration counts"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn publish_ruleset() -> Result<(), BenchmarkError> {
		let origin =
			T::SecurityOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let next = ruleset::<T>()?.saturating_add(1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, next, H256::repeat_byte(2), 100);

		assert_eq!(LatestRuleset::<T>::get(), next);
		Ok(())
	}

	#[benchmark]
	fn retire_ruleset() -> Result<(), BenchmarkError> {
		let origin =
			T::SecurityOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let version = ruleset::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, version);

		assert!(Rulesets::<T>::get(version).is_some_and(|r| r.retired));
		Ok(())
	}

	/// A severe report naming `r` rules, of a device whose recent severe attestations are full.
	#[benchmark]
	fn attest_alerts(r: Linear<1, { T::MaxRuleIds::get() }>) -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let reporter = Reporter::<T>::new()?;
		for n in 0..u64::from(T::MaxRecentSevere::get()) {
			reporter.attest(n)?;
		}
		let n = u64::from(T::MaxRecentSevere::get());
		let (report, signature) = reporter.signed(n, r)?;
		// As for a chain's first report, the call also writes where the aggregates begin.
		OldestAggregateDay::<T>::kill();

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter.relayer.clone()), report, signature);

		assert!(DeviceAttestations::<T>::contains_key(reporter.device, n));
		Ok(())
	}

	/// The corroboration that completes an attestation's `MinCorroborations` and quarantines
	/// its device on `MaxRecentSevere` attestations, each of which the check reads.
	#[benchmark]
	fn corroborate() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let reporter = Reporter::<T>::new()?;
		let witnesses = gateways::<T>(T::MinCorroborations::get())?;
		let (last, others) = witnesses.split_last().ok_or(BenchmarkError::Weightless)?;
		let mut id = 0;
		for n in 0..u64::from(T::MaxRecentSevere::get()) {
			id = reporter.attest(n)?;
		}
		// The earlier attestations are fully corroborated already (written directly: a
		// corroboration through the call would quarantine the device before the last one).
		let full =
			BoundedVec::truncate_from(witnesses.iter().map(|(gateway, _)| *gateway).collect());
		for earlier in 0..id {
			Attestations::<T>::mutate(earlier, |attestation| {
				if let Some(attestation) = attestation {
					attestation.corroborations = full.clone();
				}
			});
		}
		for witness in others {
			corroborate_with::<T>(id, witness)?;
		}
		let root = Attestations::<T>::get(id)
			.ok_or(BenchmarkError::Stop("attested"))?
			.report
			.alerts_root;
		let payload =
			types::corroboration_payload(genesis_hash::<T>().as_ref(), id, last.0, &root);
		let signature = sign(&last.1, &payload)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter.relayer.clone()), id, last.0, signature);

		assert!(RecentSevere::<T>::get(reporter.device).is_none(), "the device was quarantined");
		Ok(())
	}

	#[benchmark]
	fn dispute() -> Result<(), BenchmarkError> {
		let origin =
			T::SecurityOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		T::BenchmarkHelper::set_now(NOW_MS);
		let id = Reporter::<T>::new()?.attest(0)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, H256::repeat_byte(9));

		assert!(Attestations::<T>::get(id).is_some_and(|a| a.disputed));
		Ok(())
	}

	/// One attestation expires: its deposit released, its device's indexes trimmed.
	#[benchmark]
	fn expire_attestation() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let reporter = Reporter::<T>::new()?;
		let submitted = frame_system::Pallet::<T>::block_number();
		reporter.attest(0)?;
		// The others come a block later: the upkeep expires the first and stops at the second.
		frame_system::Pallet::<T>::set_block_number(submitted.saturating_add(1u32.into()));
		for n in 1..u64::from(T::MaxRecentSevere::get()) {
			reporter.attest(n)?;
		}
		let now = submitted.saturating_add(T::AttestationRetention::get());
		let mut meter = WeightMeter::new();

		#[block]
		{
			Pallet::<T>::expire_attestations(now, &mut meter);
		}

		assert_eq!(OldestAttestation::<T>::get(), 1);
		let reason = HoldReason::AttestationDeposit.into();
		let held = T::Currency::balance_on_hold(&reason, &reporter.relayer);
		let remaining = T::MaxRecentSevere::get().saturating_sub(1);
		assert_eq!(held, T::AttestationDeposit::get().saturating_mul(remaining.into()));
		Ok(())
	}

	/// One aggregate entry of a day past the retention is removed.
	#[benchmark]
	fn prune_aggregate_entry() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let day = Pallet::<T>::aggregate_horizon(NOW_MS).saturating_sub(1);
		AlertsByJurisdiction::<T>::insert(day, Jurisdiction::Eu, AlertTally::default());
		OldestAggregateDay::<T>::put(day);
		let mut meter = WeightMeter::new();

		#[block]
		{
			Pallet::<T>::prune_aggregates(&mut meter);
		}

		assert_eq!(AlertsByJurisdiction::<T>::iter_prefix(day).count(), 0);
		Ok(())
	}

	/// A deregistered device's period cursor goes.
	#[benchmark]
	fn on_device_removed() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let reporter = Reporter::<T>::new()?;
		reporter.attest(0)?;

		#[block]
		{
			<Pallet<T> as msec_primitives::OnDeviceRemoved>::on_device_removed(reporter.device);
		}

		assert!(!LastPeriodEnd::<T>::contains_key(reporter.device));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
