//! The committed production chain specs in `chain-specs/` match this runtime and the keys
//! file, and `msec-node --chain santander-fujisawa` starts from them.
//!
//! When a test here fails after a runtime or keys-file change, regenerate the specs with
//! `scripts/build-chain-specs.sh` (before launch; a live network's genesis never changes).

mod common;

use std::{path::PathBuf, process::Command};

use common::{NodeProcess, RpcClient};
use sc_executor_common::runtime_blob::RuntimeBlob;
use serde_json::Value;

/// The storage key of the runtime code, `:code`.
const CODE_KEY: &str = "0x3a636f6465";

fn read_committed(file: &str) -> Value {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chain-specs").join(file);
	let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
	serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `msec-node build-spec` with `args`, parsed.
fn build_spec(args: &[&str]) -> Value {
	let output = Command::new(env!("CARGO_BIN_EXE_msec-node"))
		.arg("build-spec")
		.args(args)
		.arg("--disable-default-bootnode")
		.output()
		.expect("run msec-node build-spec");
	assert!(
		output.status.success(),
		"msec-node build-spec {args:?} failed:\n{}",
		String::from_utf8_lossy(&output.stderr)
	);
	serde_json::from_slice(&output.stdout).expect("build-spec prints JSON")
}

/// Everything in a raw spec except the genesis code, which differs between any two builds
/// of the same source (the Wasm embeds source paths).
fn without_code(mut spec: Value) -> Value {
	let top = spec["genesis"]["raw"]["top"].as_object_mut().expect("a raw spec");
	assert!(top.remove(CODE_KEY).is_some(), "the raw spec has no :code");
	spec
}

#[test]
fn committed_raw_spec_holds_the_genesis_the_runtime_builds_from_the_keys_file() {
	let fresh = build_spec(&["--chain", "santander-fujisawa-from-keys", "--raw"]);
	let committed = read_committed("santander-fujisawa.raw.json");
	assert!(
		without_code(committed) == without_code(fresh),
		"chain-specs/santander-fujisawa.raw.json is stale: run scripts/build-chain-specs.sh"
	);
}

#[test]
fn committed_genesis_code_is_this_runtime_version() {
	let committed = read_committed("santander-fujisawa.raw.json");
	let code = committed["genesis"]["raw"]["top"][CODE_KEY].as_str().expect(":code");
	let code = hex::decode(code.trim_start_matches("0x")).expect(":code is hex");
	let blob = RuntimeBlob::uncompress_if_needed(&code).expect("the genesis code is Wasm");
	let version = sc_executor::read_embedded_version(&blob)
		.expect("the runtime version section reads")
		.expect("the genesis code embeds its version");
	let ours = msec_runtime::VERSION;
	assert_eq!(version.spec_name, ours.spec_name);
	assert_eq!(
		(version.spec_version, version.transaction_version),
		(ours.spec_version, ours.transaction_version),
		"the committed genesis runtime is another version: run scripts/build-chain-specs.sh"
	);
}

#[test]
fn committed_plain_spec_is_the_keys_file_preset() {
	let fresh = build_spec(&["--chain", "santander-fujisawa-from-keys"]);
	let committed = read_committed("santander-fujisawa.json");
	let patch = |spec: &Value| spec["genesis"]["runtimeGenesis"]["patch"].clone();
	assert!(!patch(&fresh).is_null(), "the plain spec carries the preset as a patch");
	assert!(
		patch(&committed) == patch(&fresh),
		"chain-specs/santander-fujisawa.json is stale: run scripts/build-chain-specs.sh"
	);
	let raw = read_committed("santander-fujisawa.raw.json");
	for field in ["name", "id", "chainType", "protocolId", "properties"] {
		assert_eq!(committed[field], raw[field], "{field} differs between plain and raw spec");
	}
}

#[test]
fn the_node_embeds_the_committed_raw_spec() {
	let embedded = build_spec(&["--chain", "santander-fujisawa", "--raw"]);
	assert!(
		embedded == read_committed("santander-fujisawa.raw.json"),
		"msec-node was built before the committed raw spec changed: rebuild it"
	);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_node_starts_on_the_santander_fujisawa_chain() {
	let args = ["--chain", "santander-fujisawa", "--tmp"].map(String::from).to_vec();
	let mut node = NodeProcess::start("santander-fujisawa", common::free_port(), args);
	let rpc = RpcClient::connect(&node).await;
	node.assert_running();
	let chain: String = rpc.request("system_chain", vec![]).await;
	assert_eq!(chain, "M-Sec Santander-Fujisawa");
	let properties: Value = rpc.request("system_properties", vec![]).await;
	assert_eq!(properties["tokenSymbol"], "MSEC");
	// No sudo on the production chain: the storage item is empty.
	assert_eq!(rpc.storage_value("Sudo", "Key", None).await, None);
}
