//! Anonymized publication end to end on a dev node: Alice commits her card-reader stream to
//! anonymization (1.2 km cells, hourly buckets, k = 2). The relay then refuses the device's
//! own publications; the device hands raw records to Alice's node instead, in requests it
//! signs (`streams_publishAnonymized`, safe RPC: nobody else hands in records in its name, and
//! no request is taken twice), and the node pseudonymizes, generalizes and k-anonymizes them,
//! publishes the released records sealed with the content key, and queues the attestation that
//! Alice's stream worker sends. Bob, who bought the stream, decrypts the released records and
//! finds the attested output hash; no subject identifier reaches the chain, the relay or the
//! node's files.

mod common;

use chacha20::ChaCha20Rng;
use common::{
	chain::{anonymization, dispatch_result, submit},
	free_port,
	streams::{
		buy, create_listing, device_content_key, device_pair, error_code, fetch_all,
		files_containing, genesis_hash, publication, wait_for_key, DEVICE, OTHER_DEVICE,
	},
	NodeProcess, RpcClient, WAIT_LIMIT,
};
use codec::Encode;
use msec_anonymize::{digest, salted_commitment, PublishedRecord, RawRecord, Record, METHOD};
use msec_primitives::{DeviceSignature, Purpose};
use msec_runtime::{genesis_config_presets::EXAMPLE_WORKER_KEYS, RuntimeCall};
use msec_stream_crypto::{
	anonymization_request_payload, open, rand_core::SeedableRng, seal, BuyerKeypair, ContentKey,
	GenesisHash, ListingId, SealedMessage, StreamPosition,
};
use pallet_marketplace::{AnonymizationPolicy, ListingKind};
use serde_json::{json, Value};
use sp_core::{Bytes, Pair, H256};
use sp_keyring::Sr25519Keyring;

const POLICY: AnonymizationPolicy =
	AnonymizationPolicy { geohash_precision: 6, time_bucket_ms: 3_600_000, k: 2 };

/// Card `n`'s tap at (`latitude`, `longitude`) at `minute` past noon of 2026-11-23 (UTC).
fn tap(n: u32, latitude: f64, longitude: f64, minute: u64) -> Value {
	json!({
		"subject": format!("SDR-CARD-{n:06}"),
		"latitude": latitude,
		"longitude": longitude,
		"timestampMs": 1_795_435_200_000u64 + minute * 60_000,
		"reading": format!("{{\"bus\":\"line-{n}\",\"fare\":\"1.30 EUR\"}}"),
	})
}

/// Three cards at Santander's town hall within an hour, and one lone card in Fujisawa, which
/// k = 2 suppresses.
fn first_batch() -> Value {
	json!([
		tap(1, 43.46230, -3.80990, 2),
		tap(2, 43.46241, -3.81002, 17),
		tap(3, 43.46219, -3.80975, 40),
		tap(4, 35.33870, 139.48750, 5),
	])
}

/// Device `device` (its key from `derivation`) signs request `number` to anonymize `records`
/// into `listing`, as `streams_publishAnonymized` takes it.
fn signed_request(
	genesis: &GenesisHash,
	listing: ListingId,
	(device, derivation): (u64, &str),
	number: u64,
	records: &Value,
) -> Value {
	let raw: Vec<RawRecord> = serde_json::from_value(records.clone()).expect("raw records");
	let raw: Vec<Record> = raw.into_iter().map(Record::from).collect();
	let payload = anonymization_request_payload(genesis, device, listing, number, &digest(&raw));
	let signature = DeviceSignature::Ed25519(device_pair(derivation).sign(&payload));
	json!({"device": device, "listing": listing, "request": number, "records": records,
		"signature": Bytes(signature.encode())})
}

const DEVICE_0: (u64, &str) = (DEVICE, "//Alice//air-quality-1");
const GATEWAY: (u64, &str) = (OTHER_DEVICE, "//Alice//gateway-1");

