//! Aggregates for the security visualization: alert counts per day, jurisdiction and rule,
//! kept for [`Config::AggregateRetentionDays`].

use frame_support::{traits::Get, weights::WeightMeter};
use msec_primitives::Jurisdiction;

use crate::{types::day_of, *};

impl<T: Config> Pallet<T> {
	/// The first day whose aggregates are kept, `now_ms` being the chain's clock.
	pub(crate) fn aggregate_horizon(now_ms: u64) -> Day {
		day_of(now_ms).saturating_sub(T::AggregateRetentionDays::get())
	}

	/// Counts `report` on the day its period ended, under the owner's `jurisdiction` (none when
	/// the owner is not a participant, which the registry does not allow for a device's owner).
	pub(crate) fn record_aggregates(report: &ReportOf<T>, jurisdiction: Option<Jurisdiction>) {
		let day = day_of(report.period_end);
		if let Some(jurisdiction) = jurisdiction {
			AlertsByJurisdiction::<T>::mutate(day, jurisdiction, |tally| {
				tally.record(report.alert_count, report.max_severity)
			});
		}
		for rule in &report.rule_ids {
			RuleHits::<T>::mutate(day, rule, |hits| *hits = hits.saturating_add(1));
		}
		// Written only when it moves back: most reports end on the newest day.
		if OldestAggregateDay::<T>::get().is_none_or(|oldest| day < oldest) {
			OldestAggregateDay::<T>::put(day);
		}
	}

	/// Removes aggregates of days before the horizon, one entry per step, while `meter` allows.
	pub(crate) fn prune_aggregates(meter: &mut WeightMeter) {
		let base = T::DbWeight::get().reads_writes(1, 1);
		if meter.try_consume(base).is_err() {
			return;
		}
		let Some(first) = OldestAggregateDay::<T>::get() else { return };
		let mut day = first;
		let horizon = Self::aggregate_horizon(Self::now_ms());
		let step = T::WeightInfo::prune_aggregate_entry();
		while day < horizon && meter.try_consume(step).is_ok() {
			let removed = AlertsByJurisdiction::<T>::drain_prefix(day).next().is_some()
				|| RuleHits::<T>::drain_prefix(day).next().is_some();
			if !removed {
				day = day.saturating_add(1);
			}
		}
		if day != first {
			OldestAggregateDay::<T>::put(day);
		}
	}
}
