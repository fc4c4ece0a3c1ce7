//! End to end: the built `msec-node --dev --tmp` produces and finalizes blocks and executes a
//! signed transfer submitted over JSON-RPC; a public JSON-RPC endpoint serves no unsafe method.

mod common;

use codec::{Decode, Encode};
use common::{NodeProcess, RpcClient};
use msec_runtime::{
	constants::currency::MSEC, signing::sign_call, BalancesCall, Hash, Runtime, RuntimeCall,
	RuntimeEvent,
};
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;

type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_finalizes_blocks_and_executes_a_signed_transfer() {
	let mut node = NodeProcess::start_dev();
	let rpc = RpcClient::connect(&mut node).await;

	// Blocks are produced and finalized.
	rpc.wait_for_best_block(&node, 2).await;
	rpc.wait_for_finalized_block(&node, 1).await;

	// The chain tells wallets its token without custom types.
	let properties = rpc.request::<serde_json::Value>("system_properties", vec![]).await;
	assert_eq!(properties["tokenSymbol"], "MSEC", "{properties}");
	assert_eq!(properties["tokenDecimals"], 12, "{properties}");
	assert_eq!(properties["ss58Format"], 42, "{properties}");

	// Alice sends Dave 7 MSEC.
	let alice = Sr25519Keyring::Alice;
	let dave = Sr25519Keyring::Dave;
	let amount = 7 * MSEC;
	let genesis_hash: Hash = rpc.request("chain_getBlockHash", vec![0.into()]).await;
	let nonce: u32 = rpc
		.request("system_accountNextIndex", vec![alice.to_account_id().to_string().into()])
		.await;
	let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
		dest: dave.to_account_id().into(),
		value: amount,
	});
	let extrinsic = sign_call(call, &alice.pair(), nonce, genesis_hash);
	let block_hash = rpc.submit_and_wait_in_block(&node, &extrinsic.encode()).await;

	let events = rpc.events_at(block_hash).await;
	let events = Vec::<EventRecord>::decode(&mut &events[..]).expect("System.Events decodes");
	let transferred = events.iter().any(|record| {
		record.event ==
			RuntimeEvent::Balances(pallet_balances::Event::<Runtime>::Transfer {
				from: alice.to_account_id(),
				to: dave.to_account_id(),
				amount,
			})
	});
	assert!(transferred, "no Transfer event in block {block_hash:?}: {events:?}");
	let fee_paid = events.iter().any(|record| {
		matches!(
			&record.event,
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, .. }
			) if *who == alice.to_account_id() && *actual_fee > 0
		)
	});
	assert!(fee_paid, "Alice paid no fee in block {block_hash:?}: {events:?}");
}

/// What a public endpoint must refuse: the provider's content keys and raw-record ingestion,
/// the off-chain database behind them (keys, relay logs, attestation queues) and the keystore.
fn unsafe_calls() -> Vec<(&'static str, Vec<Value>)> {
	let record = json!({"subject": "SDR-CARD-000001", "latitude": 43.4623, "longitude": -3.8099,
		"timestampMs": 1_795_435_320_000_u64, "reading": "{}"});
	vec![
		("provider_contentKey", vec![json!(1)]),
		("provider_publishAnonymized", vec![json!(1), json!([record])]),
		("provider_erasureReceipt", vec![json!(1)]),
		("offchain_localStorageGet", vec![json!("PERSISTENT"), json!("0x00")]),
		("offchain_localStorageSet", vec![json!("PERSISTENT"), json!("0x00"), json!("0x00")]),
		("offchain_localStorageClear", vec![json!("PERSISTENT"), json!("0x00")]),
		("author_insertKey", vec![json!("mprv"), json!("//Eve"), json!("0x00")]),
		("author_rotateKeys", vec![]),
	]
}

