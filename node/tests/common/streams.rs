//! Streams on the dev chain: Alice's listings of device 0, device publications, readings, and
//! searching the node's files for plaintext.

use std::path::Path;

use codec::Encode;
use jsonrpsee::core::ClientError;
use msec_primitives::{DeviceSignature, Purpose};
use msec_runtime::{constants::currency::MSEC, AccountId, RuntimeCall, RuntimeEvent};
use msec_stream_crypto::{publication_payload, ListingId, SealedMessage};
use pallet_marketplace::ListingKind;
use serde_json::{json, Value};
use sp_core::{ed25519, Bytes, Pair, H256};
use sp_keyring::Sr25519Keyring;

use super::{
	chain::{dispatch_result, submit},
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

/// `streams_publish`'s parameter: `message` from `device`, signed with `signer`.
pub fn publication(device: u64, signer: &ed25519::Pair, message: &SealedMessage) -> Value {
	let signature =
		DeviceSignature::Ed25519(signer.sign(&publication_payload(device, message))).encode();
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

/// The files under `dir` that contain `needle`.
pub fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
	let mut found = Vec::new();
	for entry in std::fs::read_dir(dir).expect("readable base path").flatten() {
		let path = entry.path();
		if path.is_dir() {
			found.extend(files_containing(&path, needle));
		} else if let Ok(bytes) = std::fs::read(&path) {
			if bytes.windows(needle.len()).any(|window| window == needle) {
				found.push(path.display().to_string());
			}
		}
	}
	found
}
