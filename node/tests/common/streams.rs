//! Streams on the dev chain: Alice's listings of device 0, device publications, readings,
//! purchases and their keys, and searching the node's files for plaintext.

use std::path::Path;

use codec::Encode;
use jsonrpsee::core::ClientError;
use msec_primitives::{DeviceSignature, Purpose};
use msec_runtime::{constants::currency::MSEC, AccountId, RuntimeCall, RuntimeEvent};
use msec_stream_crypto::{
	device_encryption_secret, publication_payload, unwrap_content_key, unwrap_for_device,
	BuyerKeypair, ContentKey, DeviceKeypair, GenesisHash, KeyEpoch, ListingId, SealedMessage,
	WrappedKey,
};
use msec_stream_relay::wire::RelayedMessage;
use pallet_marketplace::{ListingKind, PurchaseId};
use serde_json::{json, Value};
use sp_core::{ed25519, Bytes, Pair, H256};
use sp_keyring::Sr25519Keyring;

use super::{
	chain::{delivered_keys, dispatch_result, submit},
	NodeProcess, RpcClient,
};

/// Device 0 of the dev chain: Alice's air-quality sensor.
pub const DEVICE: u64 = 0;
/// Device 1 of the dev chain: Alice's gateway, active but not the listing's source.
pub const OTHER_DEVICE: u64 = 1;

/// A dev device's signing key, from its derivation (`//Alice//air-quality-1`).
pub fn device_pair(derivation: &str) -> ed25519::Pair {
	ed25519::Pair::from_string(derivation, None).expect("dev derivation")
}

/// A dev device's X25519 key pair, as the dev chain registers it for devices 0 to 3 (and
/// `msec device register` derives it).
pub fn device_encryption_keypair(derivation: &str) -> DeviceKeypair {
	let seed = device_pair(derivation).seed();
	DeviceKeypair::from_secret_bytes(&device_encryption_secret(&seed)).expect("an X25519 key")
}

/// What `streams_deviceContentKey` answers for `listing`: the device and the wrapped key.
pub async fn wrapped_device_key(rpc: &RpcClient, listing: ListingId) -> (u64, WrappedKey) {
	let reply: Value = rpc.request("streams_deviceContentKey", vec![listing.into()]).await;
	let wrapped: Bytes = serde_json::from_value(reply["wrappedKey"].clone()).expect("wrappedKey");
	let wrapped: WrappedKey =
		codec::Decode::decode(&mut wrapped.0.as_slice()).expect("a wrapped key");
	assert_eq!(reply["keyEpoch"], wrapped.epoch, "{reply}");
	(reply["device"].as_u64().expect("device"), wrapped)
}

/// Alice lists device 0's data as `kind` at 1 MSEC for `purposes` (sorted), personal data of
/// `subject` if any; the new listing's id.
pub async fn create_listing(
	rpc: &RpcClient,
	node: &NodeProcess,
	kind: ListingKind<u32>,
	purposes: &[Purpose],
	subject: Option<AccountId>,
) -> ListingId {
	let call = RuntimeCall::Marketplace(pallet_marketplace::Call::create_listing {
		kind,
		metadata_hash: H256::repeat_byte(0x5a),
		price: MSEC,
		purposes: purposes.to_vec().try_into().expect("few purposes"),
		subject,
		device: Some(DEVICE),
	});
	let events = submit(rpc, node, Sr25519Keyring::Alice, call).await;
	dispatch_result(&events).expect("Alice lists");
	events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Marketplace(pallet_marketplace::Event::ListingCreated {
				listing,
				..
			}) => Some(*listing),
			_ => None,
		})
		.expect("ListingCreated")
}

/// The genesis hash of the chain `rpc`'s node runs, which publications bind.
pub async fn genesis_hash(rpc: &RpcClient) -> GenesisHash {
	let genesis: H256 = rpc.request("chain_getBlockHash", vec![0.into()]).await;
	genesis.0
}

/// `streams_publish`'s parameter: `message` from `device`, signed with `signer` for the chain
/// with genesis `genesis`.
pub fn publication(
	genesis: &GenesisHash,
	device: u64,
	signer: &ed25519::Pair,
	message: &SealedMessage,
) -> Value {
	let payload = publication_payload(genesis, device, message);
	let signature = DeviceSignature::Ed25519(signer.sign(&payload)).encode();
	json!({
		"device": device,
		"listing": message.position.listing,
		"keyEpoch": message.position.key_epoch,
		"sequence": message.position.sequence,
		"nonce": Bytes(message.nonce.to_vec()),
		"ciphertext": Bytes(message.ciphertext.clone()),
		"signature": Bytes(signature),
	})
}

