//! The relay's JSON-RPC methods through a real server and WebSocket client: publish, fetch,
//! head, and subscriptions that replay the log and then follow it.

use std::{sync::Arc, time::Duration};

use codec::Encode;
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
	server::Server,
	ws_client::{WsClient, WsClientBuilder},
};
use msec_primitives::{DeviceKey, DeviceSignature, DeviceStatus};
use msec_stream_crypto::{publication_payload, DeviceId, ListingId, SealedMessage, StreamPosition};
use msec_stream_relay::{
	rpc::{Streams, StreamsApiServer, MAX_PUBLISH_BATCH},
	wire::{MessagePage, PublishOutcome, PublishReceipt, RelayedMessage, StreamHead},
	ChainView, DeviceRecord, PublishError, Relay, RelayConfig, StreamSource,
};
use serde_json::json;
use sp_core::{offchain::storage::InMemOffchainStorage, sr25519, Bytes, Pair};

const LISTING: ListingId = 1;
const DEVICE: DeviceId = 5;

fn device_pair() -> sr25519::Pair {
	sr25519::Pair::from_seed(&[3; 32])
}

/// Listing 1 streams from device 5.
struct Chain;

const GENESIS: [u8; 32] = [0x47; 32];

impl ChainView for Chain {
	fn genesis_hash(&self) -> [u8; 32] {
		GENESIS
	}

	fn stream_source(&self, listing: ListingId) -> Result<StreamSource, PublishError> {
		match listing {
			LISTING => Ok(StreamSource {
				device: Some(DEVICE),
				anonymized: false,
				key_epoch: None,
				release_signers: vec![[4; 32]],
				served_here: true,
				best_block: 7,
			}),
			other => Err(PublishError::UnknownListing(other)),
		}
	}

	fn device(&self, device: DeviceId) -> Result<DeviceRecord, PublishError> {
		match device {
			DEVICE => Ok(DeviceRecord {
				key: DeviceKey::Sr25519(device_pair().public()),
				status: DeviceStatus::Active,
			}),
			other => Err(PublishError::UnknownDevice(other)),
		}
	}
}

async fn serve(retention: u64) -> WsClient {
	serve_with(RelayConfig { max_message_bytes: 1024, retention, ..RelayConfig::default() }).await
}

async fn serve_with(config: RelayConfig) -> WsClient {
	let relay = Relay::new(InMemOffchainStorage::default(), Chain, config);
	let server = Server::builder().build("127.0.0.1:0").await.expect("server binds");
	let address = server.local_addr().expect("server address");
	let handle = server.start(Streams::new(Arc::new(relay)).into_rpc());
	// The server runs until the test process ends.
	std::mem::forget(handle);
	WsClientBuilder::default()
		.build(format!("ws://{address}"))
		.await
		.expect("client connects")
}

fn publication(sequence: u64) -> serde_json::Value {
	let message = SealedMessage {
		position: StreamPosition { listing: LISTING, key_epoch: 0, sequence },
		nonce: [sequence as u8; 24],
		ciphertext: vec![0xC1; 40],
	};
	let signature =
		DeviceSignature::Sr25519(device_pair().sign(&publication_payload(&GENESIS, DEVICE, &message)));
	json!({
		"device": DEVICE,
		"listing": LISTING,
		"keyEpoch": 0,
		"sequence": sequence,
		"nonce": Bytes(message.nonce.to_vec()),
		"ciphertext": Bytes(message.ciphertext),
		"signature": Bytes(signature.encode()),
	})
}

async fn publish(client: &WsClient, sequence: u64) -> PublishReceipt {
	client
		.request("streams_publish", rpc_params![publication(sequence)])
		.await
		.expect("published")
}

async fn next(subscription: &mut Subscription<RelayedMessage>) -> RelayedMessage {
	tokio::time::timeout(Duration::from_secs(10), subscription.next())
		.await
		.expect("a message within 10 s")
		.expect("subscription open")
		.expect("message decodes")
}

#[tokio::test]
async fn published_messages_are_fetched_and_pushed_to_subscribers() {
	let client = serve(100).await;
	assert_eq!(publish(&client, 10).await, PublishReceipt { index: 0, received_at: 7 });

	let mut replaying: Subscription<RelayedMessage> = client
		.subscribe("streams_subscribe", rpc_params![LISTING, 0], "streams_unsubscribe")
		.await
		.expect("subscribes");
	let mut live: Subscription<RelayedMessage> = client
		.subscribe("streams_subscribe", rpc_params![LISTING], "streams_unsubscribe")
		.await
		.expect("subscribes");
	assert_eq!(next(&mut replaying).await.sequence, 10, "the log is replayed from index 0");

	for sequence in [11, 12] {
		publish(&client, sequence).await;
	}
	for subscription in [&mut replaying, &mut live] {
		let received = [next(subscription).await, next(subscription).await];
		assert_eq!(received[0].ciphertext, Bytes(vec![0xC1; 40]));
		assert!(received[0].sealed_message().is_some());
		assert_eq!(received.map(|m| (m.index, m.sequence)), [(1, 11), (2, 12)]);
	}

	let page: MessagePage = client
		.request("streams_fetch", rpc_params![LISTING, 1, 10])
		.await
		.expect("fetches");
	assert_eq!(page.messages.iter().map(|m| m.sequence).collect::<Vec<_>>(), [11, 12]);
	let last = page.messages.last().expect("a message");
	let chain = msec_stream_log::link(last.previous, &last.sealed_message().expect("sealed"));
	assert_eq!(page.head, StreamHead { first: 0, next: 3, last_sequence: Some(12), chain });
	let head: StreamHead =
		client.request("streams_head", rpc_params![LISTING]).await.expect("head");
	assert_eq!(head, page.head);
}

