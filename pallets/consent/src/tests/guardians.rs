use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::DispatchError;

use crate::{mock::*, Consents, Error, Event, Guardians, HoldReason};

fn guardian_of(ward: u64) -> Option<u64> {
	Guardians::<Test>::get(ward).map(|g| g.guardian)
}

fn guardian_deposit(ward: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Consent(HoldReason::GuardianDeposit), &ward)
}

#[test]
fn the_ward_or_the_guardian_origin_appoints_a_guardian() {
	build_and_execute(|| {
		assert_ok!(Consent::set_guardian(RuntimeOrigin::signed(SUBJECT), SUBJECT, Some(GUARDIAN)));
		assert_eq!(guardian_of(SUBJECT), Some(GUARDIAN));
		assert_eq!(guardian_deposit(SUBJECT), GUARDIAN_DEPOSIT, "the ward pays for its choice");
		assert_eq!(last_event(), Event::GuardianSet { ward: SUBJECT, guardian: Some(GUARDIAN) });

		assert_ok!(Consent::set_guardian(RuntimeOrigin::signed(SOCIAL_SERVICES), SUBJECT, None));
		assert_eq!(guardian_of(SUBJECT), None);
		assert_eq!(guardian_deposit(SUBJECT), 0, "and gets it back when it goes");
	});
}

/// The review's L12: a council-appointed guardian could be removed with the ward's key.
#[test]
fn the_ward_cannot_undo_an_appointed_guardian() {
	build_and_execute(|| {
		assert_ok!(Consent::set_guardian(
			RuntimeOrigin::signed(SOCIAL_SERVICES),
			SUBJECT,
			Some(GUARDIAN)
		));
		assert_eq!(guardian_deposit(SUBJECT), 0);
		for replacement in [None, Some(STRANGER)] {
			assert_noop!(
				Consent::set_guardian(RuntimeOrigin::signed(SUBJECT), SUBJECT, replacement),
				Error::<Test>::GuardianAppointed
			);
		}
		// Nor grant consent with the ward's own key, which the appointment is about.
		assert_noop!(grant_as(SUBJECT, terms(None)), Error::<Test>::GuardianAppointed);
		assert_ok!(Consent::set_guardian(
			RuntimeOrigin::signed(SOCIAL_SERVICES),
			SUBJECT,
			Some(STRANGER)
		));
		assert_eq!(guardian_of(SUBJECT), Some(STRANGER));
	});
}

/// An appointment over a ward's own choice releases the ward's deposit.
#[test]
fn an_appointment_replaces_the_wards_choice_and_its_deposit() {
	build_and_execute(|| {
		assert_ok!(Consent::set_guardian(RuntimeOrigin::signed(SUBJECT), SUBJECT, Some(GUARDIAN)));
		assert_ok!(Consent::set_guardian(
			RuntimeOrigin::signed(SOCIAL_SERVICES),
			SUBJECT,
			Some(STRANGER)
		));
		assert_eq!(guardian_deposit(SUBJECT), 0);
		assert!(Guardians::<Test>::get(SUBJECT).unwrap().appointed);
	});
}

#[test]
fn a_replaced_guardian_no_longer_grants_but_may_end_what_it_granted() {
	build_and_execute(|| {
		assert_ok!(Consent::set_guardian(
			RuntimeOrigin::signed(SOCIAL_SERVICES),
			POOR,
			Some(GUARDIAN)
		));
		assert_ok!(grant_for(GUARDIAN, POOR, terms(None)));
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(Consent::set_guardian(
			RuntimeOrigin::signed(SOCIAL_SERVICES),
			POOR,
			Some(STRANGER)
		));
		assert_noop!(grant_for(GUARDIAN, POOR, terms(None)), Error::<Test>::NotGuardian);
		// Its own record, whose deposit it holds, it may end (never another's).
		assert_noop!(
			Consent::withdraw(RuntimeOrigin::signed(GUARDIAN), 1),
			Error::<Test>::NotSubjectOrGuardian
		);
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(GUARDIAN), 0));
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
		// A ward who cannot hold the deposit cannot choose.
		assert_noop!(
			Consent::set_guardian(RuntimeOrigin::signed(POOR), POOR, Some(GUARDIAN)),
			sp_runtime::TokenError::FundsUnavailable
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

/// A guardian is held to the same rules as the subject: `grant`'s checks run on its grants.
#[test]
fn a_guardian_cannot_grant_what_the_subject_could_not() {
	build_and_execute(|| {
		assert_ok!(Consent::set_guardian(RuntimeOrigin::signed(SUBJECT), SUBJECT, Some(GUARDIAN)));
		let mut unsorted = terms(None);
		unsorted.purposes = frame_support::BoundedVec::truncate_from(vec![
			msec_primitives::Purpose::PublicBenefit,
			msec_primitives::Purpose::AcademicResearch,
		]);
		assert_noop!(grant_for(GUARDIAN, SUBJECT, unsorted), Error::<Test>::PurposesUnsorted);
		let mut health = terms(None);
		health.purposes = frame_support::BoundedVec::truncate_from(vec![
			msec_primitives::Purpose::HealthMonitoring,
		]);
		assert_noop!(grant_for(GUARDIAN, SUBJECT, health), Error::<Test>::ExplicitConsentRequired);
		assert_noop!(
			grant_for(GUARDIAN, SUBJECT, terms(Some(START))),
			Error::<Test>::AlreadyExpired
		);
		for _ in 0..MAX_CONSENTS {
			assert_ok!(grant_for(GUARDIAN, SUBJECT, terms(None)));
		}
		assert_noop!(grant_for(GUARDIAN, SUBJECT, terms(None)), Error::<Test>::TooManyConsents);
	});
}

#[test]
fn a_guardian_without_funds_for_the_deposit_is_refused() {
	build_and_execute(|| {
		assert_ok!(Consent::set_guardian(RuntimeOrigin::signed(SUBJECT), SUBJECT, Some(POOR)));
		assert_noop!(
			grant_for(POOR, SUBJECT, terms(None)),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}
