use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event, SetChanged, Validators};

#[test]
fn remove_validator_shrinks_the_set_and_emits_event() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));

		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 3]);
		assert!(SetChanged::<Test>::get());
		System::assert_last_event(Event::ValidatorRemoved { validator: 2 }.into());
	});
}

#[test]
fn remove_validator_fails_for_a_signed_origin() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_validator_fails_for_an_unknown_account() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 4),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn remove_validator_fails_below_the_minimum() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFew
		);
	});
}

/// The review's M8: `MinValidators` counted accounts, so keyless validators let the real
/// authority set fall below it.
#[test]
fn removal_counts_only_validators_with_session_keys() {
	build_and_execute(|| {
		purge_keys(3);
		// 1, 2 and a keyless 3: removing 2 would leave one validator that can author.
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFew
		);
		// Removing the keyless one leaves two that can.
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
	});
}
