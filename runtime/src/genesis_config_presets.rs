//! Genesis presets: the initial state of the chains this runtime ships with.
//!
//! - `development`: one validator (Alice), Alice holds sudo; for `msec-node --dev`.
//! - `local_testnet`: Alice (Santander) and Bob (Fujisawa) validate; Alice holds sudo.
//!
//! Every dev account (Alice to Ferdie and their `//stash` accounts) starts with
//! [`ENDOWMENT`]. These keys are public: never use these presets for a real network.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	constants::currency::MSEC, AccountId, AuraConfig, Balance, BalancesConfig, GrandpaConfig,
	RuntimeGenesisConfig, SudoConfig,
};

/// MSEC each dev account starts with: one million.
pub const ENDOWMENT: Balance = 1_000_000 * MSEC;

/// A validator's consensus keys.
struct Authority {
	aura: AuraId,
	grandpa: GrandpaId,
}

impl Authority {
	fn dev(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Self {
		Self { aura: sr.public().into(), grandpa: ed.public().into() }
	}
}

/// The genesis state of a test chain: `authorities` validate, `endowed` get
/// [`ENDOWMENT`] each, `root` holds sudo.
fn testnet_genesis(authorities: Vec<Authority>, endowed: Vec<AccountId>, root: AccountId) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|account| (account, ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: AuraConfig {
			authorities: authorities.iter().map(|a| a.aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: GrandpaConfig {
			authorities: authorities.iter().map(|a| (a.grandpa.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
	})
}

/// Every well-known dev account, including the `//stash` ones.
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// `msec-node --dev`: Alice alone.
fn development_genesis() -> Value {
	testnet_genesis(
		vec![Authority::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// `msec-node --chain local`: Alice (Santander) and Bob (Fujisawa).
fn local_testnet_genesis() -> Value {
	testnet_genesis(
		vec![
			Authority::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			Authority::dev(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The JSON patch of the preset `id`, or `None` if there is no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_str() {
		DEV_RUNTIME_PRESET => development_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		_ => return None,
	};
	// Serializing a `serde_json::Value` cannot fail.
	serde_json::to_vec(&patch).ok()
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}