/// The error code `request` is refused with.
async fn refusal(rpc: &RpcClient, request: Value) -> i32 {
	let error = rpc
		.try_request::<Value>("streams_publishAnonymized", vec![request])
		.await
		.expect_err("refused");
	error_code(error)
}

/// Bob bought the listing once it required anonymization: the device's raw reading of before
/// (`raw`) is sealed under a key his (`key`, the listing's current one) is not, and the relay
/// serves it no more.
async fn a_buyer_of_the_anonymized_listing_cannot_open_the_raw_readings_from_before(
	rpc: &RpcClient,
	listing: ListingId,
	key: &ContentKey,
	raw: &SealedMessage,
) {
	assert!(raw.position.key_epoch < key.epoch(), "the key rotated when anonymization began");
	assert!(open(key, raw).is_err(), "Bob's key does not open the raw reading");
	assert!(fetch_all(rpc, listing).await.is_empty(), "the relay serves no raw reading");
}

/// Alice's worker delivered keys and attested batches through its proxy: its account signed
/// them, and Alice's own key is not in the node's keystore.
async fn the_worker_signs_with_its_own_key_not_the_providers(rpc: &RpcClient) {
	let worker = sp_core::crypto::AccountId32::from(EXAMPLE_WORKER_KEYS[0]);
	let nonce: u64 = rpc.request("system_accountNextIndex", vec![worker.to_string().into()]).await;
	assert!(nonce > 0, "the worker account signed the worker's transactions");
	let has_key = |public: [u8; 32]| {
		let public = serde_json::to_value(Bytes(public.to_vec())).expect("hex");
		rpc.request::<bool>("author_hasKey", vec![public, "mprv".into()])
	};
	assert!(has_key(EXAMPLE_WORKER_KEYS[0]).await, "the worker key is in the keystore");
	let alice = Sr25519Keyring::Alice.public().0;
	assert!(!has_key(alice).await, "Alice's own key is not");
}

/// Alice's gateway, another device of hers on the same node, cannot hand in records for
/// device 0's listing, neither in its own name nor in device 0's.
async fn nobody_but_the_listings_device_hands_in_records(
	rpc: &RpcClient,
	genesis: &GenesisHash,
	listing: ListingId,
) {
	// Numbers no request of device 0 took yet: the signature is what refuses them.
	let records = first_batch();
	let own_name = signed_request(genesis, listing, GATEWAY, 100, &records);
	assert_eq!(refusal(rpc, own_name).await, 4004, "not the listing's device");
	let mut in_device_0s_name = signed_request(genesis, listing, GATEWAY, 100, &records);
	in_device_0s_name["device"] = json!(DEVICE);
	assert_eq!(refusal(rpc, in_device_0s_name).await, 4007, "not device 0's signature");
}

