#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
// A panic in the runtime halts block production.
#![cfg_attr(
	not(test),
	warn(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects
	)
)]

extern crate alloc;

mod aggregates;
mod attest;
pub mod confidence;
mod corroborate;
mod devices;
mod expiry;
mod invariants;
mod quarantine;
mod queries;
mod rulesets;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::{
	AlertReport, AlertTally, AttestationId, Day, RuleId, Ruleset, RulesetVersion, Severity,
};
pub use weights::WeightInfo;

// FRAME's pallet macros expand to `expect` calls (storage and error metadata); the pallet's own
// logic lives in the feature files, where the crate-level lint still applies.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, MutateHold},
			UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use msec_primitives::{DeviceId, DeviceKey, DeviceSignature, Jurisdiction, RegistryInspect};
	use sp_core::H256;

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// A report of this runtime.
	pub type ReportOf<T> = AlertReport<<T as Config>::MaxRuleIds>;

	/// A stored attestation.
	#[derive(
		CloneNoBound,
		PartialEqNoBound,
		EqNoBound,
		Encode,
		Decode,
		TypeInfo,
		MaxEncodedLen,
		DebugNoBound,
	)]
	#[scale_info(skip_type_params(T))]
	#[codec(mel_bound())]
	pub struct Attestation<T: Config> {
		/// What the device reported.
		pub report: ReportOf<T>,
		/// Who relayed it and holds its deposit.
		pub submitter: T::AccountId,
		/// When it was recorded.
		pub submitted_at: BlockNumberFor<T>,
		/// Held from the submitter.
		pub deposit: BalanceOf<T>,
		/// Gateways of other owners that confirmed seeing the same alerts.
		pub corroborations: BoundedVec<DeviceId, T::MaxCorroborations>,
		/// Whether security disputed it; a disputed attestation counts for nothing.
		pub disputed: bool,
	}

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the IDS pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Holds attestation deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which [`HoldReason`] is part.
		type RuntimeHoldReason: From<HoldReason>;

		/// Devices and their keys.
		type Registry: RegistryInspect<Self::AccountId, DeviceKey = DeviceKey>;

		/// Publishes and retires rule sets (the council in the runtime).
		type SecurityOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The chain's clock, to refuse reports of periods that have not ended.
		type Time: UnixTime;

		/// Most rule ids one report may name.
		#[pallet::constant]
		type MaxRuleIds: Get<u32>;

		/// Most corroborations one attestation keeps.
		#[pallet::constant]
		type MaxCorroborations: Get<u32>;

		/// Held from the submitter of an attestation until it expires.
		#[pallet::constant]
		type AttestationDeposit: Get<BalanceOf<Self>>;

		/// How many severe (high or critical), undisputed attestations of one device, each
		/// corroborated by [`Config::MinCorroborations`] gateways and each for a period that
		/// ended within [`Config::QuarantineWindow`], quarantine it.
		#[pallet::constant]
		type QuarantineThreshold: Get<u32>;

		/// Independent gateways that must corroborate an attestation before it counts towards
		/// quarantine (at least 1); also the number at which its confidence is full.
		#[pallet::constant]
		type MinCorroborations: Get<u32>;

		/// How far back, in milliseconds, severe attestations count towards quarantine.
		#[pallet::constant]
		type QuarantineWindow: Get<u64>;

		/// How many of a device's latest severe attestations are kept for the quarantine check;
		/// at least [`Config::QuarantineThreshold`].
		#[pallet::constant]
		type MaxRecentSevere: Get<u32>;

		/// Milliseconds after which an attestation's confidence has halved.
		#[pallet::constant]
		type ConfidenceHalfLife: Get<u64>;

		/// Blocks an attestation is kept; then it is removed and its deposit released.
		#[pallet::constant]
		type AttestationRetention: Get<BlockNumberFor<Self>>;

		/// Days the aggregates are kept; reports of periods older than this are refused.
		#[pallet::constant]
		type AggregateRetentionDays: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Sets up registry devices and the clock for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Why funds are held.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a stored attestation.
		#[codec(index = 0)]
		AttestationDeposit,
	}

	/// Published rule sets.
	#[pallet::storage]
	pub type Rulesets<T: Config> =
		StorageMap<_, Twox64Concat, RulesetVersion, Ruleset<BlockNumberFor<T>>>;

	/// The newest published version; 0 before the first.
	#[pallet::storage]
	pub type LatestRuleset<T: Config> = StorageValue<_, RulesetVersion, ValueQuery>;

	/// Where each device's last attested period ended (Unix ms): the next must not start before.
	#[pallet::storage]
	pub type LastPeriodEnd<T: Config> = StorageMap<_, Twox64Concat, DeviceId, u64>;

	/// Stored attestations.
	#[pallet::storage]
	pub type Attestations<T: Config> = StorageMap<_, Twox64Concat, AttestationId, Attestation<T>>;

	/// The id the next attestation gets.
	#[pallet::storage]
	pub type NextAttestationId<T: Config> = StorageValue<_, AttestationId, ValueQuery>;

	/// The oldest attestation not yet expired; every lower id has been removed.
	#[pallet::storage]
	pub type OldestAttestation<T: Config> = StorageValue<_, AttestationId, ValueQuery>;

	/// Each device's retained attestations, for [`runtime_api::IdsApi::device_attestations`].
	#[pallet::storage]
	pub type DeviceAttestations<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DeviceId, Twox64Concat, AttestationId, ()>;

	/// Each device's latest severe attestations, oldest first: what the quarantine check reads.
	#[pallet::storage]
	pub type RecentSevere<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, BoundedVec<AttestationId, T::MaxRecentSevere>>;

	/// Alert counts per day (of the period's end) and jurisdiction of the device's owner.
	#[pallet::storage]
	pub type AlertsByJurisdiction<T: Config> =
		StorageDoubleMap<_, Twox64Concat, Day, Twox64Concat, Jurisdiction, AlertTally, ValueQuery>;

	/// Per day and rule, the number of attestations in which the rule fired.
	#[pallet::storage]
	pub type RuleHits<T: Config> =
		StorageDoubleMap<_, Twox64Concat, Day, Twox64Concat, RuleId, u32, ValueQuery>;

	/// The oldest day that may still have aggregates; none before the first attestation.
	#[pallet::storage]
	pub type OldestAggregateDay<T: Config> = StorageValue<_, Day>;

	/// Rule sets published at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(version, rules_hash, rule_count)`, versions increasing.
		pub rulesets: Vec<(RulesetVersion, H256, u32)>,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (version, rules_hash, rule_count) in &self.rulesets {
				if let Err(error) =
					Pallet::<T>::do_publish_ruleset(*version, *rules_hash, *rule_count)
				{
					panic!("genesis rule set {version}: {error:?}");
				}
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Expires attestations past their retention and prunes old aggregates, in the block's
		/// spare weight.
		fn on_idle(now: BlockNumberFor<T>, remaining_weight: Weight) -> Weight {
			let mut meter = frame_support::weights::WeightMeter::with_limit(remaining_weight);
			Self::expire_attestations(now, &mut meter);
			Self::prune_aggregates(&mut meter);
			meter.consumed()
		}

		fn integrity_test() {
			assert!(
				T::MinCorroborations::get() > 0,
				"MinCorroborations must be at least 1: no device is quarantined on its own word"
			);
			assert!(
				T::MinCorroborations::get() <= T::MaxCorroborations::get(),
				"MinCorroborations must not exceed MaxCorroborations"
			);
			let threshold = T::QuarantineThreshold::get();
			assert!(
				threshold > 0 && threshold <= T::MaxRecentSevere::get(),
				"QuarantineThreshold must be at least 1 and at most MaxRecentSevere"
			);
			assert!(T::ConfidenceHalfLife::get() > 0, "ConfidenceHalfLife must not be zero");
			assert!(
				T::AggregateRetentionDays::get() > 0,
				"AggregateRetentionDays must not be zero"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	/// What happened.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Security published a rule set.
		RulesetPublished {
			/// Its version.
			version: RulesetVersion,
			/// Hash of its rule file.
			rules_hash: H256,
			/// How many rules it holds.
			rule_count: u32,
		},
		/// Security retired a rule set.
		RulesetRetired {
			/// Its version.
			version: RulesetVersion,
		},
		/// A gateway of another owner confirmed an attestation.
		Corroborated {
			/// The attestation.
			attestation: AttestationId,
			/// The confirming gateway.
			gateway: DeviceId,
		},
		/// Security disputed an attestation.
		AttestationDisputed {
			/// The attestation.
			attestation: AttestationId,
			/// Hash of the reasons.
			reason: H256,
		},
		/// A device was quarantined on the evidence of its severe, corroborated attestations.
		DeviceQuarantined {
			/// The device.
			device: DeviceId,
			/// The attestations that counted.
			evidence: BoundedVec<AttestationId, T::MaxRecentSevere>,
			/// The hash of the evidence, passed to the registry as the reason.
			reason: H256,
		},
		/// An attestation passed its retention: removed, its deposit released.
		AttestationExpired {
			/// The attestation.
			attestation: AttestationId,
			/// Whose deposit was released.
			submitter: T::AccountId,
		},
		/// A device's signed report was recorded.
		AlertsAttested {
			/// The attestation's id.
			attestation: AttestationId,
			/// The reporting device.
			device: DeviceId,
			/// How many alerts it raised.
			alert_count: u32,
			/// The worst of them.
			max_severity: Severity,
		},
	}

	/// Why an IDS call was refused. Nothing changed when any of these is returned.
	#[pallet::error]
	pub enum Error<T> {
		/// A new rule set's version must be above every published one.
		VersionNotIncreasing,
		/// A rule set holds at least one rule.
		EmptyRuleset,
		/// No rule set with this version.
		UnknownRuleset,
		/// The rule set is retired.
		RulesetRetired,
		/// No device with this id.
		UnknownDevice,
		/// The device is revoked.
		DeviceRevoked,
		/// The device is quarantined.
		DeviceQuarantined,
		/// The signature is not the device key's over this report.
		BadSignature,
		/// The period ends before it starts.
		InvalidPeriod,
		/// The period has not ended yet.
		PeriodInFuture,
		/// The period ended before the aggregates' retention: too old to report.
		PeriodTooOld,
		/// The period starts before the device's last attested one ended (a replay or overlap).
		PeriodOverlaps,
		/// Rule ids must be sorted and unique.
		RuleIdsUnsorted,
		/// A rule id is not in the rule set.
		UnknownRule,
		/// Fewer alerts than rules that fired.
		InconsistentCounts,
		/// Attestation ids are exhausted.
		Overflow,
		/// No attestation with this id.
		UnknownAttestation,
		/// The attestation is disputed.
		Disputed,
		/// Only an active gateway of another owner than the reporting device's corroborates.
		NotIndependent,
		/// This gateway corroborated the attestation already.
		AlreadyCorroborated,
		/// The attestation has `MaxCorroborations` corroborations.
		TooManyCorroborations,
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Publishes rule set `version`.
		///
		/// ## Errors
		/// - `BadOrigin`: not the security origin.
		/// - [`Error::VersionNotIncreasing`], [`Error::EmptyRuleset`].
		#[pallet::call_index(0)]
		pub fn publish_ruleset(
			origin: OriginFor<T>,
			version: RulesetVersion,
			rules_hash: H256,
			rule_count: u32,
		) -> DispatchResult {
			T::SecurityOrigin::ensure_origin(origin)?;
			Self::do_publish_ruleset(version, rules_hash, rule_count)
		}

		/// Retires rule set `version`: reports against it are refused from now on.
		///
		/// ## Errors
		/// - `BadOrigin`: not the security origin.
		/// - [`Error::UnknownRuleset`], [`Error::RulesetRetired`].
		#[pallet::call_index(1)]
		pub fn retire_ruleset(origin: OriginFor<T>, version: RulesetVersion) -> DispatchResult {
			T::SecurityOrigin::ensure_origin(origin)?;
			Self::do_retire_ruleset(version)
		}

		/// Records `report`, signed by its device's key over
		/// [`AlertReport::signing_payload`]. Any account may submit it (a gateway relays for
		/// its sensors) and holds [`Config::AttestationDeposit`].
		///
		/// ## Errors
		/// - [`Error::InvalidPeriod`], [`Error::PeriodInFuture`], [`Error::RuleIdsUnsorted`],
		///   [`Error::InconsistentCounts`]: the report is malformed.
		/// - [`Error::UnknownDevice`], [`Error::DeviceRevoked`], [`Error::DeviceQuarantined`].
		/// - [`Error::BadSignature`].
		/// - [`Error::UnknownRuleset`], [`Error::RulesetRetired`], [`Error::UnknownRule`].
		/// - [`Error::PeriodOverlaps`]: a replay, or a period overlapping the last one.
		/// - [`Error::Overflow`]; a funds error when the deposit cannot be held.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::attest_alerts(report.rule_count()))]
		pub fn attest_alerts(
			origin: OriginFor<T>,
			report: ReportOf<T>,
			signature: DeviceSignature,
		) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			Self::do_attest_alerts(submitter, report, signature).map(|_| ())
		}

		/// Gateway `gateway`, of another owner than the reporting device's, confirms that it
		/// saw the alerts of `attestation`: its key signs
		/// [`types::corroboration_payload`]. Any account may submit it.
		///
		/// ## Errors
		/// - [`Error::UnknownAttestation`], [`Error::Disputed`].
		/// - [`Error::UnknownDevice`], [`Error::NotIndependent`]: not an active gateway of another
		///   owner.
		/// - [`Error::BadSignature`], [`Error::AlreadyCorroborated`],
		///   [`Error::TooManyCorroborations`].
		#[pallet::call_index(3)]
		pub fn corroborate(
			origin: OriginFor<T>,
			attestation: AttestationId,
			gateway: DeviceId,
			signature: DeviceSignature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_corroborate(attestation, gateway, signature)
		}

		/// Security disputes `attestation`; `reason` is the hash of the reasons. It no longer
		/// counts towards quarantine.
		///
		/// ## Errors
		/// - `BadOrigin`: not the security origin.
		/// - [`Error::UnknownAttestation`], [`Error::Disputed`]: disputed already.
		#[pallet::call_index(4)]
		pub fn dispute(
			origin: OriginFor<T>,
			attestation: AttestationId,
			reason: H256,
		) -> DispatchResult {
			T::SecurityOrigin::ensure_origin(origin)?;
			Self::do_dispute(attestation, reason)
		}
	}
}
