//! The off-chain data plane end to end on a dev node: Alice (provider) lists a stream of
//! personal data from her air-quality sensor; Bob and Dave buy it for different purposes; her
//! node's stream worker records the key's epoch and commitment on chain and delivers the
//! content key to each, wrapped with HPKE; both decrypt what the device publishes, which the
//! node's database holds only as ciphertext. The data subject withdraws the consent Bob's
//! purpose rests on: the worker rekeys at once, the relay refuses a gateway that cached the
//! old key from the second block on, Dave can read what follows and Bob cannot. The device
//! publishes through every epoch; the worker confirms each once it ended, with proofs that
//! match what Dave received, and settlement pays Alice for Dave's delivered epochs and refunds
//! Bob. Meanwhile a 200 MB epoch on another listing does not stop the worker
//! ([`worker_liveness`]). Afterwards every pallet's invariants hold on the node's state; the
//! content key lies sealed in the node's database, a key written there is never used, and
//! closing a listing erases its key and log ([`secrets_at_rest`]): no file of the node holds a
//! reading or a content key.

mod common;
#[path = "key_delivery/device_keys.rs"]
mod device_keys;
#[path = "key_delivery/secrets_at_rest.rs"]
mod secrets_at_rest;
#[path = "key_delivery/worker_liveness.rs"]
mod worker_liveness;

use std::time::Duration;

use chacha20::ChaCha20Rng;
use common::{
	chain::{dispatch_result, purchase, submit, submit_in_block},
	free_port,
	invariants::assert_invariants_hold,
	streams::{
		buy, create_listing, delivered_key, device_content_key, device_pair, error_code,
		fetch_all, files_containing, genesis_hash, publication, reading, wait_for_key, DEVICE,
	},
	NodeProcess, RpcClient,
};
use msec_primitives::{LegalBasis, Purpose};
use msec_runtime::{constants::currency::MSEC, Balance, RuntimeCall, RuntimeEvent};
use msec_stream_crypto::{
	open, rand_core::SeedableRng, seal, unwrap_content_key, BuyerKeypair, ContentKey,
	StreamPosition,
};
use pallet_marketplace::{ListingKind, PurchaseId};
use serde_json::Value;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;

/// Blocks per epoch of the stream, and epochs each buyer buys.
const EPOCH_LENGTH: u32 = 6;
const EPOCHS: u32 = 3;
/// The relay's refusal of a message sealed under a replaced key epoch.
const STALE_KEY_EPOCH: i32 = 4016;
/// Long enough for every epoch of a purchase to pass and be confirmed.
const SUBSCRIPTION_LIMIT: Duration = Duration::from_secs(6 * (EPOCH_LENGTH * EPOCHS + 30) as u64);

/// What the data subject, Ferdie, consents to: Alice processing their data for `purpose`.
async fn grant_consent(rpc: &RpcClient, node: &NodeProcess, purpose: Purpose) -> u64 {
	let call = RuntimeCall::Consent(pallet_consent::Call::grant {
		controller: Sr25519Keyring::Alice.to_account_id(),
		purposes: vec![purpose].try_into().expect("one purpose"),
		legal_basis: LegalBasis::Consent,
		transfer_to: Default::default(),
		expires_at: None,
		notice_hash: H256::repeat_byte(0x11),
	});
	let events = submit(rpc, node, Sr25519Keyring::Ferdie, call).await;
	dispatch_result(&events).expect("Ferdie consents");
	events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Consent(pallet_consent::Event::ConsentGranted { consent, .. }) => {
				Some(*consent)
			},
			_ => None,
		})
		.expect("ConsentGranted")
}

async fn settle(
	rpc: &RpcClient,
	node: &NodeProcess,
	id: PurchaseId,
) -> (Balance, Balance, Balance) {
	let call = RuntimeCall::Marketplace(pallet_marketplace::Call::settle { purchase: id });
	let events = submit(rpc, node, Sr25519Keyring::Eve, call).await;
	dispatch_result(&events).expect("settles");
	events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Marketplace(pallet_marketplace::Event::PurchaseSettled {
				paid,
				fee,
				refunded,
				..
			}) => Some((*paid, *fee, *refunded)),
			_ => None,
		})
		.expect("PurchaseSettled")
}

