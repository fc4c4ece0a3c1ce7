//! Every genesis preset builds into a state a chain can start from.

mod common;

use msec_runtime::{
	configs::governance::CouncilCollective,
	genesis_config_presets::{
		build_preset, preset_names,
		santander_fujisawa::{keys_file, OPERATOR_ENDOWMENT},
		ENDOWMENT, EXAMPLE_WORKER_KEYS, LOCAL_TESTNET_OPERATORS, LOCAL_TESTNET_PEER_IDS, SANTANDER_FUJISAWA_PRESET,
	},
	constants::currency::EXISTENTIAL_DEPOSIT,
	Runtime,
};
use sp_core::OpaquePeerId;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

#[test]
fn runtime_offers_development_local_testnet_and_santander_fujisawa_presets() {
	let names = preset_names();
	assert!(names.iter().any(|n| n == SANTANDER_FUJISAWA_PRESET), "{names:?}");
	assert!(names.iter().any(|n| n == DEV_RUNTIME_PRESET), "{names:?}");
	assert!(names.iter().any(|n| n == LOCAL_TESTNET_RUNTIME_PRESET), "{names:?}");
}

#[test]
fn unknown_preset_is_none() {
	assert!(msec_runtime::genesis_config_presets::get_preset(&"mainnet".into()).is_none());
}

#[test]
fn every_preset_builds() {
	for name in preset_names() {
		if let Some(Err(error)) = build_preset(&name) {
			panic!("preset {name}: {error}");
		}
		common::genesis(&name).execute_with(|| {
			let aura = pallet_aura::Authorities::<Runtime>::get();
			let grandpa = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
			assert!(!aura.is_empty(), "{name}: no Aura authorities");
			assert_eq!(aura.len(), grandpa.len(), "{name}: Aura and GRANDPA sets differ");
			assert_eq!(
				pallet_session::Validators::<Runtime>::get().len(),
				aura.len(),
				"{name}: session validators"
			);
			assert!(
				!pallet_collective::Members::<Runtime, CouncilCollective>::get().is_empty(),
				"{name}: no council"
			);
		});
	}
}

#[test]
fn test_chains_endow_dev_accounts_and_give_alice_sudo() {
	for name in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		common::genesis(name).execute_with(|| {
			assert_eq!(
				pallet_sudo::Key::<Runtime>::get(),
				Some(Sr25519Keyring::Alice.to_account_id()),
				"{name}: sudo"
			);
			// The dev accounts and the example providers' worker accounts.
			let endowed = u128::try_from(Sr25519Keyring::well_known().count() + EXAMPLE_WORKER_KEYS.len()).unwrap();
			assert_eq!(
				pallet_balances::TotalIssuance::<Runtime>::get(),
				endowed * ENDOWMENT + EXISTENTIAL_DEPOSIT,
				"{name}: total issuance (the endowments and the marketplace fee account's existential deposit)"
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
fn development_has_alice_alone_and_an_unmanaged_validator_set() {
	common::genesis(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert!(pallet_validator_set::Validators::<Runtime>::get().is_empty());
	});
}

#[test]
fn local_testnet_is_two_cities_of_two_operators() {
	let operators: Vec<_> = LOCAL_TESTNET_OPERATORS.iter().map(|k| k.to_account_id()).collect();
	common::genesis(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_validator_set::Validators::<Runtime>::get().to_vec(), operators);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), operators);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		let mut council = pallet_collective::Members::<Runtime, CouncilCollective>::get();
		council.sort();
		let mut expected = operators.clone();
		expected.sort();
		assert_eq!(council, expected);

		let nodes = pallet_node_authorization::WellKnownNodes::<Runtime>::get();
		assert_eq!(nodes.len(), 4);
		for (peer_id, operator) in LOCAL_TESTNET_PEER_IDS.iter().zip(&operators) {
			let peer_id = OpaquePeerId(bs58::decode(peer_id).into_vec().unwrap());
			assert!(nodes.contains(&peer_id), "{peer_id:?} is not well known");
			assert_eq!(
				pallet_node_authorization::Owners::<Runtime>::get(&peer_id).as_ref(),
				Some(operator)
			);
		}
	});
}

#[test]
fn santander_fujisawa_has_no_sudo_and_the_keys_file_network() {
	let keys = keys_file().unwrap();
	common::genesis(SANTANDER_FUJISAWA_PRESET).execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		let validators: Vec<_> = keys.validators.iter().map(|v| v.account.clone()).collect();
		assert_eq!(pallet_validator_set::Validators::<Runtime>::get().to_vec(), validators);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), validators.len());
		assert_eq!(
			pallet_collective::Members::<Runtime, CouncilCollective>::get().len(),
			keys.council.len()
		);
		// The council's members are its only participants at genesis.
		assert_eq!(pallet_registry::Participants::<Runtime>::iter().count(), keys.council.len());
		assert_eq!(
			pallet_node_authorization::WellKnownNodes::<Runtime>::get().len(),
			keys.nodes.len()
		);
		for account in &validators {
			assert_eq!(
				pallet_balances::Pallet::<Runtime>::free_balance(account),
				OPERATOR_ENDOWMENT
			);
		}
	});
}

/// The property the council exists for: every motion needs an aye of each city, so each city
/// has a seat, and genesis registers every member in its city's jurisdiction (what its aye
/// counts for in `TwoCities.enact`).
#[test]
fn every_santander_fujisawa_council_member_speaks_for_its_city() {
	let keys = keys_file().unwrap();
	for city in ["santander", "fujisawa"] {
		assert!(keys.council.iter().any(|m| m.city == city), "{city} has no council seat");
	}
	assert!(keys.validators.iter().all(|v| v.city == "santander" || v.city == "fujisawa"));
	common::genesis(SANTANDER_FUJISAWA_PRESET).execute_with(|| {
		for member in &keys.council {
			let participant = pallet_registry::Participants::<Runtime>::get(&member.account)
				.unwrap_or_else(|| panic!("council member {} is not registered", member.operator));
			let expected = msec_runtime::genesis_config_presets::santander_fujisawa::city_jurisdiction(
				&member.city,
			)
			.expect("a known city");
			assert_eq!(participant.jurisdiction, expected, "{}", member.operator);
		}
	});
}

#[test]
fn test_chains_register_example_participants_and_devices_with_deposits_held() {
	use frame_support::traits::fungible::InspectHold;
	use msec_runtime::{configs::DeviceDeposit, RuntimeHoldReason};

	for name in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		common::genesis(name).execute_with(|| {
			for (who, jurisdiction, roles) in
				msec_runtime::genesis_config_presets::example_participants()
			{
				let participant = pallet_registry::Participants::<Runtime>::get(&who)
					.unwrap_or_else(|| panic!("{name}: {who} is not registered"));
				assert_eq!((participant.jurisdiction, participant.roles), (jurisdiction, roles));
			}
			let devices = msec_runtime::genesis_config_presets::example_devices();
			assert_eq!(pallet_registry::NextDeviceId::<Runtime>::get(), devices.len() as u64);
			let reason = RuntimeHoldReason::Registry(pallet_registry::HoldReason::DeviceDeposit);
			for owner in [Sr25519Keyring::Alice, Sr25519Keyring::Charlie] {
				let held = pallet_balances::Pallet::<Runtime>::balance_on_hold(
					&reason,
					&owner.to_account_id(),
				);
				assert_eq!(held, 2 * DeviceDeposit::get(), "{name}: {owner:?}'s deposits");
			}
			pallet_registry::Pallet::<Runtime>::do_try_state().expect("registry invariants hold");
		});
	}
}