/// The JSON-RPC error code of a refused call.
pub fn error_code(error: ClientError) -> i32 {
	match error {
		ClientError::Call(error) => error.code(),
		other => panic!("not a JSON-RPC error: {other}"),
	}
}

/// The plaintext of reading `sequence`, distinctive enough to search a database for.
pub fn reading(sequence: u64) -> Vec<u8> {
	format!("PM2.5 reading {sequence}: 12 ug/m3, Plaza del Ayuntamiento, Santander").into_bytes()
}

/// The files under `dir` that contain any of `needles`, read once.
pub fn files_containing(dir: &Path, needles: &[&[u8]]) -> Vec<String> {
	let mut found = Vec::new();
	for entry in std::fs::read_dir(dir).expect("readable base path").flatten() {
		let path = entry.path();
		if path.is_dir() {
			found.extend(files_containing(&path, needles));
		} else if let Ok(bytes) = std::fs::read(&path) {
			let holds = |needle: &&[u8]| bytes.windows(needle.len()).any(|window| window == *needle);
			if needles.iter().any(holds) {
				found.push(path.display().to_string());
			}
		}
	}
	found
}

/// `buyer` buys `epochs` epochs of `listing` for `purpose`, to receive the key wrapped to
/// `key`; the purchase's id.
pub async fn buy(
	rpc: &RpcClient,
	node: &NodeProcess,
	buyer: Sr25519Keyring,
	listing: ListingId,
	epochs: u32,
	purpose: Purpose,
	key: &BuyerKeypair,
) -> PurchaseId {
	let seen = super::chain::listing(rpc, listing).await.expect("the listing is open");
	let call = RuntimeCall::Marketplace(pallet_marketplace::Call::purchase {
		listing,
		epochs,
		purpose,
		buyer_key: key.public_key(),
		max_price_per_epoch: seen.price,
		listing_version: seen.version,
	});
	let events = submit(rpc, node, buyer, call).await;
	dispatch_result(&events).expect("the purchase goes through");
	events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Marketplace(pallet_marketplace::Event::Purchased {
				purchase, ..
			}) => Some(*purchase),
			_ => None,
		})
		.expect("Purchased")
}

/// The newest wrapped key delivered on chain for purchase `id`, if any.
pub async fn delivered_key(rpc: &RpcClient, id: PurchaseId) -> Option<WrappedKey> {
	let (_, _, wrapped) = delivered_keys(rpc, id).await.pop()?;
	Some(codec::Decode::decode(&mut &wrapped[..]).expect("a wrapped key"))
}

/// Waits until purchase `id` has the content key of `epoch`, unwraps it as its buyer and
/// checks it against the commitment the listing recorded for that epoch, as buyers do.
pub async fn wait_for_key(
	rpc: &RpcClient,
	node: &NodeProcess,
	listing: ListingId,
	id: PurchaseId,
	buyer: &BuyerKeypair,
	epoch: KeyEpoch,
) -> ContentKey {
	let what = format!("key epoch {epoch} delivered for purchase {id}");
	rpc.wait_until(node, &what, super::WAIT_LIMIT, || async {
		delivered_keys(rpc, id).await.iter().any(|(delivered, _, _)| *delivered == epoch)
	})
	.await;
	let (_, commitment, bytes) = delivered_keys(rpc, id)
		.await
		.into_iter()
		.find(|(delivered, _, _)| *delivered == epoch)
		.expect("delivered");
	let wrapped: WrappedKey = codec::Decode::decode(&mut &bytes[..]).expect("a wrapped key");
	let key = unwrap_content_key(buyer, listing, id, &wrapped).expect("the buyer unwraps its key");
	assert_eq!(
		H256(key.commitment(listing)),
		commitment,
		"the unwrapped key is the one the listing committed to"
	);
	key
}

/// Device 0 asks its provider's node for the listing's current content key over safe RPC
/// (`streams_deviceContentKey`) and opens it with its X25519 key.
pub async fn device_content_key(rpc: &RpcClient, listing: ListingId) -> ContentKey {
	let (device, wrapped) = wrapped_device_key(rpc, listing).await;
	assert_eq!(device, DEVICE, "Alice's listings are device 0's");
	let keypair = device_encryption_keypair("//Alice//air-quality-1");
	unwrap_for_device(&keypair, listing, DEVICE, &wrapped).expect("device 0 opens its key")
}

/// The first 100 messages of `listing`'s log.
pub async fn fetch_all(rpc: &RpcClient, listing: ListingId) -> Vec<RelayedMessage> {
	let page: Value =
		rpc.request("streams_fetch", vec![listing.into(), 0.into(), 100.into()]).await;
	serde_json::from_value(page["messages"].clone()).expect("messages")
}
