use frame_support::{
	assert_noop, assert_ok,
	traits::{Get, Hooks},
	weights::{RuntimeDbWeight, Weight, WeightMeter},
};
use msec_primitives::Jurisdiction;

use crate::{
	mock::*, runtime_api::SummaryRangeError, types::MS_PER_DAY, weights::WeightInfo, AlertTally,
	AlertsByJurisdiction, Error, OldestAggregateDay, RuleHits, Severity,
};

/// A report of `device` for the last second of day `day`, with `alerts` alerts of `severity`.
fn report_on(
	device: u64,
	day: u64,
	alerts: u32,
	severity: Severity,
) -> crate::AlertReport<frame_support::traits::ConstU32<MAX_RULE_IDS>> {
	let mut report = report(device, (day + 1) * MS_PER_DAY - 1_000, (day + 1) * MS_PER_DAY - 1);
	report.alert_count = alerts;
	report.max_severity = severity;
	report
}

#[test]
fn attestations_are_counted_per_day_jurisdiction_and_rule() {
	build_and_execute(|| {
		set_now(3 * MS_PER_DAY);
		assert_ok!(attest(&report_on(ACTIVE, 1, 5, Severity::High)));
		assert_ok!(attest(&report_on(OTHER_SENSOR, 1, 7, Severity::Low)));
		assert_ok!(attest(&report_on(ACTIVE, 2, 4, Severity::Critical)));

		let eu = AlertTally { attestations: 1, alerts: 5, high: 1, ..Default::default() };
		let japan = AlertTally { attestations: 1, alerts: 7, low: 1, ..Default::default() };
		assert_eq!(AlertsByJurisdiction::<Test>::get(1, Jurisdiction::Eu), eu);
		assert_eq!(AlertsByJurisdiction::<Test>::get(1, Jurisdiction::Japan), japan);
		assert_eq!(RuleHits::<Test>::get(1, 17), 2, "rule 17 fired in both reports of day 1");
		assert_eq!(RuleHits::<Test>::get(2, 17), 1);
		assert_eq!(OldestAggregateDay::<Test>::get(), Some(1));

		let summaries = Ids::summaries(MS_PER_DAY, 3 * MS_PER_DAY - 1).unwrap();
		assert_eq!(summaries.iter().map(|s| s.day).collect::<Vec<_>>(), vec![1, 2]);
		assert_eq!(
			summaries[0].by_jurisdiction,
			vec![(Jurisdiction::Eu, eu), (Jurisdiction::Japan, japan)]
		);
		assert_eq!(summaries[0].by_rule, vec![(3, 2), (17, 2), (42, 2)]);
		assert!(Ids::summaries(0, MS_PER_DAY - 1).unwrap().is_empty(), "day 0 has none");
	});
}

#[test]
fn summaries_refuse_inverted_and_overlong_ranges() {
	build_and_execute(|| {
		assert_eq!(Ids::summaries(2, 1), Err(SummaryRangeError::Inverted));
		assert_eq!(Ids::summaries(0, 366 * MS_PER_DAY), Err(SummaryRangeError::TooLong));
		assert!(Ids::summaries(0, 366 * MS_PER_DAY - 1).is_ok());
	});
}

#[test]
fn reports_older_than_the_aggregate_retention_are_refused() {
	build_and_execute(|| {
		set_now(5 * MS_PER_DAY);
		let horizon = 5 - u64::from(AGGREGATE_DAYS);
		let too_old = report_on(ACTIVE, horizon - 1, 3, Severity::Low);
		assert_noop!(attest(&too_old), Error::<Test>::PeriodTooOld);
		assert_ok!(attest(&report_on(ACTIVE, horizon, 3, Severity::Low)));
	});
}

#[test]
fn aggregates_before_the_horizon_are_pruned_when_idle() {
	build_and_execute(|| {
		set_now(2 * MS_PER_DAY);
		assert_ok!(attest(&report_on(ACTIVE, 0, 5, Severity::High)));
		assert_ok!(attest(&report_on(OTHER_SENSOR, 1, 5, Severity::High)));

		set_now(3 * MS_PER_DAY);
		Ids::on_idle(2, Weight::MAX);
		assert_eq!(AlertsByJurisdiction::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(RuleHits::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(RuleHits::<Test>::get(1, 3), 1, "day 1 is within the retention");
		assert_eq!(OldestAggregateDay::<Test>::get(), Some(1));
	});
}

#[test]
fn pruning_many_days_stops_where_the_meter_runs_out_and_resumes() {
	build_and_execute(|| {
		set_now(2 * MS_PER_DAY);
		assert_ok!(attest(&report_on(ACTIVE, 0, 5, Severity::High)));
		assert_ok!(attest(&report_on(OTHER_SENSOR, 1, 5, Severity::High)));
		let entries = || {
			(0..2)
				.map(|day| {
					AlertsByJurisdiction::<Test>::iter_prefix(day).count() +
						RuleHits::<Test>::iter_prefix(day).count()
				})
				.sum::<usize>()
		};
		assert_eq!(entries(), 8, "a jurisdiction and three rules on each of two days");

		set_now(4 * MS_PER_DAY);
		let base = <<Test as frame_system::Config>::DbWeight as Get<RuntimeDbWeight>>::get()
			.reads_writes(1, 1);
		let step = <Test as crate::Config>::WeightInfo::prune_aggregate_entry();
		Ids::prune_aggregates(&mut WeightMeter::with_limit(base));
		assert_eq!(entries(), 8, "no step paid for, nothing pruned");

		let mut rounds = 0;
		while OldestAggregateDay::<Test>::get() != Some(2) {
			let before = entries();
			let mut meter = WeightMeter::with_limit(base + step * 3);
			Ids::prune_aggregates(&mut meter);
			assert!(before - entries() <= 3, "at most one entry per step paid for");
			rounds += 1;
			assert!(rounds <= 4, "every round makes progress");
		}
		assert_eq!((entries(), rounds), (0, 4), "8 entries and 2 day changes in steps of 3");
	});
}
