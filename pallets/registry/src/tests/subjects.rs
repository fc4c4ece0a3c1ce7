//! Whose personal data a device produces is recorded by the registrar or with the subject's
//! own signature; the provider cannot drop it.

use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use crate::{mock::*, Devices, Error, Event};

const SUBJECT: u64 = 50;
const OTHER_SUBJECT: u64 = 51;

fn subject_of(device: u64) -> Option<u64> {
	Devices::<Test>::get(device).unwrap().subject
}

#[test]
fn owner_records_a_subject_with_the_subjects_signature() {
	build_and_execute(|| {
		assert_eq!(subject_of(GENESIS_DEVICE), None);
		assert_ok!(Registry::record_subject(
			RuntimeOrigin::signed(PROVIDER),
			GENESIS_DEVICE,
			SUBJECT,
			subject_claim(SUBJECT, GENESIS_DEVICE, PROVIDER)
		));
		assert_eq!(subject_of(GENESIS_DEVICE), Some(SUBJECT));
		assert_eq!(
			last_event(),
			Event::DeviceSubjectSet { device: GENESIS_DEVICE, subject: Some(SUBJECT) }
		);
	});
}

#[test]
fn provider_cannot_name_a_subject_without_their_signature() {
	build_and_execute(|| {
		// Signed by someone else, or by the subject for another device or owner.
		for signature in [
			subject_claim(OTHER_SUBJECT, GENESIS_DEVICE, PROVIDER),
			subject_claim(SUBJECT, 9, PROVIDER),
			subject_claim(SUBJECT, GENESIS_DEVICE, OTHER_PROVIDER),
		] {
			assert_noop!(
				Registry::record_subject(
					RuntimeOrigin::signed(PROVIDER),
					GENESIS_DEVICE,
					SUBJECT,
					signature
				),
				Error::<Test>::BadSubjectSignature
			);
		}
	});
}

#[test]
fn provider_cannot_replace_or_drop_a_recorded_subject() {
	build_and_execute(|| {
		assert_ok!(Registry::set_device_subject(
			RuntimeOrigin::root(),
			GENESIS_DEVICE,
			Some(SUBJECT)
		));
		// A more convenient subject (one who consents to anything) is refused.
		assert_noop!(
			Registry::record_subject(
				RuntimeOrigin::signed(PROVIDER),
				GENESIS_DEVICE,
				OTHER_SUBJECT,
				subject_claim(OTHER_SUBJECT, GENESIS_DEVICE, PROVIDER)
			),
			Error::<Test>::SubjectAlreadySet
		);
		// Only the registrar changes it.
		assert_noop!(
			Registry::set_device_subject(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE, None),
			DispatchError::BadOrigin
		);
		assert_eq!(subject_of(GENESIS_DEVICE), Some(SUBJECT));
		assert_ok!(Registry::set_device_subject(RuntimeOrigin::root(), GENESIS_DEVICE, None));
		assert_eq!(subject_of(GENESIS_DEVICE), None);
	});
}

#[test]
fn only_the_owner_records_a_subject_and_only_for_known_devices() {
	build_and_execute(|| {
		assert_noop!(
			Registry::record_subject(
				RuntimeOrigin::signed(OTHER_PROVIDER),
				GENESIS_DEVICE,
				SUBJECT,
				subject_claim(SUBJECT, GENESIS_DEVICE, OTHER_PROVIDER)
			),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Registry::record_subject(
				RuntimeOrigin::signed(PROVIDER),
				9,
				SUBJECT,
				subject_claim(SUBJECT, 9, PROVIDER)
			),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Registry::set_device_subject(RuntimeOrigin::root(), 9, Some(SUBJECT)),
			Error::<Test>::NotFound
		);
	});
}

/// The review of this change: deregistering and registering the key again gave a fresh device
/// without its subject.
#[test]
fn owner_cannot_shake_off_a_subject_by_deregistering() {
	build_and_execute(|| {
		assert_ok!(Registry::set_device_subject(
			RuntimeOrigin::root(),
			GENESIS_DEVICE,
			Some(SUBJECT)
		));
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE),
			Error::<Test>::HasSubject
		);
		assert_ok!(Registry::set_device_subject(RuntimeOrigin::root(), GENESIS_DEVICE, None));
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
	});
}
