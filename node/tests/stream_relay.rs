//! The stream relay in a running dev node: a device's sealed, signed messages are accepted
//! only for its listing, pushed to subscribers, fetched, opened by a key holder, kept across a
//! crash, and never readable from the node's database.

mod common;

use std::time::Duration;

use chacha20::ChaCha20Rng;
use common::{
	chain::{self, dispatch_result, submit},
	free_port,
	streams::{
		create_listing, device_pair, error_code, files_containing, genesis_hash, publication, reading, DEVICE,
		OTHER_DEVICE,
	},
	NodeProcess, RpcClient, WAIT_LIMIT,
};
use msec_primitives::Purpose;
use msec_runtime::{
	configs::proxy::ProxyType, genesis_config_presets::EXAMPLE_WORKER_KEYS, AccountId, RuntimeCall,
	RuntimeEvent,
};
use msec_stream_crypto::{
	open, rand_core::SeedableRng, seal, ContentKey, GenesisHash, SealedMessage, StreamPosition,
};
use pallet_marketplace::ListingKind;
use serde_json::Value;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::MultiAddress;

/// Charlie's noise sensor in the dev chain's genesis.
const CHARLIES_DEVICE: u64 = 2;

/// Charlie appoints the dev node's worker (Alice's) his data-plane proxy, which anyone may do
/// without the node's say, and lists his device's stream, in one batch; his listing's id.
async fn charlie_appoints_the_nodes_worker_and_lists(rpc: &RpcClient, node: &NodeProcess) -> u64 {
	let appoint = RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
		delegate: MultiAddress::Id(AccountId::from(EXAMPLE_WORKER_KEYS[0])),
		proxy_type: ProxyType::DataPlane,
		delay: 0,
	});
	let create = RuntimeCall::Marketplace(pallet_marketplace::Call::create_listing {
		kind: ListingKind::Stream { epoch_length: 10 },
		metadata_hash: H256::repeat_byte(0x5a),
		price: 1,
		purposes: vec![Purpose::PublicBenefit].try_into().expect("few purposes"),
		subject: None,
		device: Some(CHARLIES_DEVICE),
	});
	let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![appoint, create] });
	let events = submit(rpc, node, Sr25519Keyring::Charlie, batch).await;
	dispatch_result(&events).expect("anyone may appoint any account");
	events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Marketplace(pallet_marketplace::Event::ListingCreated { listing, .. }) =>
				Some(*listing),
			_ => None,
		})
		.expect("Charlie lists")
}

