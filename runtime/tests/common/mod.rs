//! Test state built from the runtime's own genesis presets, the way a chain spec builds it.

#![allow(dead_code)]

use frame_support::genesis_builder_helper::{build_state, get_preset};
use msec_runtime::{genesis_config_presets, RuntimeGenesisConfig};
use serde_json::Value;
use sp_io::TestExternalities;

/// Applies `patch` onto `base` as chain specs do: objects merge key by key, anything else is
/// replaced.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) =>
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			},
		(base, patch) => *base = patch,
	}
}

/// State right after genesis of the preset `name`, or the error building it gave.
pub fn try_genesis(name: &str) -> Result<TestExternalities, String> {
	let patch = genesis_config_presets::get_preset(&name.into())
		.ok_or_else(|| format!("no preset named {name}"))?;
	let default = get_preset::<RuntimeGenesisConfig>(&None, |_| None)
		.ok_or("the runtime has no default genesis config")?;
	let mut config: Value = serde_json::from_slice(&default).map_err(|e| e.to_string())?;
	merge(&mut config, serde_json::from_slice(&patch).map_err(|e| e.to_string())?);
	let config = serde_json::to_vec(&config).map_err(|e| e.to_string())?;

	let mut ext = TestExternalities::default();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(config))?;
	Ok(ext)
}

/// State right after genesis of the preset `name`.
pub fn genesis(name: &str) -> TestExternalities {
	try_genesis(name).unwrap_or_else(|error| panic!("preset {name} does not build: {error}"))
}
