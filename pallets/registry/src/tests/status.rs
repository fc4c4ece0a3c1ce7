use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

use crate::{mock::*, DeviceStatus, Devices, Error, Event};

fn status() -> DeviceStatus {
	Devices::<Test>::get(GENESIS_DEVICE).unwrap().status
}

fn evidence() -> H256 {
	H256::repeat_byte(0xe1)
}

#[test]
fn owner_revokes_a_device_for_good() {
	build_and_execute(|| {
		assert_ok!(Registry::revoke_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
		assert_eq!(status(), DeviceStatus::Revoked);
		assert_eq!(last_event(), Event::DeviceRevoked { device: GENESIS_DEVICE });
		assert_noop!(
			Registry::quarantine_device(
				RuntimeOrigin::signed(SECURITY),
				GENESIS_DEVICE,
				evidence()
			),
			Error::<Test>::DeviceNotActive
		);
	});
}

#[test]
fn revoke_device_fails_for_unknown_devices_other_owners_and_twice() {
	build_and_execute(|| {
		assert_noop!(
			Registry::revoke_device(RuntimeOrigin::signed(PROVIDER), 42),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Registry::revoke_device(RuntimeOrigin::signed(SECURITY), GENESIS_DEVICE),
			Error::<Test>::NotOwner
		);
		assert_ok!(Registry::revoke_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
		assert_noop!(
			Registry::revoke_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE),
			Error::<Test>::DeviceRevoked
		);
	});
}

#[test]
fn security_quarantines_and_restores_a_device() {
	build_and_execute(|| {
		assert_ok!(Registry::quarantine_device(
			RuntimeOrigin::signed(SECURITY),
			GENESIS_DEVICE,
			evidence()
		));
		assert_eq!(status(), DeviceStatus::Quarantined);
		assert_eq!(
			last_event(),
			Event::DeviceQuarantined { device: GENESIS_DEVICE, reason: evidence() }
		);
		assert_ok!(Registry::restore_device(RuntimeOrigin::signed(SECURITY), GENESIS_DEVICE));
		assert_eq!(status(), DeviceStatus::Active);
		assert_eq!(last_event(), Event::DeviceRestored { device: GENESIS_DEVICE });
	});
}

#[test]
fn quarantine_device_fails_for_others_unknown_devices_and_twice() {
	build_and_execute(|| {
		assert_noop!(
			Registry::quarantine_device(
				RuntimeOrigin::signed(PROVIDER),
				GENESIS_DEVICE,
				evidence()
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Registry::quarantine_device(RuntimeOrigin::signed(SECURITY), 42, evidence()),
			Error::<Test>::NotFound
		);
		assert_ok!(Registry::quarantine_device(
			RuntimeOrigin::signed(SECURITY),
			GENESIS_DEVICE,
			evidence()
		));
		assert_noop!(
			Registry::quarantine_device(
				RuntimeOrigin::signed(SECURITY),
				GENESIS_DEVICE,
				evidence()
			),
			Error::<Test>::DeviceNotActive
		);
	});
}

#[test]
fn restore_device_fails_for_others_unknown_and_unquarantined_devices() {
	build_and_execute(|| {
		assert_noop!(
			Registry::restore_device(RuntimeOrigin::signed(SECURITY), GENESIS_DEVICE),
			Error::<Test>::DeviceNotQuarantined
		);
		assert_noop!(
			Registry::restore_device(RuntimeOrigin::signed(SECURITY), 42),
			Error::<Test>::NotFound
		);
		assert_ok!(Registry::quarantine_device(
			RuntimeOrigin::signed(SECURITY),
			GENESIS_DEVICE,
			evidence()
		));
		assert_noop!(
			Registry::restore_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE),
			DispatchError::BadOrigin
		);
	});
}
