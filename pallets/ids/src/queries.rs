//! What [`crate::runtime_api::IdsApi`] answers.

use alloc::vec::Vec;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use msec_primitives::DeviceId;

use crate::{
	confidence::confidence,
	runtime_api::{AttestationSummary, DaySummary, SummaryRangeError, MAX_SUMMARY_DAYS},
	types::day_of,
	*,
};

impl<T: Config> Pallet<T> {
	/// The aggregates of each day from Unix ms `from` to `to` (inclusive) that has any.
	pub fn summaries(from: u64, to: u64) -> Result<Vec<DaySummary>, SummaryRangeError> {
		if to < from {
			return Err(SummaryRangeError::Inverted);
		}
		let (first, last) = (day_of(from), day_of(to));
		if last.saturating_sub(first) >= MAX_SUMMARY_DAYS {
			return Err(SummaryRangeError::TooLong);
		}
		Ok((first..=last)
			.filter_map(|day| {
				let mut by_jurisdiction: Vec<_> =
					AlertsByJurisdiction::<T>::iter_prefix(day).collect();
				let mut by_rule: Vec<_> = RuleHits::<T>::iter_prefix(day).collect();
				if by_jurisdiction.is_empty() && by_rule.is_empty() {
					return None;
				}
				by_jurisdiction.sort_by_key(|(jurisdiction, _)| *jurisdiction);
				by_rule.sort_unstable_by_key(|(rule, _)| *rule);
				Some(DaySummary { day, by_jurisdiction, by_rule })
			})
			.collect())
	}

	/// The retained attestations of `device`, oldest first, with their confidence now.
	pub fn device_attestations(
		device: DeviceId,
	) -> Vec<AttestationSummary<T::AccountId, BlockNumberFor<T>>> {
		let now = Self::now_ms();
		let mut ids: Vec<AttestationId> =
			DeviceAttestations::<T>::iter_key_prefix(device).collect();
		ids.sort_unstable();
		ids.into_iter()
			.filter_map(|id| Attestations::<T>::get(id).map(|a| (id, a)))
			.map(|(id, attestation)| {
				let report = attestation.report;
				let corroborations =
					u32::try_from(attestation.corroborations.len()).unwrap_or(u32::MAX);
				AttestationSummary {
					id,
					device: report.device,
					ruleset: report.ruleset,
					period_start: report.period_start,
					period_end: report.period_end,
					alert_count: report.alert_count,
					max_severity: report.max_severity,
					rule_ids: report.rule_ids.into_inner(),
					alerts_root: report.alerts_root,
					submitter: attestation.submitter,
					submitted_at: attestation.submitted_at,
					corroborations: attestation.corroborations.into_inner(),
					disputed: attestation.disputed,
					confidence: confidence(
						attestation.disputed,
						corroborations,
						T::MinCorroborations::get(),
						now.saturating_sub(report.period_end),
						T::ConfidenceHalfLife::get(),
					),
				}
			})
			.collect()
	}
}