#[tokio::test]
async fn a_subscriber_from_a_dropped_index_starts_at_the_oldest_kept() {
	let client = serve(2).await;
	for sequence in 1..=4 {
		publish(&client, sequence).await;
	}
	let mut subscription: Subscription<RelayedMessage> = client
		.subscribe("streams_subscribe", rpc_params![LISTING, 0], "streams_unsubscribe")
		.await
		.expect("subscribes");
	assert_eq!((next(&mut subscription).await.index, next(&mut subscription).await.index), (2, 3));
}

#[tokio::test]
async fn refusals_are_json_rpc_errors_with_a_code_and_a_reason() {
	let client = serve(100).await;
	publish(&client, 5).await;
	let cases = [
		(publication(5), 4008, "not above the stream's last sequence 5"),
		(
			{
				let mut forged = publication(6);
				forged["ciphertext"] = json!("0x00");
				forged
			},
			4007,
			"not the device's signature",
		),
		(
			{
				let mut unknown = publication(6);
				unknown["listing"] = json!(9);
				unknown
			},
			4002,
			"no open listing 9",
		),
		(
			{
				let mut short = publication(6);
				short["nonce"] = json!("0x0102");
				short
			},
			4009,
			"nonce: expected 24 bytes, got 2",
		),
	];
	for (publication, code, reason) in cases {
		let error = client
			.request::<PublishReceipt, _>("streams_publish", rpc_params![publication])
			.await
			.expect_err("refused");
		let jsonrpsee::core::ClientError::Call(error) = error else { panic!("{error:?}") };
		assert_eq!(error.code(), code, "{}", error.message());
		assert!(error.message().contains(reason), "{}", error.message());
	}
	let error = client
		.request::<MessagePage, _>("streams_fetch", rpc_params![LISTING, 0, 5000])
		.await
		.expect_err("refused");
	assert!(error.to_string().contains("ask for 1 to 1000 messages"), "{error}");
	let head: StreamHead =
		client.request("streams_head", rpc_params![LISTING]).await.expect("head");
	assert_eq!(head.next, 1, "nothing refused was stored");
}

#[tokio::test]
async fn a_connection_cannot_open_subscriptions_without_bound() {
	let config = RelayConfig { max_subscriptions_per_connection: 2, ..RelayConfig::default() };
	let client = serve_with(config).await;
	let mut open = Vec::new();
	for _ in 0..2 {
		let subscription: Subscription<RelayedMessage> = client
			.subscribe("streams_subscribe", rpc_params![LISTING, 0], "streams_unsubscribe")
			.await
			.expect("subscribes");
		open.push(subscription);
	}
	let refused = client
		.subscribe::<RelayedMessage, _>("streams_subscribe", rpc_params![LISTING, 0], "streams_unsubscribe")
		.await
		.expect_err("a third is refused");
	assert!(refused.to_string().contains("2 relay subscriptions at most"), "{refused}");
	open.pop().expect("one").unsubscribe().await.expect("unsubscribes");
	// The server counts the slot free once the subscription's task ended.
	let mut reopened = None;
	for _ in 0..50 {
		if let Ok(subscription) = client
			.subscribe::<RelayedMessage, _>("streams_subscribe", rpc_params![LISTING, 0], "streams_unsubscribe")
			.await
		{
			reopened = Some(subscription);
			break;
		}
		tokio::time::sleep(std::time::Duration::from_millis(20)).await;
	}
	assert!(reopened.is_some(), "a freed slot is taken again");
}

#[tokio::test]
async fn a_gateways_batch_is_answered_per_publication_and_bounded() {
	let client = serve(100).await;
	let mut short_nonce = publication(2);
	short_nonce["nonce"] = json!("0x0102");
	let outcomes: Vec<PublishOutcome> = client
		.request(
			"streams_publishBatch",
			rpc_params![vec![publication(1), short_nonce, publication(1), publication(3)]],
		)
		.await
		.expect("answered");
	let codes: Vec<Result<u64, i32>> = outcomes
		.into_iter()
		.map(|outcome| match outcome {
			PublishOutcome::Published(receipt) => Ok(receipt.index),
			PublishOutcome::Refused { error } => Err(error.code),
		})
		.collect();
	assert_eq!(codes, vec![Ok(0), Err(4009), Err(4008), Ok(1)]);

	let too_many: Vec<serde_json::Value> =
		(0..=MAX_PUBLISH_BATCH as u64).map(|sequence| publication(10 + sequence)).collect();
	let refused = client
		.request::<Vec<PublishOutcome>, _>("streams_publishBatch", rpc_params![too_many])
		.await;
	match refused {
		Err(jsonrpsee::core::ClientError::Call(error)) => assert_eq!(error.code(), 4026),
		other => panic!("expected error 4026, got {other:?}"),
	}
	let head: StreamHead =
		client.request("streams_head", rpc_params![LISTING]).await.expect("head");
	assert_eq!(head.next, 2, "a batch over the bound stores nothing");
}
