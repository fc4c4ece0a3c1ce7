//! Anonymized publication end to end on a dev node: Alice commits her card-reader stream to
//! anonymization (1.2 km cells, hourly buckets, k = 2). The relay then refuses the device's
//! own publications; the device hands raw records to Alice's node instead
//! (`provider_publishAnonymized`), which pseudonymizes, generalizes and k-anonymizes them,
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
		files_containing, genesis_hash, publication, wait_for_key, DEVICE,
	},
	NodeProcess, RpcClient, WAIT_LIMIT,
};
use msec_anonymize::{digest, PublishedRecord, METHOD};
use msec_primitives::Purpose;
use msec_runtime::RuntimeCall;
use msec_stream_crypto::{open, rand_core::SeedableRng, seal, BuyerKeypair, StreamPosition};
use pallet_marketplace::{AnonymizationPolicy, ListingKind};
use serde_json::{json, Value};
use sp_core::H256;
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

#[tokio::test(flavor = "multi_thread")]
async fn raw_records_are_published_anonymized_and_attested_on_chain() {
	let base = std::env::temp_dir().join(format!("msec-anonymization-test-{}", std::process::id()));
	let args = ["--dev", "--base-path", base.to_str().expect("utf-8 path")].map(String::from);
	let node = NodeProcess::start("anonymization", free_port(), args.to_vec());
	let rpc = RpcClient::connect(&node).await;
	let genesis = genesis_hash(&rpc).await;
	rpc.wait_for_best_block(&node, 1).await;

	// Alice lists device 0's taps, non-personal once anonymized, and commits the listing to
	// anonymization. Bob buys two epochs.
	let stream = ListingKind::Stream { epoch_length: 50 };
	let listing = create_listing(&rpc, &node, stream, &[Purpose::PublicBenefit], None).await;
	let require = RuntimeCall::Marketplace(pallet_marketplace::Call::require_anonymization {
		listing,
		policy: POLICY,
	});
	dispatch_result(&submit(&rpc, &node, Sr25519Keyring::Alice, require).await)
		.expect("Alice requires anonymization");
	let mut rng = ChaCha20Rng::from_seed([3; 32]);
	let bob_key = BuyerKeypair::generate(&mut rng);
	let bob =
		buy(&rpc, &node, Sr25519Keyring::Bob, listing, 2, Purpose::PublicBenefit, &bob_key).await;
	let content_key = wait_for_key(&rpc, &node, listing, bob, &bob_key, 0).await;

	// The device may no longer publish what it reads.
	let device_key = device_content_key(&rpc, listing).await;
	let position = StreamPosition { listing, key_epoch: device_key.epoch(), sequence: 1 };
	let raw = seal(&device_key, position, b"SDR-CARD-000001 tapped", &mut rng).expect("seals");
	let refused = rpc
		.try_request::<Value>(
			"streams_publish",
			vec![publication(&genesis, DEVICE, &device_pair("//Alice//air-quality-1"), &raw)],
		)
		.await
		.expect_err("the relay refuses raw publications");
	assert_eq!(error_code(refused), 4013);

	// Bad input is refused and publishes nothing.
	let bad_coordinate = json!([tap(1, 91.0, 0.0, 0)]);
	for (records, code) in [(json!([]), -32602), (bad_coordinate, -32602)] {
		let error = rpc
			.try_request::<Value>("provider_publishAnonymized", vec![listing.into(), records])
			.await
			.expect_err("refused");
		assert_eq!(error_code(error), code);
	}
	let other = create_listing(&rpc, &node, stream, &[Purpose::PublicBenefit], None).await;
	let error = rpc
		.try_request::<Value>("provider_publishAnonymized", vec![other.into(), first_batch()])
		.await
		.expect_err("not an anonymized listing");
	assert_eq!(error_code(error), 4015);
	assert!(fetch_all(&rpc, listing).await.is_empty());

	// The device hands its raw records to Alice's node instead.
	let batch: Value = rpc
		.request("provider_publishAnonymized", vec![listing.into(), first_batch()])
		.await;
	assert_eq!(
		(&batch["batch"], &batch["recordsIn"], &batch["recordsOut"]),
		(&json!(0), &json!(4), &json!(3))
	);
	let second: Value = rpc
		.request(
			"provider_publishAnonymized",
			vec![
				listing.into(),
				json!([tap(5, 43.4623, -3.8099, 70), tap(6, 43.4623, -3.8099, 80)]),
			],
		)
		.await;
	assert_eq!((&second["batch"], &second["recordsOut"]), (&json!(1), &json!(2)));

	// Alice's worker attests both batches, in order, with the hashes her node reported.
	rpc.wait_until(&node, "both batches attested", WAIT_LIMIT, || async {
		anonymization(&rpc, listing).await.is_some_and(|a| a.next_batch() == 2)
	})
	.await;
	let latest = anonymization(&rpc, listing).await.and_then(|a| a.latest).expect("attested");
	let hash = |value: &Value| -> H256 { serde_json::from_value(value.clone()).expect("a hash") };
	assert_eq!(
		(latest.batch, latest.input_hash, latest.output_hash),
		(1, hash(&second["inputHash"]), hash(&second["outputHash"]))
	);
	assert_eq!((latest.policy, latest.method.as_slice()), (POLICY, METHOD));
	assert_eq!((latest.records_in, latest.records_out), (2, 2));

	// Bob decrypts the released records: cells and hours, pseudonyms, no card numbers; the
	// first batch's records hash to what was reported for it.
	let released: Vec<PublishedRecord> = fetch_all(&rpc, listing)
		.await
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
