use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::{DispatchError, TokenError};

use crate::{
	mock::*, DeviceByKey, DeviceCount, DeviceKind, DeviceStatus, Devices, Error, Event, HoldReason,
	NextDeviceId,
};

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Registry(HoldReason::DeviceDeposit), &who)
}

#[test]
fn provider_registers_a_device_and_its_deposit_is_held() {
	build_and_execute(|| {
		let free_before = Balances::balance(&OTHER_PROVIDER);
		assert_ok!(Registry::register_device(RuntimeOrigin::signed(OTHER_PROVIDER), 7, DeviceKind::Gateway, firmware(), possession(7, OTHER_PROVIDER)));
		let device = Devices::<Test>::get(1).unwrap();
		assert_eq!(
			(device.owner, device.key, device.kind, device.status, device.deposit),
			(OTHER_PROVIDER, 7, DeviceKind::Gateway, DeviceStatus::Active, DEPOSIT)
		);
		assert_eq!(DeviceByKey::<Test>::get(7), Some(1));
		assert_eq!(DeviceCount::<Test>::get(OTHER_PROVIDER), 1);
		assert_eq!(NextDeviceId::<Test>::get(), 2);
		assert_eq!(held(OTHER_PROVIDER), DEPOSIT);
		assert_eq!(Balances::balance(&OTHER_PROVIDER), free_before - DEPOSIT);
		assert_eq!(
			last_event(),
			Event::DeviceRegistered {
				device: 1,
				owner: OTHER_PROVIDER,
				kind: DeviceKind::Gateway,
				deposit: DEPOSIT
			}
		);
	});
}

#[test]
fn register_device_fails_for_buyers_and_strangers() {
	build_and_execute(|| {
		for who in [BUYER, STRANGER] {
			assert_noop!(
				Registry::register_device(RuntimeOrigin::signed(who), 7, DeviceKind::Sensor, firmware(), possession(7, who)),
				Error::<Test>::NotProvider
			);
		}
	});
}

#[test]
fn register_device_fails_when_the_key_is_registered() {
	build_and_execute(|| {
		assert_noop!(
			Registry::register_device(RuntimeOrigin::signed(OTHER_PROVIDER), GENESIS_KEY, DeviceKind::Sensor, firmware(), possession(GENESIS_KEY, OTHER_PROVIDER)),
			Error::<Test>::KeyInUse
		);
	});
}

#[test]
fn register_device_fails_beyond_the_owner_limit() {
	build_and_execute(|| {
		for key in 1..u64::from(MAX_DEVICES) {
			assert_ok!(Registry::register_device(RuntimeOrigin::signed(PROVIDER), key, DeviceKind::Sensor, firmware(), possession(key, PROVIDER)));
		}
		assert_noop!(
			Registry::register_device(RuntimeOrigin::signed(PROVIDER), 99, DeviceKind::Sensor, firmware(), possession(99, PROVIDER)),
			Error::<Test>::TooManyDevices
		);
	});
}

#[test]
fn register_device_fails_without_funds_for_the_deposit() {
	build_and_execute(|| {
		assert_noop!(
			Registry::register_device(RuntimeOrigin::signed(POOR_PROVIDER), 7, DeviceKind::Camera, firmware(), possession(7, POOR_PROVIDER)),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn register_device_fails_when_ids_run_out() {
	build_and_execute(|| {
		NextDeviceId::<Test>::put(u64::MAX);
		assert_noop!(
			Registry::register_device(RuntimeOrigin::signed(OTHER_PROVIDER), 7, DeviceKind::Sensor, firmware(), possession(7, OTHER_PROVIDER)),
			Error::<Test>::Overflow
		);
	});
}

#[test]
fn owner_rotates_a_device_key() {
	build_and_execute(|| {
		assert_ok!(Registry::rotate_device_key(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE, 2000, possession(2000, PROVIDER)));
		assert_eq!(Devices::<Test>::get(GENESIS_DEVICE).unwrap().key, 2000);
		assert_eq!(DeviceByKey::<Test>::get(2000), Some(GENESIS_DEVICE));
		assert_eq!(DeviceByKey::<Test>::get(GENESIS_KEY), None);
		assert_eq!(last_event(), Event::DeviceKeyRotated { device: GENESIS_DEVICE });
	});
}

#[test]
fn rotate_device_key_fails_for_unknown_devices_other_owners_used_keys_and_revoked_devices() {
	build_and_execute(|| {
		assert_noop!(
			Registry::rotate_device_key(RuntimeOrigin::signed(PROVIDER), 42, 2000, possession(2000, PROVIDER)),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Registry::rotate_device_key(RuntimeOrigin::signed(OTHER_PROVIDER), GENESIS_DEVICE, 2000, possession(2000, OTHER_PROVIDER)),
			Error::<Test>::NotOwner
		);
		assert_ok!(Registry::register_device(RuntimeOrigin::signed(OTHER_PROVIDER), 7, DeviceKind::Sensor, firmware(), possession(7, OTHER_PROVIDER)));
		assert_noop!(
			Registry::rotate_device_key(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE, 7, possession(7, PROVIDER)),
			Error::<Test>::KeyInUse
		);
		assert_ok!(Registry::revoke_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
		assert_noop!(
			Registry::rotate_device_key(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE, 2000, possession(2000, PROVIDER)),
			Error::<Test>::DeviceRevoked
		);
	});
}

#[test]
fn owner_deregisters_a_device_and_gets_the_deposit_back() {
	build_and_execute(|| {
		let total_before = Balances::total_balance(&PROVIDER);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
		assert!(!Devices::<Test>::contains_key(GENESIS_DEVICE));
		assert_eq!(DeviceByKey::<Test>::get(GENESIS_KEY), None);
		assert!(!DeviceCount::<Test>::contains_key(PROVIDER));
		assert_eq!(held(PROVIDER), 0);
		assert_eq!(Balances::total_balance(&PROVIDER), total_before);
		assert_eq!(removed_devices(), vec![GENESIS_DEVICE], "other pallets drop its state");
		assert_eq!(
			last_event(),
			Event::DeviceDeregistered { device: GENESIS_DEVICE, owner: PROVIDER }
		);
	});
}

#[test]
fn deregister_device_fails_for_unknown_devices_other_owners_and_quarantined_devices() {
	build_and_execute(|| {
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(PROVIDER), 42),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(OTHER_PROVIDER), GENESIS_DEVICE),
			Error::<Test>::NotOwner
		);
		assert_ok!(Registry::quarantine_device(
			RuntimeOrigin::signed(SECURITY),
			GENESIS_DEVICE,
			firmware()
		));
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE),
			Error::<Test>::DeviceQuarantined
		);
	});
}

#[test]
fn a_revoked_device_can_be_deregistered() {
	build_and_execute(|| {
		assert_ok!(Registry::revoke_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(PROVIDER), GENESIS_DEVICE));
		assert_eq!(held(PROVIDER), 0);
	});
}

#[test]
fn register_device_needs_a_signed_origin() {
	build_and_execute(|| {
		assert_noop!(
			Registry::register_device(RuntimeOrigin::root(), 7, DeviceKind::Sensor, firmware(), possession(7, 0)),
			DispatchError::BadOrigin
		);
	});
}