/// The node serves only Alice (`--dev`): though Charlie appointed its worker before Alice
/// listed `alices`, the worker that keys her listing makes no key for his (`charlies`), and
/// the relay takes none of his device's messages.
async fn a_provider_the_operator_does_not_serve_gets_nothing_by_appointing_its_worker(
	rpc: &RpcClient,
	node: &NodeProcess,
	genesis: &GenesisHash,
	charlies: u64,
	alices: u64,
) {
	rpc.wait_until(node, "Alice's listing keyed", WAIT_LIMIT, || async {
		chain::listing(rpc, alices).await.is_some_and(|record| record.key.is_some())
	})
	.await;
	let record = chain::listing(rpc, charlies).await.expect("Charlie's listing is open");
	assert!(record.key.is_none(), "the worker made no key for Charlie's listing");
	let message = SealedMessage {
		position: StreamPosition { listing: charlies, key_epoch: 0, sequence: 1 },
		nonce: [0; 24],
		ciphertext: vec![1; 16],
	};
	let device = device_pair("//Charlie//noise-1");
	let error = rpc
		.try_request::<Value>(
			"streams_publish",
			vec![publication(genesis, CHARLIES_DEVICE, &device, &message)],
		)
		.await
		.expect_err("refused");
	assert_eq!(error_code(error), 4019, "not served here");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_relay_forwards_and_keeps_only_ciphertext_from_the_listings_device() {
	let base = std::env::temp_dir().join(format!("msec-relay-test-{}", std::process::id()));
	let args = ["--dev", "--base-path", base.to_str().expect("utf-8 path")].map(String::from);
	let p2p_port = free_port();
	let node = NodeProcess::start("relay", p2p_port, args.to_vec());
	let rpc = RpcClient::connect(&node).await;
	let genesis = genesis_hash(&rpc).await;
	rpc.wait_for_best_block(&node, 1).await;

	let charlies = charlie_appoints_the_nodes_worker_and_lists(&rpc, &node).await;
	let purposes = [Purpose::PublicBenefit];
	let stream = ListingKind::Stream { epoch_length: 10 };
	let listing = create_listing(&rpc, &node, stream, &purposes, None).await;
	let dataset = create_listing(&rpc, &node, ListingKind::Dataset, &purposes, None).await;
	let device = device_pair("//Alice//air-quality-1");
	let mut rng = ChaCha20Rng::from_seed([1; 32]);
	let key = ContentKey::generate(0, &mut rng);
	let sealed = |sequence: u64, rng: &mut _| {
		let position = StreamPosition { listing, key_epoch: 0, sequence };
		seal(&key, position, &reading(sequence), rng).expect("seals")
	};

	let mut subscription = rpc
		.subscribe::<Value>(
			"streams_subscribe",
			vec![listing.into(), 0.into()],
			"streams_unsubscribe",
		)
		.await;
	for sequence in 1..=3 {
		let message = sealed(sequence, &mut rng);
		let receipt: Value = rpc
			.request("streams_publish", vec![publication(&genesis, DEVICE, &device, &message)])
			.await;
		assert_eq!(receipt["index"], sequence - 1, "{receipt}");
	}
	for sequence in 1..=3 {
		let pushed = tokio::time::timeout(Duration::from_secs(30), subscription.next())
			.await
			.expect("pushed within 30 s")
			.expect("subscription open")
			.expect("decodes");
		let message: msec_stream_relay::wire::RelayedMessage =
			serde_json::from_value(pushed).expect("a relayed message");
		let opened = open(&key, &message.sealed_message().expect("well-formed")).expect("opens");
		assert_eq!(opened, reading(sequence));
	}

	// Refusals: another device, a dataset listing, an unknown listing, a replay.
	let from_gateway = sealed(4, &mut rng);
	let gateway = device_pair("//Alice//gateway-1");
	let refusals = [
		(publication(&genesis, OTHER_DEVICE, &gateway, &from_gateway), 4004),
		(publication(&genesis, DEVICE, &gateway, &from_gateway), 4007),
		(
			publication(&genesis, DEVICE, &device,
				&SealedMessage {
					position: StreamPosition { listing: dataset, key_epoch: 0, sequence: 1 },
					..from_gateway.clone()
				},
			),
			4003,
		),
		(
			publication(&genesis, DEVICE, &device,
				&SealedMessage {
					position: StreamPosition { listing: 999, key_epoch: 0, sequence: 1 },
					..from_gateway.clone()
				},
			),
			4002,
		),
		(publication(&genesis, DEVICE, &device, &sealed(3, &mut rng)), 4008),
	];
	for (publication, code) in refusals {
		let error = rpc
			.try_request::<Value>("streams_publish", vec![publication.clone()])
			.await
			.expect_err("refused");
		assert_eq!(error_code(error), code, "{publication}");
	}

	a_provider_the_operator_does_not_serve_gets_nothing_by_appointing_its_worker(
		&rpc, &node, &genesis, charlies, listing,
	)
	.await;

	// A crash loses nothing the relay accepted.
	node.crash();
	let node = NodeProcess::start("relay-restarted", p2p_port, args.to_vec());
	let rpc = RpcClient::connect(&node).await;
	let page: Value = rpc.request("streams_fetch", vec![listing.into(), 0.into(), 10.into()]).await;
	let messages: Vec<msec_stream_relay::wire::RelayedMessage> =
		serde_json::from_value(page["messages"].clone()).expect("messages");
	assert_eq!(messages.iter().map(|m| m.sequence).collect::<Vec<_>>(), [1, 2, 3]);
	assert_eq!(page["head"]["lastSequence"], 3, "{page}");
	let error = rpc
		.try_request::<Value>(
			"streams_publish",
			vec![publication(&genesis, DEVICE, &device, &sealed(2, &mut rng))],
		)
		.await
		.expect_err("a replay after the restart is refused");
	assert_eq!(error_code(error), 4008);
	let receipt: Value = rpc
		.request("streams_publish", vec![publication(&genesis, DEVICE, &device, &sealed(4, &mut rng))])
		.await;
	assert_eq!(receipt["index"], 3, "{receipt}");

	// What the node stored is ciphertext: no reading appears in any file of its database.
	drop(node);
	let readings: Vec<Vec<u8>> = (1..=4).map(reading).collect();
	let needles: Vec<&[u8]> = readings.iter().map(Vec::as_slice).collect();
	assert_eq!(files_containing(&base, &needles), Vec::<String>::new());
	let _ = std::fs::remove_dir_all(&base);
}
