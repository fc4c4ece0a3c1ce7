//! Every genesis preset builds into a state a chain can start from.

mod common;

use msec_runtime::{
	genesis_config_presets::{preset_names, ENDOWMENT},
	Runtime,
};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

#[test]
fn runtime_offers_development_and_local_testnet_presets() {
	let names = preset_names();
	assert!(names.iter().any(|n| n == DEV_RUNTIME_PRESET), "{names:?}");
	assert!(names.iter().any(|n| n == LOCAL_TESTNET_RUNTIME_PRESET), "{names:?}");
}

#[test]
fn unknown_preset_is_none() {
	assert!(msec_runtime::genesis_config_presets::get_preset(&"mainnet".into()).is_none());
}

#[test]
fn every_preset_has_validators_a_root_key_and_endowed_accounts() {
	for name in preset_names() {
		common::genesis(&name).execute_with(|| {
			let aura = pallet_aura::Authorities::<Runtime>::get();
			let grandpa = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
			assert!(!aura.is_empty(), "{name}: no Aura authorities");
			assert_eq!(aura.len(), grandpa.len(), "{name}: Aura and GRANDPA sets differ");
			assert_eq!(
				pallet_sudo::Key::<Runtime>::get(),
				Some(Sr25519Keyring::Alice.to_account_id()),
				"{name}: sudo"
			);
			let endowed = u128::try_from(Sr25519Keyring::well_known().count()).unwrap();
			assert_eq!(
				pallet_balances::TotalIssuance::<Runtime>::get(),
				endowed * ENDOWMENT,
				"{name}: total issuance"
			);
			assert_eq!(
				pallet_balances::Pallet::<Runtime>::free_balance(
					Sr25519Keyring::Ferdie.to_account_id()
				),
				ENDOWMENT,
				"{name}: Ferdie"
			);
		});
	}
}

#[test]
fn development_has_one_validator_and_local_testnet_two() {
	common::genesis(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
	});
	common::genesis(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
	});
}
