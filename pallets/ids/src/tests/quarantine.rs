use frame_support::{assert_ok, BoundedVec};
use msec_primitives::DeviceStatus;
use sp_core::H256;

use crate::{mock::*, Event, RecentSevere, Severity};

/// Attests device ACTIVE's severe report for the period [n·1000, (n+1)·1000); its id.
fn severe_report(n: u64) -> crate::AttestationId {
	let id = crate::NextAttestationId::<Test>::get();
	assert_ok!(attest(&report(ACTIVE, n * 1_000, (n + 1) * 1_000)));
	id
}

fn quarantine_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Ids(event @ Event::DeviceQuarantined { .. }) => Some(event),
			_ => None,
		})
		.collect()
}

#[test]
fn corroborated_severe_attestations_at_the_threshold_quarantine_the_device() {
	build_and_execute(|| {
		set_now(50_000);
		let (first, second) = (severe_report(0), severe_report(1));
		assert_ok!(corroborate(first, OTHER_GATEWAY));
		assert_eq!(status(ACTIVE), DeviceStatus::Active, "one of two is not enough");
		assert_ok!(corroborate(second, SECOND_OTHER_GATEWAY));

		assert_eq!(status(ACTIVE), DeviceStatus::Quarantined);
		let [Event::DeviceQuarantined { device, evidence, reason }] = &quarantine_events()[..]
		else {
			panic!("one DeviceQuarantined event expected");
		};
		assert_eq!((*device, evidence.to_vec()), (ACTIVE, vec![first, second]));
		assert_ne!(*reason, H256::zero());
		assert_eq!(RecentSevere::<Test>::get(ACTIVE), None, "the evidence is spent");
	});
}

#[test]
fn uncorroborated_disputed_or_mild_attestations_do_not_count() {
	build_and_execute(|| {
		set_now(50_000);
		let uncorroborated = severe_report(0);
		let disputed = severe_report(1);
		assert_ok!(Ids::dispute(RuntimeOrigin::signed(SECURITY), disputed, H256::zero()));
		let mut mild = report(ACTIVE, 2_000, 3_000);
		mild.max_severity = Severity::Medium;
		assert_ok!(attest(&mild));
		assert_ok!(corroborate(2, OTHER_GATEWAY));
		let counted = severe_report(3);
		assert_ok!(corroborate(counted, OTHER_GATEWAY));

		assert_eq!(status(ACTIVE), DeviceStatus::Active);
		assert!(quarantine_events().is_empty());
		assert_eq!(
			RecentSevere::<Test>::get(ACTIVE).unwrap().to_vec(),
			vec![uncorroborated, disputed, counted],
			"the mild report is not kept as evidence"
		);
	});
}

#[test]
fn attestations_older_than_the_window_do_not_count() {
	build_and_execute(|| {
		let old = severe_report(0);
		assert_ok!(corroborate(old, OTHER_GATEWAY));
		set_now(1_000 + QUARANTINE_WINDOW + 5_000);
		let recent = severe_report(5);
		assert_ok!(corroborate(recent, OTHER_GATEWAY));

		assert_eq!(status(ACTIVE), DeviceStatus::Active);
		assert!(quarantine_events().is_empty());
	});
}

#[test]
fn a_device_quarantined_meanwhile_is_left_as_it_is() {
	build_and_execute(|| {
		set_now(50_000);
		let (first, second) = (severe_report(0), severe_report(1));
		assert_ok!(corroborate(first, OTHER_GATEWAY));
		set_status(ACTIVE, DeviceStatus::Revoked);
		assert_ok!(corroborate(second, OTHER_GATEWAY));

		assert_eq!(status(ACTIVE), DeviceStatus::Revoked);
		assert!(quarantine_events().is_empty());
	});
}

#[test]
fn only_the_latest_severe_attestations_are_kept() {
	build_and_execute(|| {
		set_now(50_000);
		for n in 0..4 {
			severe_report(n);
		}
		assert_eq!(
			RecentSevere::<Test>::get(ACTIVE),
			Some(BoundedVec::truncate_from(vec![1, 2, 3])),
			"MaxRecentSevere is 3: the oldest is dropped"
		);
	});
}

#[test]
fn one_corroboration_does_not_count_where_two_are_required() {
	build_and_execute(|| {
		MinCorroborations::set(2);
		set_now(50_000);
		let (first, second) = (severe_report(0), severe_report(1));
		assert_ok!(corroborate(first, OTHER_GATEWAY));
		assert_ok!(corroborate(second, OTHER_GATEWAY));
		assert_eq!(status(ACTIVE), DeviceStatus::Active, "each has one corroboration of two");
		assert!(quarantine_events().is_empty());

		assert_ok!(corroborate(first, SECOND_OTHER_GATEWAY));
		assert_eq!(status(ACTIVE), DeviceStatus::Active, "one attestation counts, two must");
		assert_ok!(corroborate(second, SECOND_OTHER_GATEWAY));
		assert_eq!(status(ACTIVE), DeviceStatus::Quarantined);
	});
}