#[tokio::test(flavor = "multi_thread")]
async fn buyers_get_keys_lose_them_on_withdrawal_and_the_provider_is_paid_for_deliveries() {
	let base = std::env::temp_dir().join(format!("msec-keys-test-{}", std::process::id()));
	// The flood of `worker_liveness` comes as fast as the relay takes it, above a device's
	// default rate.
	let args = [
		"--dev",
		"--base-path",
		base.to_str().expect("utf-8 path"),
		"--relay-device-rate",
		"100000",
	]
	.map(String::from);
	let node = NodeProcess::start("keys", free_port(), args.to_vec());
	let rpc = RpcClient::connect(&node).await;
	let genesis = genesis_hash(&rpc).await;
	rpc.wait_for_best_block(&node, 1).await;

	// Ferdie's air-quality readings are personal data: Ferdie consents to research and to
	// public-benefit uses separately.
	let research_consent = grant_consent(&rpc, &node, Purpose::AcademicResearch).await;
	let public_benefit_consent = grant_consent(&rpc, &node, Purpose::PublicBenefit).await;
	let purposes = [Purpose::AcademicResearch, Purpose::PublicBenefit];
	let stream = ListingKind::Stream { epoch_length: EPOCH_LENGTH };
	let ferdie = Some(Sr25519Keyring::Ferdie.to_account_id());
	let listing = create_listing(&rpc, &node, stream, &purposes, ferdie).await;

	let mut rng = ChaCha20Rng::from_seed([7; 32]);
	let bob_key = BuyerKeypair::generate(&mut rng);
	let dave_key = BuyerKeypair::generate(&mut rng);
	let bob =
		buy(&rpc, &node, Sr25519Keyring::Bob, listing, EPOCHS, Purpose::AcademicResearch, &bob_key)
			.await;
	let dave =
		buy(&rpc, &node, Sr25519Keyring::Dave, listing, EPOCHS, Purpose::PublicBenefit, &dave_key)
			.await;

	// Alice's worker delivers the key of epoch 0 to both; her device seals with the same key.
	let bob_epoch_0 = wait_for_key(&rpc, &node, listing, bob, &bob_key, 0).await;
	let dave_epoch_0 = wait_for_key(&rpc, &node, listing, dave, &dave_key, 0).await;
	let device_key = device_content_key(&rpc, listing).await;
	assert!(device_key == bob_epoch_0 && device_key == dave_epoch_0, "one key of epoch 0");
	device_keys::a_device_key_asked_for_by_anyone_opens_only_for_the_listings_device(
		&rpc,
		listing,
		&device_key,
	)
	.await;

	let device = device_pair("//Alice//air-quality-1");
	let publish = |key: &ContentKey, sequence: u64, rng: &mut ChaCha20Rng| {
		let position = StreamPosition { listing, key_epoch: key.epoch(), sequence };
		let sealed = seal(key, position, &reading(sequence), rng).expect("seals");
		publication(&genesis, DEVICE, &device, &sealed)
	};
	let _: Value = rpc.request("streams_publish", vec![publish(&device_key, 1, &mut rng)]).await;
	let first = fetch_all(&rpc, listing).await[0].sealed_message().expect("well-formed");
	assert_eq!(open(&bob_epoch_0, &first).expect("Bob reads"), reading(1));
	assert_eq!(open(&dave_epoch_0, &first).expect("Dave reads"), reading(1));

	// Ferdie withdraws the research consent at block B: Bob's purpose is no longer permitted.
	// Alice's gateway caches the key of epoch 0 and goes on sealing under it, a reading a
	// second, until a relay refuses it: her node rotated the key, so nothing the relay takes
	// after B+1 opens with Bob's key. Her worker rekeys for Dave alone.
	let withdraw =
		RuntimeCall::Consent(pallet_consent::Call::withdraw { consent: research_consent });
	let (withdrawn_in, events) =
		submit_in_block(&rpc, &node, Sr25519Keyring::Ferdie, withdraw).await;
	dispatch_result(&events).expect("Ferdie withdraws");
	let withdrawn_at = rpc.block_number(Some(withdrawn_in)).await;
	let cached = device_key.clone();
	let mut sequence = 1;
	let refused_with = loop {
		sequence += 1;
		let sent = rpc
			.try_request::<Value>("streams_publish", vec![publish(&cached, sequence, &mut rng)])
			.await;
		match sent {
			Ok(receipt) => {
				let taken_at = receipt["receivedAt"].as_u64().expect("receivedAt");
				assert!(
					taken_at <= u64::from(withdrawn_at) + 1,
					"epoch 0 still taken at block {taken_at}"
				);
			},
			Err(error) => break error_code(error),
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	};
	assert_eq!(refused_with, STALE_KEY_EPOCH, "the gateway is told its key epoch is stale");
	let dave_epoch_1 = wait_for_key(&rpc, &node, listing, dave, &dave_key, 1).await;
	let bob_wrapped = delivered_key(&rpc, bob).await.expect("Bob's old key stays on chain");
	assert_eq!(bob_wrapped.epoch, 0, "Bob gets no new key");
	let bob_latest = unwrap_content_key(&bob_key, listing, bob, &bob_wrapped).expect("unwraps");
	let device_key = device_content_key(&rpc, listing).await;
	assert!(device_key == dave_epoch_1, "the device seals with the new key");

	sequence += 1;
	let _: Value =
		rpc.request("streams_publish", vec![publish(&device_key, sequence, &mut rng)]).await;
	let messages = fetch_all(&rpc, listing).await;
	let newest = messages.last().expect("published").sealed_message().expect("well-formed");
	assert_eq!(open(&dave_epoch_1, &newest).expect("Dave reads"), reading(sequence));
	for message in messages.iter().filter(|m| m.received_at > withdrawn_at + 1) {
		let sealed = message.sealed_message().expect("well-formed");
		// `open` checks the key's epoch label first: Bob relabels his keys to the message's.
		let bob_keys = [&bob_epoch_0, &bob_latest].map(|key| {
			ContentKey::from_bytes(sealed.position.key_epoch, *key.expose_bytes())
		});
		assert!(
			bob_keys.iter().all(|key| open(key, &sealed).is_err()),
			"Bob cannot read message {} taken at block {} after his removal at block \
			 {withdrawn_at}",
			message.index,
			message.received_at
		);
	}

	// While the rest of the story waits for its epochs, a flood of 200 MB on two other
	// listings of Alice's tests that her worker stays live.
	let flood = async {
		let (camera, air) =
			worker_liveness::a_200_mb_epoch_on_one_listing_does_not_stop_key_rotation_on_another(
				&rpc, &node, &genesis,
			)
			.await;
		// Then Alice's keys at rest, read and forged through the unsafe local-storage RPC, and
		// the erasure of the camera's 200 MB when she closes it, recorded on Ferdie's consent.
		secrets_at_rest::a_content_key_read_or_written_through_local_storage_is_useless(
			&rpc, &node, air,
		)
		.await;
		let air_key = device_content_key(&rpc, air).await;
		secrets_at_rest::a_closed_listing_leaves_no_key_and_no_log(
			&rpc,
			&node,
			camera,
			worker_liveness::FRAMES,
			public_benefit_consent,
		)
		.await;
		air_key
	};
	let story = async {
		// The device goes on publishing, a reading every block or so, until Dave's subscription
		// ends: every epoch has something to deliver.
		let dave_purchase = purchase(&rpc, dave).await.expect("Dave's purchase");
		let subscription_end = dave_purchase.start + EPOCH_LENGTH * EPOCHS;
		while rpc.block_number(None).await < subscription_end {
			sequence += 1;
			let key = device_content_key(&rpc, listing).await;
			let _: Value = rpc.request("streams_publish", vec![publish(&key, sequence, &mut rng)]).await;
			tokio::time::sleep(Duration::from_secs(5)).await;
		}

		// Each of Dave's epochs is confirmed, once it ended, with the count and digest of
		// what the relay took in it, which Dave recomputes from the messages he fetched; Bob's
		// purchase is suspended.
		rpc.wait_until(&node, "all of Dave's epochs confirmed", SUBSCRIPTION_LIMIT, || async {
			purchase(&rpc, dave).await.is_some_and(|p| p.delivered.len() == EPOCHS as usize)
		})
		.await;
		let dave_purchase = purchase(&rpc, dave).await.expect("Dave's purchase");
		let messages = fetch_all(&rpc, listing).await;
		let mut confirmed_messages = 0;
		for delivery in &dave_purchase.delivered {
			let from = dave_purchase.start + EPOCH_LENGTH * delivery.epoch;
			let in_epoch: Vec<_> = messages
				.iter()
				.filter(|m| (from..from + EPOCH_LENGTH).contains(&m.received_at))
				.collect();
			let sealed: Vec<_> =
				in_epoch.iter().map(|m| m.sealed_message().expect("well-formed")).collect();
			let start = in_epoch.first().map(|m| m.previous).unwrap_or_default();
			let proof = msec_stream_log::delivery_proof(start, &sealed);
			assert_eq!(
				(delivery.message_count, delivery.digest),
				(proof.message_count, proof.digest),
				"epoch {}",
				delivery.epoch
			);
			confirmed_messages += delivery.message_count;
		}
		let published = u32::try_from(messages.len()).expect("few");
		assert_eq!(confirmed_messages, published, "every reading falls in Dave's subscription");
		let bob_purchase = purchase(&rpc, bob).await.expect("Bob's purchase");
		assert!(bob_purchase.suspended_from.is_some(), "Bob's purchase is suspended");

		// After the last confirmation deadline and the dispute window, settlement pays Alice for
		// Dave's three epochs and refunds Bob what was not delivered to him.
		let timings = msec_runtime::genesis_config_presets::DEV_MARKETPLACE_TIMINGS;
		let dispute_deadline = subscription_end +
			timings.confirmation_delay +
			timings.confirmation_period +
			timings.dispute_window;
		rpc.wait_for_best_block(&node, dispute_deadline + 1).await;
		let (paid, fee, refunded) = settle(&rpc, &node, dave).await;
		assert_eq!((paid + fee, refunded), (3 * MSEC, 0), "Dave's epochs are all paid");
		let (paid, fee, refunded) = settle(&rpc, &node, bob).await;
		assert!(refunded > 0 && paid + fee + refunded == 3 * MSEC, "Bob is refunded");
	};
	let (air_key, ()) = tokio::join!(flood, story);

	// Every pallet's invariants, and no hold without a record, on the state the story left.
	assert_invariants_hold(&rpc).await;

	// The node kept ciphertext only, and no content key in the clear.
	drop(node);
	let (first, last) = (reading(1), reading(sequence));
	let secrets: [&[u8]; 5] = [
		&first,
		&last,
		bob_epoch_0.expose_bytes(),
		dave_epoch_1.expose_bytes(),
		air_key.expose_bytes(),
	];
	assert_eq!(files_containing(&base, &secrets), Vec::<String>::new());
	let _ = std::fs::remove_dir_all(&base);
}
