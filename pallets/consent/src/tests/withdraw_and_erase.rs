use frame_support::{assert_noop, assert_ok};
use sp_core::H256;

use crate::{mock::*, ConsentStatus, Consents, Erasure, Error, Event};

#[test]
fn the_subject_or_guardian_withdraws_with_immediate_effect() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(Consent::set_guardian(RuntimeOrigin::signed(SUBJECT), SUBJECT, Some(GUARDIAN)));

		set_now(START + 5);
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 0));
		assert_eq!(Consents::<Test>::get(0).unwrap().status(START + 5), ConsentStatus::Withdrawn);
		assert_eq!(
			last_event(),
			Event::ConsentWithdrawn { consent: 0, subject: SUBJECT, by: SUBJECT }
		);

		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(GUARDIAN), 1));
		assert_eq!(Consents::<Test>::get(1).unwrap().withdrawn_at, Some(START + 5));
	});
}

#[test]
fn withdraw_fails_for_unknown_foreign_or_withdrawn_consents() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_noop!(
			Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 7),
			Error::<Test>::UnknownConsent
		);
		assert_noop!(
			Consent::withdraw(RuntimeOrigin::signed(CONTROLLER), 0),
			Error::<Test>::NotSubjectOrGuardian
		);
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 0));
		assert_noop!(
			Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 0),
			Error::<Test>::AlreadyWithdrawn
		);
	});
}

#[test]
fn the_controller_records_erasure_receipts() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 0));
		set_now(START + 9);
		let data = H256::repeat_byte(0xda);
		assert_ok!(Consent::record_erasure(RuntimeOrigin::signed(CONTROLLER), 0, data));
		assert_eq!(
			Consents::<Test>::get(0).unwrap().erasures.to_vec(),
			vec![Erasure { data_ref: data, at: START + 9 }]
		);
		assert_eq!(
			last_event(),
			Event::ErasureRecorded {
				consent: 0,
				subject: SUBJECT,
				controller: CONTROLLER,
				data_ref: data
			}
		);
	});
}

#[test]
fn record_erasure_fails_for_unknown_consents_others_and_full_receipts() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(None)));
		let data = H256::repeat_byte(0xda);
		assert_noop!(
			Consent::record_erasure(RuntimeOrigin::signed(CONTROLLER), 3, data),
			Error::<Test>::UnknownConsent
		);
		assert_noop!(
			Consent::record_erasure(RuntimeOrigin::signed(STRANGER), 0, data),
			Error::<Test>::NotController
		);
		for _ in 0..MAX_ERASURES {
			assert_ok!(Consent::record_erasure(RuntimeOrigin::signed(CONTROLLER), 0, data));
		}
		assert_noop!(
			Consent::record_erasure(RuntimeOrigin::signed(CONTROLLER), 0, data),
			Error::<Test>::TooManyErasures
		);
	});
}
