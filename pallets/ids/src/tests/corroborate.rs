use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

use crate::{mock::*, Attestations, Error, Event};

/// Attestation 0: device ACTIVE's report for [1000, 2000).
fn attested() -> crate::AttestationId {
	let report = report(ACTIVE, 1_000, 2_000);
	assert_ok!(Ids::attest_alerts(
		RuntimeOrigin::signed(GATEWAY_OPERATOR),
		report.clone(),
		sign(&report)
	));
	0
}

#[test]
fn a_gateway_of_another_owner_corroborates() {
	build_and_execute(|| {
		let id = attested();
		assert_ok!(corroborate(id, OTHER_GATEWAY));
		assert_eq!(
			Attestations::<Test>::get(id).unwrap().corroborations.to_vec(),
			vec![OTHER_GATEWAY]
		);
		assert_eq!(last_event(), Event::Corroborated { attestation: id, gateway: OTHER_GATEWAY });
	});
}

#[test]
fn corroborate_fails_for_unknown_attestations_and_devices() {
	build_and_execute(|| {
		let id = attested();
		let signature = corroboration(id, OTHER_GATEWAY);
		assert_noop!(
			Ids::corroborate(
				RuntimeOrigin::signed(GATEWAY_OPERATOR),
				9,
				OTHER_GATEWAY,
				signature.clone()
			),
			Error::<Test>::UnknownAttestation
		);
		assert_noop!(
			Ids::corroborate(RuntimeOrigin::signed(GATEWAY_OPERATOR), id, 42, signature),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn corroborate_fails_for_the_same_owner_a_sensor_or_an_inactive_gateway() {
	build_and_execute(|| {
		let id = attested();
		for device in [SAME_OWNER_GATEWAY, OTHER_SENSOR, QUARANTINED] {
			assert_noop!(corroborate(id, device), Error::<Test>::NotIndependent);
		}
	});
}

#[test]
fn corroborate_fails_with_another_key_s_signature_or_twice() {
	build_and_execute(|| {
		let id = attested();
		assert_noop!(
			Ids::corroborate(
				RuntimeOrigin::signed(GATEWAY_OPERATOR),
				id,
				OTHER_GATEWAY,
				corroboration(id, SECOND_OTHER_GATEWAY)
			),
			Error::<Test>::BadSignature
		);
		assert_ok!(corroborate(id, OTHER_GATEWAY));
		assert_noop!(corroborate(id, OTHER_GATEWAY), Error::<Test>::AlreadyCorroborated);
	});
}

#[test]
fn corroborate_fails_beyond_the_limit() {
	build_and_execute(|| {
		let id = attested();
		// MaxCorroborations is 2: fill it by hand with gateways that do not exist here.
		Attestations::<Test>::mutate(id, |a| {
			let a = a.as_mut().unwrap();
			a.corroborations = frame_support::BoundedVec::truncate_from(vec![100, 101]);
		});
		assert_noop!(corroborate(id, OTHER_GATEWAY), Error::<Test>::TooManyCorroborations);
	});
}

#[test]
fn security_disputes_an_attestation_which_then_takes_no_corroboration() {
	build_and_execute(|| {
		let id = attested();
		let reason = H256::repeat_byte(0xd1);
		assert_noop!(
			Ids::dispute(RuntimeOrigin::signed(GATEWAY_OPERATOR), id, reason),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Ids::dispute(RuntimeOrigin::signed(SECURITY), 9, reason),
			Error::<Test>::UnknownAttestation
		);
		assert_ok!(Ids::dispute(RuntimeOrigin::signed(SECURITY), id, reason));
		assert!(Attestations::<Test>::get(id).unwrap().disputed);
		assert_eq!(last_event(), Event::AttestationDisputed { attestation: id, reason });
		assert_noop!(
			Ids::dispute(RuntimeOrigin::signed(SECURITY), id, reason),
			Error::<Test>::Disputed
		);
		assert_noop!(corroborate(id, OTHER_GATEWAY), Error::<Test>::Disputed);
	});
}

/// The review's M5: a gateway's corroboration, replayed through a gateway registered later
/// with the same key, counted twice towards quarantine.
#[test]
fn a_corroboration_replayed_by_another_gateway_with_the_same_key_does_not_count() {
	build_and_execute(|| {
		let id = attested();
		assert_ok!(corroborate(id, OTHER_GATEWAY));
		let original = corroboration(id, OTHER_GATEWAY);
		// Mallory registers gateway 9 (its own owner, 11) with the first gateway's public key.
		let key = msec_primitives::DeviceKey::Ed25519(
			sp_core::Pair::public(&device_pair(OTHER_GATEWAY)),
		);
		register(9, 11, msec_primitives::DeviceKind::Gateway, key);
		assert_noop!(
			Ids::corroborate(RuntimeOrigin::signed(GATEWAY_OPERATOR), id, 9, original),
			Error::<Test>::BadSignature
		);
		assert_eq!(Attestations::<Test>::get(id).unwrap().corroborations.len(), 1);
	});
}

#[test]
fn a_corroboration_signed_for_another_chain_does_not_count() {
	build_and_execute(|| {
		let id = attested();
		let stored = Attestations::<Test>::get(id).unwrap();
		let payload = crate::types::corroboration_payload(
			[0x42u8; 32].as_ref(),
			id,
			OTHER_GATEWAY,
			&stored.report.alerts_root,
		);
		let signature = msec_primitives::DeviceSignature::Ed25519(sp_core::Pair::sign(
			&device_pair(OTHER_GATEWAY),
			&payload,
		));
		assert_noop!(
			Ids::corroborate(RuntimeOrigin::signed(GATEWAY_OPERATOR), id, OTHER_GATEWAY, signature),
			Error::<Test>::BadSignature
		);
	});
}
