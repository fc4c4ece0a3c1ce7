use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event, SetChanged, Validators};

#[test]
fn add_validator_extends_the_set_and_emits_event() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));

		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3, 4]);
		assert!(SetChanged::<Test>::get());
		System::assert_last_event(Event::ValidatorAdded { validator: 4 }.into());
	});
}

#[test]
fn add_validator_fails_for_a_signed_origin() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_validator_fails_for_an_existing_validator() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyExists
		);
	});
}

#[test]
fn add_validator_fails_when_the_set_is_full() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::root(), 5), Error::<Test>::TooMany);
	});
}

/// The review's M8: a candidate without session keys was added, and pallet_session silently
/// dropped it from the authorities.
#[test]
fn a_candidate_without_session_keys_is_not_added() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 42),
			Error::<Test>::NoSessionKeys
		);
	});
}
