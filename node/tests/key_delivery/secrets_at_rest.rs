//! Alice's node keeps her listing's content key sealed at rest, and erases it with the log when
//! she closes the listing. Whoever reaches the database (a copy, a backup, the unsafe
//! `offchain_localStorageGet`) finds no key; whoever writes one there (`offchain_localStorageSet`)
//! gets it neither handed to a device nor delivered: the worker makes a new key instead, as it
//! does for an earlier sealed key written back. The
//! erasure receipt names what went, and Alice records its hash on the subject's consent.

use codec::Encode;
use msec_runtime::{RuntimeCall, RuntimeEvent};
use msec_stream_crypto::{ContentKey, ListingId};
use msec_stream_log::content_key_storage_key;
use serde_json::{json, Value};
use sp_core::{Bytes, H256};
use sp_keyring::Sr25519Keyring;

use crate::common::{
	chain::{dispatch_result, listing as listing_on_chain, submit},
	streams::{device_content_key, fetch_all},
	NodeProcess, RpcClient, WAIT_LIMIT,
};

async fn stored_content_key(rpc: &RpcClient, listing: ListingId) -> Option<Bytes> {
	let key = Bytes(content_key_storage_key(listing));
	rpc.request("offchain_localStorageGet", vec![json!("PERSISTENT"), json!(key)]).await
}

/// The key `provider_contentKey` hands Alice's devices, if any.
async fn served_key(rpc: &RpcClient, listing: ListingId) -> Option<Value> {
	rpc.try_request::<Value>("provider_contentKey", vec![listing.into()]).await.ok()
}

/// Reads the stored key, then writes a forged one one epoch on; the worker replaces it.
pub async fn a_content_key_read_or_written_through_local_storage_is_useless(
	rpc: &RpcClient,
	node: &NodeProcess,
	listing: ListingId,
) {
	let key = device_content_key(rpc, listing).await;
	let stored = stored_content_key(rpc, listing).await.expect("the worker keeps a key");
	assert!(
		!stored.0.windows(32).any(|window| window == key.expose_bytes()),
		"the stored content key is sealed"
	);

	let forged = ContentKey::from_bytes(key.epoch() + 1, [0x42; 32]);
	let forged_hex = format!("0x{}", hex::encode(forged.expose_bytes()));
	let storage_key = Bytes(content_key_storage_key(listing));
	let _: Value = rpc
		.request(
			"offchain_localStorageSet",
			vec![json!("PERSISTENT"), json!(storage_key), json!(Bytes(forged.encode()))],
		)
		.await;
	rpc.wait_until(node, "the worker replaces the forged key", WAIT_LIMIT, || async {
		let served = served_key(rpc, listing).await;
		assert!(
			served.as_ref().is_none_or(|reply| reply["key"] != json!(forged_hex)),
			"the forged key is never handed to a device"
		);
		let on_chain = listing_on_chain(rpc, listing).await.and_then(|listing| listing.key);
		served.zip(on_chain).is_some_and(|(reply, on_chain)| {
			reply["keyEpoch"] == json!(on_chain.epoch) && on_chain.epoch > key.epoch()
		})
	})
	.await;
	let replaced = device_content_key(rpc, listing).await;
	let on_chain = listing_on_chain(rpc, listing).await.and_then(|listing| listing.key);
	assert_eq!(
		on_chain.map(|key| key.commitment),
		Some(H256(replaced.commitment(listing))),
		"the chain commits to the worker's new key, not the forged one"
	);

	// An earlier sealed key written back (a rollback) opens, but the chain names a later
	// epoch: the worker replaces it again, one epoch on.
	let _: Value = rpc
		.request(
			"offchain_localStorageSet",
			vec![json!("PERSISTENT"), json!(Bytes(content_key_storage_key(listing))), json!(stored)],
		)
		.await;
	rpc.wait_until(node, "the worker replaces the rolled-back key", WAIT_LIMIT, || async {
		let on_chain = listing_on_chain(rpc, listing).await.and_then(|listing| listing.key);
		on_chain.is_some_and(|on_chain| on_chain.epoch > replaced.epoch())
	})
	.await;
}

/// Alice closes `listing`, whose log holds `published` messages: her node erases its key and
/// log, and she records the receipt's hash on `consent`.
pub async fn a_closed_listing_leaves_no_key_and_no_log(
	rpc: &RpcClient,
	node: &NodeProcess,
	listing: ListingId,
	published: u64,
	consent: u64,
) {
	let close = RuntimeCall::Marketplace(pallet_marketplace::Call::close_listing { listing });
	dispatch_result(&submit(rpc, node, Sr25519Keyring::Alice, close).await).expect("closes");

	let receipt = || async {
		rpc.request::<Value>("provider_erasureReceipt", vec![listing.into()]).await
	};
	rpc.wait_until(node, "the node erases the closed listing", WAIT_LIMIT, || async {
		!receipt().await.is_null()
	})
	.await;
	let receipt = receipt().await;
	assert_eq!(receipt["contentKey"], json!(true), "{receipt}");
	assert_eq!(receipt["messages"], json!(published), "{receipt}");
	assert_eq!(stored_content_key(rpc, listing).await, None, "no key left");
	assert_eq!(served_key(rpc, listing).await, None, "no key handed out");
	assert_eq!(fetch_all(rpc, listing).await.len(), 0, "no message left");

	let data_ref: H256 = serde_json::from_value(receipt["dataRef"].clone()).expect("dataRef");
	let record = RuntimeCall::Consent(pallet_consent::Call::record_erasure { consent, data_ref });
	let events = submit(rpc, node, Sr25519Keyring::Alice, record).await;
	dispatch_result(&events).expect("Alice records the erasure");
	assert!(events.iter().any(|event| matches!(
		event,
		RuntimeEvent::Consent(pallet_consent::Event::ErasureRecorded { data_ref: recorded, .. })
			if *recorded == data_ref
	)));
}
