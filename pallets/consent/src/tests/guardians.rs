use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::DispatchError;

use crate::{mock::*, Consents, Error, Event, Guardians, HoldReason};

#[test]
fn the_ward_or_the_guardian_origin_appoints_a_guardian() {
	build_and_execute(|| {
		assert_ok!(Consent::set_guardian(RuntimeOrigin::signed(SUBJECT), SUBJECT, Some(GUARDIAN)));
		assert_eq!(Guardians::<Test>::get(SUBJECT), Some(GUARDIAN));
		assert_eq!(last_event(), Event::GuardianSet { ward: SUBJECT, guardian: Some(GUARDIAN) });

		assert_ok!(Consent::set_guardian(RuntimeOrigin::signed(SOCIAL_SERVICES), SUBJECT, None));
		assert_eq!(Guardians::<Test>::get(SUBJECT), None);
	});
}

#[test]
fn nobody_else_appoints_and_nobody_guards_themselves() {
	build_and_execute(|| {
		assert_noop!(
			Consent::set_guardian(RuntimeOrigin::signed(STRANGER), SUBJECT, Some(STRANGER)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consent::set_guardian(RuntimeOrigin::signed(SUBJECT), SUBJECT, Some(SUBJECT)),
			Error::<Test>::SelfGuardian
		);
	});
}

#[test]
fn a_guardian_grants_on_behalf_and_holds_the_deposit() {
	build_and_execute(|| {
		assert_ok!(Consent::set_guardian(
			RuntimeOrigin::signed(SOCIAL_SERVICES),
			POOR,
			Some(GUARDIAN)
		));
		assert_ok!(grant_for(GUARDIAN, POOR, terms(None)));
		let record = Consents::<Test>::get(0).unwrap();
		assert_eq!((record.subject, record.granted_by), (POOR, GUARDIAN));
		let reason = RuntimeHoldReason::Consent(HoldReason::ConsentDeposit);
		assert_eq!(Balances::balance_on_hold(&reason, &GUARDIAN), DEPOSIT);
	});
}

#[test]
fn only_the_guardian_grants_on_behalf() {
	build_and_execute(|| {
		assert_noop!(grant_for(STRANGER, SUBJECT, terms(None)), Error::<Test>::NotGuardian);
	});
}
