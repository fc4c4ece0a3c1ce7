use frame_support::assert_ok;

use crate::{mock::*, Event, SetChanged};

fn queued_set_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ValidatorSet(event @ Event::SetQueued { .. }) => Some(event),
			_ => None,
		})
		.collect()
}

#[test]
fn genesis_validators_are_the_session_validators() {
	build_and_execute(|| {
		assert_eq!(Session::validators(), vec![1, 2, 3]);
	});
}

#[test]
fn added_validator_validates_from_the_session_after_next() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));

		run_to_session(1);
		assert_eq!(Session::validators(), vec![1, 2, 3]);
		assert!(!SetChanged::<Test>::get(), "the session pallet took the set");
		assert_eq!(queued_set_events(), vec![Event::SetQueued { session: 2, validators: 4 }]);

		run_to_session(2);
		assert_eq!(Session::validators(), vec![1, 2, 3, 4]);
	});
}

#[test]
fn removed_validator_stops_from_the_session_after_next() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));

		run_to_session(1);
		assert_eq!(Session::validators(), vec![1, 2, 3]);
		run_to_session(2);
		assert_eq!(Session::validators(), vec![2, 3]);
	});
}

#[test]
fn an_unchanged_set_is_not_handed_over_again() {
	build_and_execute(|| {
		run_to_session(3);
		assert!(queued_set_events().is_empty());
		assert_eq!(Session::validators(), vec![1, 2, 3]);
	});
}

/// The review's M8: the raw list went to pallet_session, which silently dropped keyless
/// validators, so the authorities could fall below the minimum or to none.
#[test]
fn validators_who_purged_their_keys_are_not_handed_over_below_the_minimum() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		purge_keys(2);
		purge_keys(3);
		purge_keys(4);
		run_to_session(1);
		// Only validator 1 has keys: the changed set is withheld, and tried again next time.
		assert!(SetChanged::<Test>::get());
		assert!(queued_set_events().is_empty());
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::ValidatorSet(Event::SetWithheld { session: 2, keyed: 1 })
		)));
	});
}

#[test]
fn only_validators_with_session_keys_are_handed_over() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		purge_keys(3);
		run_to_session(2);
		assert_eq!(Session::validators(), vec![1, 2, 4]);
	});
}