/// What devices ask of their provider's node, safe: a key wrapped for the device, records in
/// a request only the device signs. Listing 1 does not exist on a new dev chain.
fn device_calls() -> Vec<(&'static str, Vec<Value>)> {
	let request = json!({"device": 0, "listing": 1, "request": 1, "records": [{"subject": "x",
		"latitude": 0.0, "longitude": 0.0, "timestampMs": 0, "reading": "{}"}],
		"signature": format!("0x00{}", "00".repeat(64))});
	vec![("streams_deviceContentKey", vec![json!(1)]), ("streams_publishAnonymized", vec![request])]
}

/// Every unsafe call is refused as unsafe on `rpc`, and a device's safe calls are served. The
/// node's list of methods has no `provider_` or `offchain_` method the unsafe list lacks.
async fn assert_only_safe_calls_served(rpc: &RpcClient, endpoint: &str) {
	let listed: Value = rpc.request("rpc_methods", vec![]).await;
	let checked: Vec<&str> = unsafe_calls().iter().map(|(method, _)| *method).collect();
	for method in listed["methods"].as_array().expect("a list of methods") {
		let method = method.as_str().expect("a method name");
		if method.starts_with("provider_") || method.starts_with("offchain_") {
			assert!(checked.contains(&method), "{endpoint}: {method} is not checked below");
		}
	}
	for (method, params) in device_calls() {
		match rpc.try_request::<Value>(method, params).await {
			Err(jsonrpsee::core::ClientError::Call(error)) => assert_eq!(
				error.code(),
				4002,
				"{endpoint}: {method} served, and listing 1 does not exist: {error:?}"
			),
			other => panic!("{endpoint}: {method}: {other:?}"),
		}
	}
	for (method, params) in unsafe_calls() {
		match rpc.try_request::<Value>(method, params).await {
			Err(jsonrpsee::core::ClientError::Call(error)) => assert!(
				error.code() == -32601 && error.message().contains("unsafe"),
				"{endpoint}: {method} refused for another reason: {error:?}"
			),
			other => panic!("{endpoint}: {method} was served: {other:?}"),
		}
	}
	let head: Value = rpc.request("streams_head", vec![json!(1)]).await;
	assert_eq!(head["next"], 0, "{endpoint}: devices and buyers still reach the relay");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_public_endpoint_serves_no_provider_key_offchain_storage_or_keystore_method() {
	// A relay node that does not validate, exposed as the streams guide says (a validator
	// may not use `--rpc-external`; it uses two endpoints, below).
	let args = ["--chain", "dev", "--tmp", "--rpc-external", "--rpc-methods", "safe"];
	let node = NodeProcess::start("public-safe", common::free_port(), args.map(String::from).to_vec());
	let rpc = RpcClient::connect(&node).await;
	assert_only_safe_calls_served(&rpc, "--rpc-external --rpc-methods safe").await;
	drop(rpc);
	drop(node);

	// Two endpoints, as operators.md says, on a validating provider node: a public one with
	// safe methods only, and a loopback one with unsafe methods for the provider's devices.
	let (local, public) = (common::free_port(), common::free_port());
	let endpoints = vec![
		"--experimental-rpc-endpoint".into(),
		format!("listen-addr=127.0.0.1:{local},methods=unsafe"),
		"--experimental-rpc-endpoint".into(),
		format!("listen-addr=0.0.0.0:{public},methods=safe"),
	];
	let args = ["--dev", "--tmp"].map(String::from).to_vec();
	let node =
		NodeProcess::start_with_rpc("two-endpoints", common::free_port(), args, local, endpoints);
	let public_rpc = RpcClient::connect_to_port(&node, public).await;
	assert_only_safe_calls_served(&public_rpc, "the public endpoint").await;
	let local_rpc = RpcClient::connect(&node).await;
	let stored: Option<Value> = local_rpc
		.request("offchain_localStorageGet", vec![json!("PERSISTENT"), json!("0x00")])
		.await;
	assert_eq!(stored, None, "the loopback endpoint serves unsafe methods");
	match local_rpc.try_request::<Value>("provider_contentKey", vec![json!(1)]).await {
		Err(jsonrpsee::core::ClientError::Call(error)) => {
			assert_eq!(error.code(), 4012, "served, and no listing 1 has a key: {error:?}")
		},
		other => panic!("provider_contentKey: {other:?}"),
	}
}
