//! A device's X25519 key, for which the provider's node wraps its listing's content key: only
//! its owner names it, and it does not outlive a leaked signing key or the device.

use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, DeviceEncryptionKeys, Error, Event};

const KEY: [u8; 32] = [7; 32];

#[test]
fn only_the_owner_names_the_key_its_device_receives_content_keys_for() {
	build_and_execute(|| {
		// Whoever else named it would receive the listing's content key instead of the device.
		for stranger in [OTHER_PROVIDER, STRANGER, BUYER] {
			assert_noop!(
				Registry::set_device_encryption_key(
					RuntimeOrigin::signed(stranger),
					GENESIS_DEVICE,
					[6; 32]
				),
				Error::<Test>::NotOwner
			);
		}
		assert_ok!(Registry::set_device_encryption_key(
			RuntimeOrigin::signed(PROVIDER),
			GENESIS_DEVICE,
			KEY
		));
		assert_eq!(DeviceEncryptionKeys::<Test>::get(GENESIS_DEVICE), Some(KEY));
		assert_eq!(
			last_event(),
			Event::DeviceEncryptionKeySet { device: GENESIS_DEVICE, key: Some(KEY) }
		);
	});
}

#[test]
fn an_unknown_or_revoked_device_gets_no_encryption_key() {
	build_and_execute(|| {
		assert_noop!(
			Registry::set_device_encryption_key(RuntimeOrigin::signed(PROVIDER), 77, KEY),
			Error::<Test>::NotFound
		);
		assert_ok!(Registry::revoke_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
		assert_noop!(
			Registry::set_device_encryption_key(
				RuntimeOrigin::signed(PROVIDER),
				GENESIS_DEVICE,
				KEY
			),
			Error::<Test>::DeviceRevoked
		);
	});
}

#[test]
fn a_stolen_device_keeps_no_encryption_key_once_its_signing_key_is_rotated() {
	build_and_execute(|| {
		assert_ok!(Registry::set_device_encryption_key(
			RuntimeOrigin::signed(PROVIDER),
			GENESIS_DEVICE,
			KEY
		));
		assert_ok!(Registry::rotate_device_key(
			RuntimeOrigin::signed(PROVIDER),
			GENESIS_DEVICE,
			2000,
			possession(2000, PROVIDER)
		));
		// The thief's copy of the X25519 key would otherwise keep receiving new content keys.
		assert_eq!(DeviceEncryptionKeys::<Test>::get(GENESIS_DEVICE), None);
		assert_eq!(
			last_event(),
			Event::DeviceEncryptionKeySet { device: GENESIS_DEVICE, key: None }
		);
	});
}

#[test]
fn a_deregistered_device_leaves_no_encryption_key() {
	build_and_execute(|| {
		assert_ok!(Registry::set_device_encryption_key(
			RuntimeOrigin::signed(PROVIDER),
			GENESIS_DEVICE,
			KEY
		));
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
		// Nothing stays behind for a device that is gone (try_state checks it too).
		assert_eq!(DeviceEncryptionKeys::<Test>::get(GENESIS_DEVICE), None);
	});
}
