use frame_support::{assert_ok, BoundedVec};
use msec_primitives::{ConsentInspect, ConsentRefusal, Jurisdiction, Purpose};

use crate::{mock::*, ConsentStatus};

fn permitted(purpose: Purpose, to: Jurisdiction) -> Result<u64, ConsentRefusal> {
	Consent::permitted(&SUBJECT, &CONTROLLER, purpose, Jurisdiction::Eu, to)
}

#[test]
fn a_consent_permits_its_purposes_towards_eu_and_japan() {
	build_and_execute(|| {
		assert_eq!(
			permitted(Purpose::PublicBenefit, Jurisdiction::Japan),
			Err(ConsentRefusal::Missing)
		);
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_eq!(permitted(Purpose::PublicBenefit, Jurisdiction::Japan), Ok(0));
		assert_eq!(permitted(Purpose::AcademicResearch, Jurisdiction::Eu), Ok(0));
		assert_eq!(permitted(Purpose::Marketing, Jurisdiction::Eu), Err(ConsentRefusal::Missing));
		let other_controller = Consent::permitted(
			&SUBJECT,
			&STRANGER,
			Purpose::PublicBenefit,
			Jurisdiction::Eu,
			Jurisdiction::Eu,
		);
		assert_eq!(other_controller, Err(ConsentRefusal::Missing));
	});
}

#[test]
fn other_countries_need_naming() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_eq!(
			permitted(Purpose::PublicBenefit, korea()),
			Err(ConsentRefusal::TransferNotAllowed)
		);
		let mut naming_korea = terms(None);
		naming_korea.transfer_to = BoundedVec::truncate_from(vec![korea()]);
		naming_korea.legal_basis = msec_primitives::LegalBasis::ExplicitConsent;
		assert_ok!(grant_as(SUBJECT, naming_korea));
		assert_eq!(permitted(Purpose::PublicBenefit, korea()), Ok(1));
	});
}

/// The review's M9: a provider outside the EU and Japan could never sell personal data to
/// them, even with the subject's consent, as `grant` refused to name them.
#[test]
fn a_provider_in_korea_sells_to_the_eu_when_the_consent_names_it() {
	build_and_execute(|| {
		let from_korea = |to| {
			Consent::permitted(&SUBJECT, &CONTROLLER, Purpose::PublicBenefit, korea(), to)
		};
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_eq!(from_korea(Jurisdiction::Eu), Err(ConsentRefusal::TransferNotAllowed));
		let mut naming_the_eu = terms(None);
		naming_the_eu.transfer_to = BoundedVec::truncate_from(vec![Jurisdiction::Eu]);
		naming_the_eu.legal_basis = msec_primitives::LegalBasis::ExplicitConsent;
		assert_ok!(grant_as(SUBJECT, naming_the_eu));
		assert_eq!(from_korea(Jurisdiction::Eu), Ok(1));
		assert_eq!(from_korea(Jurisdiction::Japan), Err(ConsentRefusal::TransferNotAllowed));
		assert!(from_korea(korea()).is_ok(), "within one jurisdiction");
	});
}

#[test]
fn withdrawn_and_expired_consents_say_so() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(Some(START + 100))));
		set_now(START + 100);
		assert_eq!(
			permitted(Purpose::PublicBenefit, Jurisdiction::Eu),
			Err(ConsentRefusal::Expired)
		);
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 1));
		assert_eq!(
			permitted(Purpose::PublicBenefit, Jurisdiction::Eu),
			Err(ConsentRefusal::Withdrawn)
		);
	});
}

/// Whatever order the records are in, the buyer learns the most telling refusal: a consent that
/// covers all but the transfer, then a withdrawn one, then an expired one.
#[test]
fn the_most_telling_refusal_wins_in_any_order() {
	build_and_execute(|| {
		let usa = Jurisdiction::Other(msec_primitives::CountryCode(*b"US"));
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 0));
		assert_ok!(grant_as(SUBJECT, terms(Some(START + 100))));
		set_now(START + 100);
		assert_eq!(permitted(Purpose::PublicBenefit, usa), Err(ConsentRefusal::Withdrawn));

		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_eq!(
			permitted(Purpose::PublicBenefit, usa),
			Err(ConsentRefusal::TransferNotAllowed),
			"an active consent that does not name the country says so"
		);
		assert_eq!(permitted(Purpose::PublicBenefit, Jurisdiction::Japan), Ok(2));
	});
}

#[test]
fn the_subjects_view_lists_consents_with_status_and_receipts() {
	build_and_execute(|| {
		assert_ok!(grant_as(SUBJECT, terms(Some(START + 100))));
		assert_ok!(grant_as(SUBJECT, terms(None)));
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(SUBJECT), 1));
		assert_ok!(Consent::record_erasure(
			RuntimeOrigin::signed(CONTROLLER),
			1,
			sp_core::H256::repeat_byte(1)
		));

		let view = Consent::consents_of(&SUBJECT);
		assert_eq!(
			view.iter().map(|c| (c.id, c.status)).collect::<Vec<_>>(),
			vec![(0, ConsentStatus::Active), (1, ConsentStatus::Withdrawn)]
		);
		assert_eq!(view[1].erasures.len(), 1);
		set_now(START + 100);
		assert_eq!(Consent::consents_of(&SUBJECT)[0].status, ConsentStatus::Expired);
		assert!(Consent::consents_of(&STRANGER).is_empty());
	});
}
