//! Test state built from the runtime's own genesis presets.

#![allow(dead_code)]

use frame_support::genesis_builder_helper::build_state;
use msec_runtime::{genesis_config_presets, RuntimeGenesisConfig};
use sp_io::TestExternalities;

/// State right after genesis of the preset `name`, or the error building it gave.
pub fn try_genesis(name: &str) -> Result<TestExternalities, String> {
	let patch = genesis_config_presets::get_preset(&name.into())
		.ok_or_else(|| format!("no preset named {name}"))?;
	let mut ext = TestExternalities::default();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(patch))?;
	Ok(ext)
}

/// State right after genesis of the preset `name`.
pub fn genesis(name: &str) -> TestExternalities {
	try_genesis(name).unwrap_or_else(|error| panic!("preset {name} does not build: {error}"))
}
