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

/// `--chain local`: a local test network of Alice (Santander) and Bob (Fujisawa).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"M-Sec Local Testnet",
		"msec_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}
