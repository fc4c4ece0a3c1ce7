//! The stream worker stays live under a heavy stream, on the key-delivery story's node while
//! that story waits for its epochs. Alice's camera listing takes an epoch of 200 MB of
//! ciphertext, far above the 128 MiB an off-chain worker's Wasm heap can hold; while the worker
//! proves that epoch, a buyer of her air-quality listing is removed. The worker still rotates
//! the air-quality key within a few blocks, and confirms the camera epoch with the count and
//! digest Dave recomputes from what was published.

use std::time::Instant;

use chacha20::ChaCha20Rng;
use msec_primitives::Purpose;
use msec_runtime::RuntimeCall;
use msec_stream_crypto::{
	rand_core::SeedableRng, seal, BuyerKeypair, GenesisHash, ListingId, StreamPosition, TAG_LEN,
};
use pallet_marketplace::ListingKind;
use serde_json::Value;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;

use crate::common::{
	chain::{dispatch_result, listing, purchase, submit},
	streams::{buy, create_listing, device_content_key, device_pair, publication, wait_for_key, DEVICE},
	NodeProcess, RpcClient, WAIT_LIMIT,
};

/// Blocks per epoch of both listings.
const EPOCH_LENGTH: u32 = 5;
/// The camera's frames: the relay's largest message (64 KiB of ciphertext).
const FRAME_BYTES: usize = 64 * 1024 - TAG_LEN;
/// Frames in the camera's first epoch: 200 MiB of ciphertext.
pub const FRAMES: u64 = 3_200;
/// Blocks the worker may take to rekey after a buyer's removal: the rekey is sent in the
/// first run after it and lands in the next block or two.
const REKEY_BLOCKS: u32 = 4;

/// A device floods one listing with an epoch of 200 MB; a buyer of another listing is removed
/// while the worker proves it. The rekey still lands at once. The camera and air-quality
/// listings, for more checks.
pub async fn a_200_mb_epoch_on_one_listing_does_not_stop_key_rotation_on_another(
	rpc: &RpcClient,
	node: &NodeProcess,
	genesis: &GenesisHash,
) -> (ListingId, ListingId) {
	// The camera listing comes first: the worker proves its epoch before it reaches the
	// air-quality listing in every run.
	let purposes = [Purpose::PublicBenefit];
	let stream = ListingKind::Stream { epoch_length: EPOCH_LENGTH };
	let camera = create_listing(rpc, node, stream, &purposes, None).await;
	let air = create_listing(rpc, node, stream, &purposes, None).await;
	let mut rng = ChaCha20Rng::from_seed([5; 32]);
	let dave_key = BuyerKeypair::generate(&mut rng);
	let eve_key = BuyerKeypair::generate(&mut rng);
	let dave =
		buy(rpc, node, Sr25519Keyring::Dave, camera, 1, Purpose::PublicBenefit, &dave_key)
			.await;
	let eve = buy(rpc, node, Sr25519Keyring::Eve, air, 2, Purpose::PublicBenefit, &eve_key).await;
	wait_for_key(rpc, node, camera, dave, &dave_key, 0).await;
	wait_for_key(rpc, node, air, eve, &eve_key, 0).await;

	// 200 MiB of frames in Dave's only epoch.
	let epoch_end = purchase(rpc, dave).await.expect("Dave's purchase").start + EPOCH_LENGTH;
	let key = device_content_key(rpc, camera).await;
	let device = device_pair("//Alice//air-quality-1");
	let frame = vec![0x42; FRAME_BYTES];
	let started = Instant::now();
	let mut published = Vec::new();
	for sequence in 1..=FRAMES {
		let position = StreamPosition { listing: camera, key_epoch: key.epoch(), sequence };
		let sealed = seal(&key, position, &frame, &mut rng).expect("seals");
		let receipt: Value = rpc
			.request("streams_publish", vec![publication(genesis, DEVICE, &device, &sealed)])
			.await;
		let received_at = receipt["receivedAt"].as_u64().expect("receivedAt");
		assert!(
			received_at < u64::from(epoch_end),
			"frame {sequence} reached the relay at block {received_at}, after the epoch ended at \
			 {epoch_end}: publishing 200 MiB took longer than an epoch here"
		);
		published.push(sealed);
	}
	eprintln!("published {FRAMES} frames (200 MiB) in {:?}", started.elapsed());

	// Once the epoch can be confirmed the worker works out its proof in every run. Eve
	// disputes her air-quality purchase then: she is no longer entitled, and the key she holds
	// must be replaced.
	let timings = msec_runtime::genesis_config_presets::DEV_MARKETPLACE_TIMINGS;
	rpc.wait_for_best_block(node, epoch_end + timings.confirmation_delay + 1).await;
	let dispute = RuntimeCall::Marketplace(pallet_marketplace::Call::dispute {
		purchase: eve,
		reason: H256::repeat_byte(0xd1),
	});
	dispatch_result(&submit(rpc, node, Sr25519Keyring::Eve, dispute).await)
		.expect("Eve disputes");
	let disputed_at = rpc.block_number(None).await;
	let camera_deadline = epoch_end + timings.confirmation_delay + timings.confirmation_period;
	assert!(
		disputed_at + REKEY_BLOCKS < camera_deadline,
		"the camera epoch is still being proved while the rekey is awaited"
	);
	rpc.wait_until(node, "the air-quality listing rekeyed", WAIT_LIMIT, || async {
		listing(rpc, air).await.and_then(|open| open.key).is_some_and(|key| key.epoch == 1)
	})
	.await;
	let rekeyed_at = rpc.block_number(None).await;
	assert!(
		rekeyed_at <= disputed_at + REKEY_BLOCKS,
		"the rekey landed at block {rekeyed_at}, {} blocks after the dispute",
		rekeyed_at - disputed_at
	);

	// The camera epoch is confirmed with what the relay took, as Dave recomputes it from
	// the frames (the log was empty before them).
	rpc.wait_until(node, "the camera epoch confirmed", WAIT_LIMIT, || async {
		purchase(rpc, dave).await.is_some_and(|p| !p.delivered.is_empty())
	})
	.await;
	let delivery = purchase(rpc, dave).await.expect("Dave's purchase").delivered[0].clone();
	let proof = msec_stream_log::delivery_proof(H256::zero(), &published);
	assert_eq!((delivery.message_count, delivery.digest), (proof.message_count, proof.digest));
	assert_eq!(u64::from(delivery.message_count), FRAMES);
	(camera, air)
}