/// What an eavesdropper of `taken` (a request the node took) can do with it: nothing. Sent
/// again it is refused, and with other records under its signature too.
async fn a_replayed_anonymization_request_is_refused(rpc: &RpcClient, taken: &Value) {
	assert_eq!(refusal(rpc, taken.clone()).await, 4024, "a request is taken once");
	let mut swapped = taken.clone();
	swapped["request"] = json!(taken["request"].as_u64().expect("a number") + 1);
	swapped["records"] = json!([tap(9, 43.4623, -3.8099, 3), tap(10, 43.4623, -3.8099, 4)]);
	assert_eq!(refusal(rpc, swapped).await, 4007, "the signature covers number and records");
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_records_are_published_anonymized_and_attested_on_chain() {
	let base = std::env::temp_dir().join(format!("msec-anonymization-test-{}", std::process::id()));
	let args = ["--dev", "--base-path", base.to_str().expect("utf-8 path")].map(String::from);
	let node = NodeProcess::start("anonymization", free_port(), args.to_vec());
	let rpc = RpcClient::connect(&node).await;
	let genesis = genesis_hash(&rpc).await;
	rpc.wait_for_best_block(&node, 1).await;

	// Alice lists device 0's taps and its device publishes one raw reading under the first key;
	// then she commits the listing to anonymization (non-personal once anonymized). Bob buys
	// two epochs.
	let stream = ListingKind::Stream { epoch_length: 50 };
	let listing = create_listing(&rpc, &node, stream, &[Purpose::PublicBenefit], None).await;
	rpc.wait_until(&node, "the listing's first key on chain", WAIT_LIMIT, || async {
		common::chain::listing(&rpc, listing).await.is_some_and(|record| record.key.is_some())
	})
	.await;
	let mut rng = ChaCha20Rng::from_seed([3; 32]);
	let raw_key = device_content_key(&rpc, listing).await;
	let position = StreamPosition { listing, key_epoch: raw_key.epoch(), sequence: 1 };
	let raw = seal(&raw_key, position, b"SDR-CARD-000007 tapped", &mut rng).expect("seals");
	let device = device_pair("//Alice//air-quality-1");
	let _: Value =
		rpc.request("streams_publish", vec![publication(&genesis, DEVICE, &device, &raw)]).await;
	assert_eq!(fetch_all(&rpc, listing).await.len(), 1, "a raw listing serves its raw reading");
	let raw_reading = raw;
	let require = RuntimeCall::Marketplace(pallet_marketplace::Call::require_anonymization {
		listing,
		policy: POLICY,
	});
	dispatch_result(&submit(&rpc, &node, Sr25519Keyring::Alice, require).await)
		.expect("Alice requires anonymization");
	let bob_key = BuyerKeypair::generate(&mut rng);
	let bob =
		buy(&rpc, &node, Sr25519Keyring::Bob, listing, 2, Purpose::PublicBenefit, &bob_key).await;
	let content_key =
		wait_for_key(&rpc, &node, listing, bob, &bob_key, raw_key.epoch() + 1).await;
	a_buyer_of_the_anonymized_listing_cannot_open_the_raw_readings_from_before(
		&rpc,
		listing,
		&content_key,
		&raw_reading,
	)
	.await;

	// The device gets no content key, and may not publish what it reads even sealed with one.
	let error = rpc
		.try_request::<Value>("streams_deviceContentKey", vec![listing.into()])
		.await
		.expect_err("no key for the device of an anonymized listing");
	assert_eq!(error_code(error), 4013);
	let position = StreamPosition { listing, key_epoch: content_key.epoch(), sequence: 2 };
	let raw = seal(&content_key, position, b"SDR-CARD-000001 tapped", &mut rng).expect("seals");
	let refused = rpc
		.try_request::<Value>("streams_publish", vec![publication(&genesis, DEVICE, &device, &raw)])
		.await
		.expect_err("the relay refuses raw publications");
	assert_eq!(error_code(refused), 4013);

	// Bad input is refused and publishes nothing.
	let bad_coordinate = json!([tap(1, 91.0, 0.0, 0)]);
	for (number, records) in [(1, json!([])), (2, bad_coordinate)] {
		let request = signed_request(&genesis, listing, DEVICE_0, number, &records);
		assert_eq!(refusal(&rpc, request).await, -32602);
	}
	let other = create_listing(&rpc, &node, stream, &[Purpose::PublicBenefit], None).await;
	let request = signed_request(&genesis, other, DEVICE_0, 1, &first_batch());
	assert_eq!(refusal(&rpc, request).await, 4015, "not an anonymized listing");
	nobody_but_the_listings_device_hands_in_records(&rpc, &genesis, listing).await;
	assert!(fetch_all(&rpc, listing).await.is_empty(), "nothing before the first release");

	// The device hands its raw records to Alice's node instead, in a request it signs.
	let request = signed_request(&genesis, listing, DEVICE_0, 3, &first_batch());
	let batch: Value = rpc.request("streams_publishAnonymized", vec![request.clone()]).await;
	assert_eq!(
		(&batch["batch"], &batch["recordsIn"], &batch["recordsOut"]),
		(&json!(0), &json!(4), &json!(3))
	);
	a_replayed_anonymization_request_is_refused(&rpc, &request).await;
	// The operator's own tools may hand records in over the loopback's unsafe RPC.
	let second_records = json!([tap(5, 43.4623, -3.8099, 70), tap(6, 43.4623, -3.8099, 80)]);
	let second: Value = rpc
		.request("provider_publishAnonymized", vec![listing.into(), second_records.clone()])
		.await;
	assert_eq!((&second["batch"], &second["recordsOut"]), (&json!(1), &json!(2)));

	// Alice's worker attests both batches, in order, with the hashes her node reported.
	rpc.wait_until(&node, "both batches attested", WAIT_LIMIT, || async {
		anonymization(&rpc, listing).await.is_some_and(|a| a.next_batch() == 2)
	})
	.await;
	the_worker_signs_with_its_own_key_not_the_providers(&rpc).await;
	let latest = anonymization(&rpc, listing).await.and_then(|a| a.latest).expect("attested");
	let hash = |value: &Value| -> H256 { serde_json::from_value(value.clone()).expect("a hash") };
	assert_eq!(
		(latest.batch, latest.input_hash, latest.output_hash),
		(1, hash(&second["inputHash"]), hash(&second["outputHash"]))
	);
	assert_eq!((latest.policy, latest.method.as_slice()), (POLICY, METHOD));
	// The input hash on chain commits to the raw records under the salt only the caller got:
	// nobody tests a guess of them against the chain.
	let raw: Vec<RawRecord> = serde_json::from_value(second_records).expect("raw records");
	let raw: Vec<Record> = raw.into_iter().map(Record::from).collect();
	let salt: H256 = serde_json::from_value(second["inputSalt"].clone()).expect("a salt");
	assert_eq!(latest.input_hash, H256(salted_commitment(&salt.0, &raw)));
	assert_ne!(latest.input_hash, H256(digest(&raw)), "the unsalted hash of the right guess");
	assert_eq!((latest.records_in, latest.records_out), (2, 2));

	// Bob decrypts the released records: cells and hours, pseudonyms, no card numbers; the
	// first batch's records hash to what was reported for it.
	// The first release dropped the raw reading from the log: only releases are served.
	let served = fetch_all(&rpc, listing).await;
	assert_eq!(served.first().map(|message| message.index), Some(1), "the raw reading is gone");
	let released: Vec<PublishedRecord> = served
		.iter()
		.map(|message| {
			let plaintext =
				open(&content_key, &message.sealed_message().expect("well-formed")).expect("opens");
			assert!(!String::from_utf8_lossy(&plaintext).contains("SDR-CARD"));
			serde_json::from_slice(&plaintext).expect("a published record")
		})
		.collect();
	assert_eq!(released.len(), 5);
	let first: Vec<_> = released
		.iter()
		.filter(|record| record.batch == 0)
		.map(|record| record.anonymized_record().expect("well-formed"))
		.collect();
	assert_eq!(H256(digest(&first)), hash(&batch["outputHash"]));
	assert!(first.iter().all(|record| record.cell == "eztr32"), "the town hall's 1.2 km cell");
	assert!(first.iter().all(|record| record.period_start_ms == 1_795_435_200_000), "noon");
	let later: Vec<_> = released.iter().filter(|record| record.batch == 1).collect();
	assert_eq!(later[0].pseudonym.len(), 34, "16 bytes of hex");
	assert_ne!(first[0].pseudonym, first[1].pseudonym, "one pseudonym per card");

	// Every pallet's invariants, and no hold without a record, on the state the story left.
	common::invariants::assert_invariants_hold(&rpc).await;

	// No card number reached the node's files.
	drop(node);
	assert_eq!(files_containing(&base, &[b"SDR-CARD-"]), Vec::<String>::new());
	let _ = std::fs::remove_dir_all(&base);
}
