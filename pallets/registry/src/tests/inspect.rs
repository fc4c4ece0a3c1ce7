use frame_support::{assert_noop, assert_ok};
use msec_primitives::{DeviceInfo, RegistryInspect};
use sp_core::H256;

use crate::{mock::*, DeviceKind, DeviceStatus, Error, Jurisdiction};

#[test]
fn other_pallets_see_participants_and_devices() {
	build_and_execute(|| {
		assert_eq!(
			<Registry as RegistryInspect<u64>>::participant(&PROVIDER),
			Some((Jurisdiction::Eu, provider_roles()))
		);
		assert_eq!(<Registry as RegistryInspect<u64>>::participant(&STRANGER), None);
		assert_eq!(
			<Registry as RegistryInspect<u64>>::device(GENESIS_DEVICE),
			Some(DeviceInfo {
				owner: PROVIDER,
				key: GENESIS_KEY,
				kind: DeviceKind::Sensor,
				status: DeviceStatus::Active,
				subject: None
			})
		);
		assert_eq!(<Registry as RegistryInspect<u64>>::device(42), None);
	});
}

#[test]
fn other_pallets_quarantine_an_active_device_only() {
	build_and_execute(|| {
		let reason = H256::repeat_byte(0x1d);
		assert_ok!(<Registry as RegistryInspect<u64>>::quarantine(GENESIS_DEVICE, reason));
		assert_eq!(
			<Registry as RegistryInspect<u64>>::device(GENESIS_DEVICE).map(|d| d.status),
			Some(DeviceStatus::Quarantined)
		);
		assert_noop!(
			<Registry as RegistryInspect<u64>>::quarantine(GENESIS_DEVICE, reason),
			Error::<Test>::DeviceNotActive
		);
	});
}
