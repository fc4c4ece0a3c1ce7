//! The chains `msec-node` knows by name, built from the runtime's genesis presets.

use msec_runtime::{
	constants::{
		address::SS58_PREFIX,
		currency::{TOKEN_DECIMALS, TOKEN_SYMBOL},
	},
	WASM_BINARY,
};
use sc_service::{ChainType, Properties};

/// A chain spec of this runtime (no node-side extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// What wallets need to show balances and addresses: `tokenSymbol`, `tokenDecimals`,
/// `ss58Format`.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime Wasm blob is missing: this binary was built with SKIP_WASM_BUILD. \
		 Rebuild without it."
			.to_string()
	})
}

/// A chain of this runtime started from its genesis preset `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_protocol_id("msec")
		.with_properties(properties())
		.build())
}

/// `--dev`: one validator (Alice).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"M-Sec Development",
		"msec_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: the two-city network on one machine: Alice and Bob (Santander), Charlie
/// and Dave (Fujisawa).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"M-Sec Local Testnet",
		"msec_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// The production network's spec as committed in `chain-specs/`, genesis code included.
///
/// Every node must start from the same genesis, and a Wasm runtime built from source differs
/// between builds (it embeds source paths), so the network's raw spec is fixed once and
/// compiled into the node instead of being rebuilt from the preset.
const SANTANDER_FUJISAWA_RAW_SPEC: &[u8] =
	include_bytes!("../../chain-specs/santander-fujisawa.raw.json");

/// `--chain santander-fujisawa`: the production network of the two cities.
pub fn santander_fujisawa_chain_spec() -> Result<ChainSpec, String> {
	ChainSpec::from_json_bytes(SANTANDER_FUJISAWA_RAW_SPEC)
}

/// `--chain santander-fujisawa-from-keys`: the production network built afresh from
/// `chain-specs/santander-fujisawa.keys.json` and this binary's runtime. Only
/// `scripts/build-chain-specs.sh` uses it, to regenerate the committed specs.
pub fn santander_fujisawa_from_keys_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"M-Sec Santander-Fujisawa",
		"msec_santander_fujisawa",
		ChainType::Live,
		msec_runtime::genesis_config_presets::SANTANDER_FUJISAWA_PRESET,
	)
}
