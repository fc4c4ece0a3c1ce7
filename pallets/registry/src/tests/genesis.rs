use crate::{mock::*, DeviceCount, Devices, GenesisConfig, Jurisdiction, Roles};
use sp_runtime::BuildStorage;

#[test]
fn genesis_registers_participants_and_holds_device_deposits() {
	build_and_execute(|| {
		assert_eq!(Devices::<Test>::get(GENESIS_DEVICE).map(|d| d.owner), Some(PROVIDER));
		assert_eq!(DeviceCount::<Test>::get(PROVIDER), 1);
		// The try_state check after this test compares held deposits with the devices.
	});
}

#[test]
#[should_panic(expected = "invalid registry genesis participant")]
fn genesis_refuses_a_participant_without_roles() {
	let _ = GenesisConfig::<Test> {
		participants: vec![(STRANGER, Jurisdiction::Eu, Roles::default())],
		devices: vec![],
		device_encryption_keys: vec![],
	}
	.build_storage();
}

#[test]
#[should_panic(expected = "invalid registry genesis device")]
fn genesis_refuses_a_device_of_a_non_provider() {
	let _ = GenesisConfig::<Test> {
		participants: vec![(
			BUYER,
			Jurisdiction::Japan,
			Roles { provider: false, buyer: true, security: false },
		)],
		devices: vec![(BUYER, 7, crate::DeviceKind::Sensor, firmware())],
		device_encryption_keys: vec![],
	}
	.build_storage();
}

#[test]
#[should_panic(expected = "invalid registry genesis encryption key")]
fn genesis_refuses_an_encryption_key_of_no_device() {
	let _ = GenesisConfig::<Test> {
		participants: vec![],
		devices: vec![],
		device_encryption_keys: vec![(3, [7; 32])],
	}
	.build_storage();
}
