use frame_support::{
	assert_ok,
	traits::{fungible::InspectHold, Hooks},
	weights::{constants::RocksDbWeight, Weight},
};

use crate::{mock::*, ConsentCount, Consents, Event, HoldReason, SubjectConsents, WeightInfo};

fn held() -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Consent(HoldReason::ConsentDeposit), &SUBJECT)
}

#[test]
fn ended_records_are_removed_after_the_retention_and_release_their_deposits() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(Some(START + 100))));
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(grant_as(SUBJECT, terms(None)));
		set_now(START + 100);
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 1));

		set_now(START + 100 + RETENTION - 1);
		Consent::on_idle(1, Weight::MAX);
		assert_eq!(Consents::<Test>::iter().count(), 3, "not yet");

		set_now(START + 100 + RETENTION);
		Consent::on_idle(2, Weight::MAX);
		assert_eq!(Consents::<Test>::get(0), None, "expired, retention over");
		assert_eq!(Consents::<Test>::get(1), None, "withdrawn, retention over");
		assert!(Consents::<Test>::get(2).is_some(), "in force");
		assert!(!SubjectConsents::<Test>::contains_key(SUBJECT, 0));
		assert_eq!((ConsentCount::<Test>::get(SUBJECT), held()), (1, DEPOSIT));
		assert_eq!(last_event(), Event::ConsentRemoved { consent: 1 });
	});
}

#[test]
fn clean_up_stops_at_the_weight_it_is_given_and_resumes() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 0));
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 1));
		set_now(START + RETENTION);
		let one = RocksDbWeight::get().reads_writes(2, 1)
			+ <Test as crate::Config>::WeightInfo::remove_consent();

		assert!(Consent::on_idle(1, one).all_lte(one));
		assert_eq!(Consents::<Test>::iter().count(), 1, "one removal fits");
		Consent::on_idle(2, one);
		assert_eq!((Consents::<Test>::iter().count(), ConsentCount::<Test>::get(SUBJECT)), (0, 0));
		// With no weight left it does nothing at all, not even read its cursor.
		let cursor = crate::CleanupCursor::<Test>::get();
		assert_eq!(Consent::on_idle(3, Weight::zero()), Weight::zero());
		assert_eq!(crate::CleanupCursor::<Test>::get(), cursor);
	});
}

#[test]
fn the_cursor_wraps_around_to_the_oldest_records() {
	build_and_execute(|| {
		for _ in 0..3 {
			assert_ok!(grant_as(SUBJECT, terms(None)));
		}
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 0));
		crate::CleanupCursor::<Test>::put(2);
		set_now(START + RETENTION);
		let two = RocksDbWeight::get().reads_writes(2, 1)
			+ <Test as crate::Config>::WeightInfo::remove_consent() * 2;
		Consent::on_idle(1, two);
		assert!(Consents::<Test>::get(0).is_none(), "reached after wrapping past the last id");
		assert_eq!(crate::CleanupCursor::<Test>::get(), 1);
		assert!(Consents::<Test>::get(2).is_some());
	});
}
