use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use msec_primitives::{Jurisdiction, Purpose};
use sp_runtime::TokenError;

use crate::{mock::*, ConsentCount, ConsentStatus, Consents, Error, Event, HoldReason};

#[test]
fn a_subject_grants_consent_against_a_deposit() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(Some(START + 60_000))));
		let record = Consents::<Test>::get(0).unwrap();
		assert_eq!(
			(record.subject, record.granted_by, record.granted_at),
			(SUBJECT, SUBJECT, START)
		);
		assert_eq!(record.status(START), ConsentStatus::Active);
		assert_eq!(ConsentCount::<Test>::get(SUBJECT), 1);
		let reason = RuntimeHoldReason::Consent(HoldReason::ConsentDeposit);
		assert_eq!(Balances::balance_on_hold(&reason, &SUBJECT), DEPOSIT);
		assert_eq!(
			last_event(),
			Event::ConsentGranted {
				consent: 0,
				subject: SUBJECT,
				granted_by: SUBJECT,
				terms: terms(Some(START + 60_000))
			}
		);
	});
}

#[test]
fn malformed_terms_are_refused() {
	build_and_execute(|| {
		let mut none = terms(None);
		none.purposes = BoundedVec::new();
		assert_noop!(grant_as(SUBJECT, none), Error::<Test>::NoPurposes);

		let mut unsorted = terms(None);
		unsorted.purposes =
			BoundedVec::truncate_from(vec![Purpose::PublicBenefit, Purpose::AcademicResearch]);
		assert_noop!(grant_as(SUBJECT, unsorted), Error::<Test>::PurposesUnsorted);

		let mut twice = terms(None);
		twice.purposes =
			BoundedVec::truncate_from(vec![Purpose::PublicBenefit, Purpose::PublicBenefit]);
		assert_noop!(grant_as(SUBJECT, twice), Error::<Test>::PurposesUnsorted);

		let mut bad = terms(None);
		bad.transfer_to = BoundedVec::truncate_from(vec![Jurisdiction::Other(
			msec_primitives::CountryCode(*b"kr"),
		)]);
		bad.legal_basis = msec_primitives::LegalBasis::ExplicitConsent;
		assert_noop!(grant_as(SUBJECT, bad), Error::<Test>::InvalidTransfer);

		assert_noop!(grant_as(SUBJECT, terms(Some(START))), Error::<Test>::AlreadyExpired);
	});
}

#[test]
fn a_subject_has_at_most_max_consents() {
	build_and_execute(|| {
		for _ in 0..MAX_CONSENTS {
			assert_ok!(grant_as(SUBJECT, terms(None)));
		}
		assert_noop!(grant_as(SUBJECT, terms(None)), Error::<Test>::TooManyConsents);
	});
}

#[test]
fn a_subject_without_funds_for_the_deposit_is_refused() {
	build_and_execute(|| {
		assert_noop!(grant_as(POOR, terms(None)), TokenError::FundsUnavailable);
	});
}

#[test]
fn consent_ids_that_would_overflow_are_refused() {
	build_and_execute(|| {
		crate::NextConsentId::<Test>::put(u64::MAX);
		assert_noop!(grant_as(SUBJECT, terms(None)), Error::<Test>::Overflow);
	});
}

/// The review's M9: health data and third-country transfers were accepted under any legal
/// basis, including the controller's legitimate interest.
#[test]
fn controller_cannot_take_health_data_without_explicit_consent() {
	build_and_execute(|| {
		for basis in [
			msec_primitives::LegalBasis::Consent,
			msec_primitives::LegalBasis::LegitimateInterest,
			msec_primitives::LegalBasis::Contract,
		] {
			let mut health = terms(None);
			health.purposes = BoundedVec::truncate_from(vec![Purpose::HealthMonitoring]);
			health.legal_basis = basis;
			assert_noop!(grant_as(SUBJECT, health), Error::<Test>::ExplicitConsentRequired);
		}
		let mut explicit = terms(None);
		explicit.purposes = BoundedVec::truncate_from(vec![Purpose::HealthMonitoring]);
		explicit.legal_basis = msec_primitives::LegalBasis::ExplicitConsent;
		assert_ok!(grant_as(SUBJECT, explicit));
	});
}

#[test]
fn controller_cannot_send_data_to_a_named_country_without_explicit_consent() {
	build_and_execute(|| {
		let mut abroad = terms(None);
		abroad.transfer_to = BoundedVec::truncate_from(vec![korea()]);
		assert_noop!(grant_as(SUBJECT, abroad.clone()), Error::<Test>::ExplicitConsentRequired);
		abroad.legal_basis = msec_primitives::LegalBasis::ExplicitConsent;
		assert_ok!(grant_as(SUBJECT, abroad));
	});
}
