//! `msec-bench relay`: publish-to-subscribe messages per second through a node's stream relay.
//!
//! Alice registers `publishers` devices and lists one stream per device. Each device publishes
//! its share of the messages one after another over its own connection, as a real device does
//! (its sequence numbers must arrive in order); one subscriber connection follows every stream.
//! The rate is messages received over the time from the first publication to the last
//! reception; latency is from a message's publication to its reception.

use std::{
	collections::HashMap,
	time::{Duration, Instant},
};

use codec::Encode;
use futures::{stream, StreamExt};
use jsonrpsee::{
	core::{
		client::{ClientT, Subscription, SubscriptionClientT},
		ClientError,
	},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use msec_primitives::{DeviceId, DeviceKind, DeviceSignature};
use msec_runtime::RuntimeEvent;
use msec_stream_crypto::{
	publication_payload, rand_core::SeedableRng, seal, ContentKey, ListingId, StreamPosition,
};
use msec_stream_relay::{rpc::MAX_PUBLISH_BATCH, wire::PublishOutcome};

use serde_json::{json, Value};
use sp_core::{ed25519, Bytes, Pair};
use sp_io::hashing::blake2_256;
use sp_keyring::Sr25519Keyring;

use crate::{
	follower::Chain,
	measure::{percentiles, since},
	rpc::{Error, Node},
	submit::{in_order, Signer},
	world::{batch, register_device, registered_devices, stream_listing},
};

/// How the relay is measured.
#[derive(clap::Args)]
pub struct RelayArgs {
	/// Devices publishing at once, each to its own stream listing.
	#[arg(long, default_value_t = 8)]
	publishers: usize,
	/// Messages per size, shared among the publishers.
	#[arg(long, default_value_t = 10_000)]
	messages: usize,
	/// Plaintext sizes to measure, in bytes.
	#[arg(long, value_delimiter = ',', default_values_t = [64, 1024, 16384])]
	sizes: Vec<usize>,
	/// Messages per request: 1 publishes each with `streams_publish`, as a device does; more
	/// sends them in `streams_publishBatch` calls, as a gateway forwarding its devices' does.
	#[arg(long, default_value_t = 1)]
	batch: usize,
}

/// The relay's refusal of a device over its rate.
const RATE_LIMITED: i32 = 4020;
/// How many times one message waits out the rate before the run fails (some 10 s).
const MAX_RATE_WAITS: u32 = 10_000;

/// A publishing device and its stream.
pub(crate) struct Publisher {
	/// The chain's genesis hash, which publication signatures bind.
	genesis: [u8; 32],
	device: DeviceId,
	pair: ed25519::Pair,
	pub(crate) listing: ListingId,
	next_sequence: u64,
}

/// One size's figures.
pub(crate) struct Figures {
	size: usize,
	received: usize,
	pub(crate) rate: f64,
	pub(crate) latency: (Duration, Duration),
}

/// Sets up the publishers and measures every size.
pub async fn run(
	url: &str,
	node: &Node,
	chain: &Chain,
	seed: &str,
	args: RelayArgs,
) -> Result<(), Error> {
	if args.publishers == 0 || args.messages < args.publishers {
		return Err("--publishers must be at least 1 and at most --messages".into());
	}
	if !(1..=MAX_PUBLISH_BATCH).contains(&args.batch) {
		return Err(format!("--batch must be 1 to {MAX_PUBLISH_BATCH}").into());
	}
	let start = Instant::now();
	let mut publishers = set_up(node, chain, seed, args.publishers).await?;
	eprintln!("relay setup: {} devices and stream listings in {}", publishers.len(), since(start));
	let mut figures = Vec::new();
	for &size in &args.sizes {
		let result = measure(url, &mut publishers, size, args.messages, args.batch).await?;
		eprintln!(
			"relay {size} B: {} messages, {:.0} messages/s, p50 {:.1} ms, p99 {:.1} ms",
			result.received,
			result.rate,
			result.latency.0.as_secs_f64() * 1e3,
			result.latency.1.as_secs_f64() * 1e3
		);
		figures.push(result);
	}
	println!("| plaintext | messages per request | messages | publish-to-subscribe messages/s | MiB/s | latency p50 | latency p99 |");
	println!("|---|---|---|---|---|---|---|");
	for f in &figures {
		println!(
			"| {} B | {} | {} | {:.0} | {:.1} | {:.1} ms | {:.1} ms |",
			f.size,
			args.batch,
			f.received,
			f.rate,
			f.rate * f.size as f64 / (1024.0 * 1024.0),
			f.latency.0.as_secs_f64() * 1e3,
			f.latency.1.as_secs_f64() * 1e3
		);
	}
	Ok(())
}

/// Alice registers `count` devices (keys from `seed`) and lists a stream from each.
pub(crate) async fn set_up(
	node: &Node,
	chain: &Chain,
	seed: &str,
	count: usize,
) -> Result<Vec<Publisher>, Error> {
	let genesis_hash = node.genesis_hash().await?;
	let mut alice = Signer::new(node, Sr25519Keyring::Alice.pair()).await?;
	let pairs: Vec<ed25519::Pair> = (0..count)
		.map(|i| {
			ed25519::Pair::from_seed(&blake2_256(&(b"msec-bench-relay", seed, i as u64).encode()))
		})
		.collect();
	let alice_id = Sr25519Keyring::Alice.to_account_id();
	let register = batch(
		pairs
			.iter()
			.map(|pair| register_device(pair, DeviceKind::Sensor, &alice_id, genesis_hash))
			.collect(),
	);
	let register = alice.sign(register, genesis_hash);
	let events = in_order(node, chain, "registering the relay's devices", vec![register]).await?;
	let devices = registered_devices(&events);
	let list = batch(devices.iter().map(|device| stream_listing(*device, None)).collect());
	let list = alice.sign(list, genesis_hash);
	let events = in_order(node, chain, "listing the relay's streams", vec![list]).await?;
	let listings = events.iter().flatten().filter_map(|event| match event {
		RuntimeEvent::Marketplace(pallet_marketplace::Event::ListingCreated {
			listing, ..
		}) => Some(*listing),
		_ => None,
	});
	let publishers: Vec<Publisher> = devices
		.into_iter()
		.zip(pairs)
		.zip(listings)
		.map(|((device, pair), listing)| Publisher {
			genesis: genesis_hash.0,
			device,
			pair,
			listing,
			next_sequence: 1,
		})
		.collect();
	if publishers.len() != count {
		return Err(format!("set up {} publishers of {count}", publishers.len()).into());
	}
	Ok(publishers)
}

pub(crate) async fn connect(url: &str) -> Result<WsClient, Error> {
	Ok(WsClientBuilder::default()
		.max_buffer_capacity_per_subscription(1 << 20)
		.max_request_size(64 << 20)
		.max_response_size(64 << 20)
		.request_timeout(Duration::from_secs(120))
		.build(url)
		.await
		.map_err(|e| format!("cannot connect to {url}: {e}"))?)
}

/// Seals and signs `count` messages of `size` bytes for `publisher` (not timed).
pub(crate) fn publications(publisher: &mut Publisher, size: usize, count: usize) -> Vec<(u64, Value)> {
	let mut rng = rng_of(publisher.device);
	let key = ContentKey::generate(0, &mut rng);
	let plaintext = vec![0x5a; size];
	(0..count)
		.map(|_| {
			let sequence = publisher.next_sequence;
			publisher.next_sequence = sequence.saturating_add(1);
			let position = StreamPosition { listing: publisher.listing, key_epoch: 0, sequence };
			let sealed = seal(&key, position, &plaintext, &mut rng).expect("in-memory sealing");
			let signature = DeviceSignature::Ed25519(
				publisher.pair.sign(&publication_payload(&publisher.genesis, publisher.device, &sealed)),
			);
			let body = json!({
				"device": publisher.device,
				"listing": publisher.listing,
				"keyEpoch": 0,
				"sequence": sequence,
				"nonce": Bytes(sealed.nonce.to_vec()),
				"ciphertext": Bytes(sealed.ciphertext),
				"signature": Bytes(signature.encode()),
			});
			(sequence, body)
		})
		.collect()
}

/// A deterministic generator per device: the benchmark needs no secrecy.
pub(crate) fn rng_of(device: DeviceId) -> chacha20::ChaCha20Rng {
	let mut seed = [0u8; 32];
	seed[..8].copy_from_slice(&device.to_le_bytes());
	chacha20::ChaCha20Rng::from_seed(seed)
}

/// Publishes `messages` of `size` bytes through the relay, `batch` per request, and follows
/// them to a subscriber.
pub(crate) async fn measure(
	url: &str,
	publishers: &mut [Publisher],
	size: usize,
	messages: usize,
	batch: usize,
) -> Result<Figures, Error> {
	let share = messages / publishers.len();
	let started = Instant::now();
	let batches: Vec<(ListingId, Vec<(u64, Value)>)> = publishers
		.iter_mut()
		.map(|publisher| (publisher.listing, publications(publisher, size, share)))
		.collect();
	let total = share * publishers.len();
	eprintln!("relay {size} B: sealed and signed {total} messages in {}", since(started));

	let subscriber = connect(url).await?;
	let mut subscriptions = Vec::new();
	for publisher in publishers.iter() {
		let subscription: Subscription<Value> = subscriber
			.subscribe("streams_subscribe", rpc_params![publisher.listing], "streams_unsubscribe")
			.await?;
		subscriptions.push(subscription);
	}
	let receive = tokio::spawn(async move {
		let mut all = stream::select_all(subscriptions);
		let mut arrivals = HashMap::with_capacity(total);
		while arrivals.len() < total {
			let next = tokio::time::timeout(Duration::from_secs(60), all.next()).await;
			let Ok(Some(Ok(message))) = next else { break };
			let key = (message["listing"].as_u64(), message["sequence"].as_u64());
			arrivals.insert(key, Instant::now());
		}
		arrivals
	});

	let first_publication = Instant::now();
	let sends = futures::future::try_join_all(batches.into_iter().map(|(listing, messages)| {
		async move {
			let client = connect(url).await?;
			if batch == 1 {
				publish_one_by_one(&client, listing, messages).await
			} else {
				publish_in_batches(&client, listing, messages, batch).await
			}
		}
	}))
	.await?;
	let arrivals = receive.await.map_err(|e| format!("the subscriber failed: {e}"))?;
	let last = arrivals.values().max().copied().unwrap_or(first_publication);
	let mut latencies: Vec<Duration> = sends
		.into_iter()
		.flatten()
		.filter_map(|(key, sent)| {
			arrivals.get(&key).map(|arrived| arrived.saturating_duration_since(sent))
		})
		.collect();
	if arrivals.len() < total {
		return Err(
			format!("relay {size} B: received {} of {total} messages", arrivals.len()).into()
		);
	}
	let seconds = last.duration_since(first_publication).as_secs_f64().max(1e-9);
	Ok(Figures {
		size,
		received: arrivals.len(),
		rate: arrivals.len() as f64 / seconds,
		latency: percentiles(&mut latencies),
	})
}

/// A publication's key among the subscriber's arrivals, and when it was sent.
type Sent = ((Option<ListingId>, Option<u64>), Instant);

/// Publishes `messages` to `listing` one `streams_publish` after another, as a device does.
async fn publish_one_by_one(
	client: &WsClient,
	listing: ListingId,
	messages: Vec<(u64, Value)>,
) -> Result<Vec<Sent>, Error> {
	let mut sent = Vec::with_capacity(messages.len());
	for (sequence, body) in messages {
		let at = Instant::now();
		// Over its rate (4020), a device waits a little and publishes again, for a while.
		let mut waits = 0;
		loop {
			match client.request::<Value, _>("streams_publish", rpc_params![&body]).await {
				Ok(_) => break,
				Err(ClientError::Call(error))
					if error.code() == RATE_LIMITED && waits < MAX_RATE_WAITS =>
				{
					waits += 1;
					tokio::time::sleep(Duration::from_millis(1)).await
				},
				Err(e) => return Err(format!("streams_publish to listing {listing}: {e}").into()),
			}
		}
		sent.push(((Some(listing), Some(sequence)), at));
	}
	Ok(sent)
}

/// Publishes `messages` to `listing` `batch` at a time with `streams_publishBatch`, as a
/// gateway does; every one must be taken (the relay's rate limit is off in this benchmark).
async fn publish_in_batches(
	client: &WsClient,
	listing: ListingId,
	messages: Vec<(u64, Value)>,
	batch: usize,
) -> Result<Vec<Sent>, Error> {
	let mut sent = Vec::with_capacity(messages.len());
	for chunk in messages.chunks(batch) {
		let at = Instant::now();
		let bodies: Vec<&Value> = chunk.iter().map(|(_, body)| body).collect();
		let outcomes: Vec<PublishOutcome> = client
			.request("streams_publishBatch", rpc_params![bodies])
			.await
			.map_err(|e| format!("streams_publishBatch to listing {listing}: {e}"))?;
		if let Some(PublishOutcome::Refused { error }) =
			outcomes.iter().find(|outcome| matches!(outcome, PublishOutcome::Refused { .. }))
		{
			return Err(format!("streams_publishBatch to listing {listing}: {}", error.message).into());
		}
		sent.extend(chunk.iter().map(|(sequence, _)| ((Some(listing), Some(*sequence)), at)));
	}
	Ok(sent)
}
