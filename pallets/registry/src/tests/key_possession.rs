//! Device keys need a proof of possession: nobody registers or rotates to a key whose secret
//! they lack, so nobody squats another's key or replays its signatures as their own device.

use frame_support::{assert_noop, assert_ok};
use sp_runtime::testing::TestSignature;

use crate::{mock::*, DeviceByKey, DeviceKind, DeviceStatus, Devices, Error};

#[test]
fn provider_cannot_register_a_key_whose_secret_it_lacks() {
	build_and_execute(|| {
		// Key 7's holder never signed anything for OTHER_PROVIDER: a signature by another key
		// over the right payload is not key 7's proof.
		let forged = possession(8, OTHER_PROVIDER);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(OTHER_PROVIDER),
				7,
				DeviceKind::Gateway,
				firmware(),
				forged
			),
			Error::<Test>::BadKeyProof
		);
	});
}

#[test]
fn provider_cannot_reuse_a_proof_made_for_another_owner() {
	build_and_execute(|| {
		// PROVIDER's proof for key 7 does not let OTHER_PROVIDER register key 7 (squatting).
		let for_provider = possession(7, PROVIDER);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(OTHER_PROVIDER),
				7,
				DeviceKind::Gateway,
				firmware(),
				for_provider
			),
			Error::<Test>::BadKeyProof
		);
	});
}

#[test]
fn provider_cannot_reuse_a_proof_made_for_another_chain() {
	build_and_execute(|| {
		let other_chain = TestSignature(
			7,
			msec_primitives::key_possession_payload([0x42u8; 32].as_ref(), &OTHER_PROVIDER),
		);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(OTHER_PROVIDER),
				7,
				DeviceKind::Gateway,
				firmware(),
				other_chain
			),
			Error::<Test>::BadKeyProof
		);
	});
}

#[test]
fn owner_cannot_rotate_to_a_key_whose_secret_it_lacks() {
	build_and_execute(|| {
		assert_noop!(
			Registry::rotate_device_key(
				RuntimeOrigin::signed(PROVIDER),
				GENESIS_DEVICE,
				2000,
				possession(2001, PROVIDER)
			),
			Error::<Test>::BadKeyProof
		);
		assert_eq!(Devices::<Test>::get(GENESIS_DEVICE).unwrap().key, GENESIS_KEY);
	});
}

#[test]
fn a_quarantined_device_rotates_its_key_and_stays_quarantined() {
	build_and_execute(|| {
		assert_ok!(Registry::quarantine_device(
			RuntimeOrigin::signed(SECURITY),
			GENESIS_DEVICE,
			sp_core::H256::repeat_byte(1)
		));
		assert_ok!(Registry::rotate_device_key(
			RuntimeOrigin::signed(PROVIDER),
			GENESIS_DEVICE,
			2000,
			possession(2000, PROVIDER)
		));
		let device = Devices::<Test>::get(GENESIS_DEVICE).unwrap();
		assert_eq!((device.key, device.status), (2000, DeviceStatus::Quarantined));
	});
}

#[test]
fn a_deregistered_key_is_registered_again_only_with_a_fresh_proof() {
	build_and_execute(|| {
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(OTHER_PROVIDER),
				GENESIS_KEY,
				DeviceKind::Sensor,
				firmware(),
				possession(GENESIS_KEY, PROVIDER)
			),
			Error::<Test>::BadKeyProof
		);
		assert_ok!(Registry::register_device(
			RuntimeOrigin::signed(OTHER_PROVIDER),
			GENESIS_KEY,
			DeviceKind::Sensor,
			firmware(),
			possession(GENESIS_KEY, OTHER_PROVIDER)
		));
		// A new device id: signatures bound to the old id (IDS corroborations, publications)
		// do not carry over.
		assert_eq!(DeviceByKey::<Test>::get(GENESIS_KEY), Some(1));
	});
}

/// The review of this change: revoking a quarantined device let its owner deregister it and
/// register the key again, clean.
#[test]
fn owner_cannot_escape_quarantine_by_revoking() {
	build_and_execute(|| {
		assert_ok!(Registry::quarantine_device(
			RuntimeOrigin::signed(SECURITY),
			GENESIS_DEVICE,
			sp_core::H256::repeat_byte(1)
		));
		assert_noop!(
			Registry::revoke_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE),
			Error::<Test>::DeviceQuarantined
		);
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE),
			Error::<Test>::DeviceQuarantined
		);
	});
}
