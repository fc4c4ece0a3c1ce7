//! Genesis presets: the initial state of the chains this runtime ships with.
//!
//! - `development`: Alice validates alone and holds sudo; for `msec-node --dev`.
//! - `local_testnet`: Alice and Bob (Santander), Charlie and Dave (Fujisawa) validate, form the
//!   council and run the well-known nodes; Alice holds sudo.
//! - `santander_fujisawa`: the production network from `chain-specs/santander-fujisawa.keys.json`,
//!   without sudo.
//!
//! On the test chains every dev account (Alice to Ferdie and their `//stash` accounts) starts
//! with [`ENDOWMENT`], and the registry holds example participants (Alice and Charlie as the
//! cities' sensor operators, Bob, Dave and Eve as buyers) and four example devices. Their keys are
//! public: never use these presets for a real network. IDS rule set 1 (500 rules) is published.

mod dev;
mod genesis;
pub mod santander_fujisawa;

use alloc::{string::String, vec, vec::Vec};
use serde_json::Value;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

pub use dev::{
	example_devices, example_participants, example_rulesets, DEV_MARKETPLACE_TIMINGS, ENDOWMENT,
	EXAMPLE_DEVICE_ENCRYPTION_KEYS, EXAMPLE_DEVICE_KEYS, EXAMPLE_WORKER_KEYS, LOCAL_TESTNET_OPERATORS,
	LOCAL_TESTNET_PEER_IDS,
};

/// The production network's preset.
pub const SANTANDER_FUJISAWA_PRESET: &str = "santander_fujisawa";

/// The JSON patch of the preset `id`, or the reason it does not build; `None` if there is no
/// such preset.
pub fn build_preset(id: &PresetId) -> Option<Result<Value, String>> {
	Some(match id.as_str() {
		DEV_RUNTIME_PRESET => dev::development(),
		LOCAL_TESTNET_RUNTIME_PRESET => dev::local_testnet(),
		SANTANDER_FUJISAWA_PRESET => santander_fujisawa::santander_fujisawa(),
		_ => return None,
	})
}

/// The serialized patch of the preset `id`, or `None` if there is no such preset or it does
/// not build (the runtime tests build every preset, so the latter is caught before release).
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	build_preset(id)?.ok().and_then(|patch| serde_json::to_vec(&patch).ok())
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(SANTANDER_FUJISAWA_PRESET),
	]
}
