//! Alert attestations: a device's signed report of one period, relayed by any account.

use frame_support::{
	ensure,
	traits::{fungible::MutateHold, Get, UnixTime},
};
use frame_system::pallet_prelude::BlockNumberFor;
use msec_primitives::{DeviceSignature, DeviceStatus, RegistryInspect};
use sp_runtime::{traits::Zero, DispatchError};

use crate::{types::day_of, *};

impl<T: Config> Pallet<T> {
	/// The checks that need no storage: the report is well formed.
	fn ensure_well_formed(report: &ReportOf<T>) -> Result<(), DispatchError> {
		ensure!(report.period_start < report.period_end, Error::<T>::InvalidPeriod);
		let now = Self::now_ms();
		ensure!(report.period_end <= now, Error::<T>::PeriodInFuture);
		ensure!(
			day_of(report.period_end) >= Self::aggregate_horizon(now),
			Error::<T>::PeriodTooOld
		);
		ensure!(report.rule_ids_sorted_and_unique(), Error::<T>::RuleIdsUnsorted);
		let rules_fired = u32::try_from(report.rule_ids.len()).unwrap_or(u32::MAX);
		ensure!(report.alert_count >= rules_fired, Error::<T>::InconsistentCounts);
		Ok(())
	}

	/// The chain's clock in Unix milliseconds.
	pub(crate) fn now_ms() -> u64 {
		u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX)
	}

	pub(crate) fn do_attest_alerts(
		submitter: T::AccountId,
		report: ReportOf<T>,
		signature: DeviceSignature,
	) -> Result<AttestationId, DispatchError> {
		Self::ensure_well_formed(&report)?;

		let device = T::Registry::device(report.device).ok_or(Error::<T>::UnknownDevice)?;
		match device.status {
			DeviceStatus::Active => {},
			DeviceStatus::Quarantined => return Err(Error::<T>::DeviceQuarantined.into()),
			DeviceStatus::Revoked => return Err(Error::<T>::DeviceRevoked.into()),
		}
		let genesis_hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let payload = report.signing_payload(genesis_hash.as_ref());
		ensure!(device.key.verify(&payload, &signature), Error::<T>::BadSignature);

		let ruleset = Rulesets::<T>::get(report.ruleset).ok_or(Error::<T>::UnknownRuleset)?;
		ensure!(!ruleset.retired, Error::<T>::RulesetRetired);
		ensure!(
			report.rule_ids.iter().all(|rule| *rule < ruleset.rule_count),
			Error::<T>::UnknownRule
		);
		let last_end = LastPeriodEnd::<T>::get(report.device).unwrap_or_default();
		ensure!(report.period_start >= last_end, Error::<T>::PeriodOverlaps);

		let id = NextAttestationId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = T::AttestationDeposit::get();
		T::Currency::hold(&HoldReason::AttestationDeposit.into(), &submitter, deposit)?;

		let event = Event::AlertsAttested {
			attestation: id,
			device: report.device,
			alert_count: report.alert_count,
			max_severity: report.max_severity,
		};
		let device_id = report.device;
		let severe = report.max_severity.is_severe();
		Self::record_aggregates(&report, T::Registry::participant(&device.owner).map(|(j, _)| j));
		LastPeriodEnd::<T>::insert(device_id, report.period_end);
		DeviceAttestations::<T>::insert(device_id, id, ());
		let submitted_at = frame_system::Pallet::<T>::block_number();
		let attestation = Attestation {
			report,
			submitter,
			submitted_at,
			deposit,
			corroborations: Default::default(),
			disputed: false,
		};
		Attestations::<T>::insert(id, attestation);
		NextAttestationId::<T>::put(next);
		Self::deposit_event(event);
		if severe {
			// It counts towards quarantine once corroborated: `corroborate` checks then.
			Self::note_severe(device_id, id);
		}
		Ok(id)
	}
}
