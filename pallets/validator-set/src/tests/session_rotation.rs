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
