//! The key-encryption key the worker seals content keys with: made from the node's ed25519
//! key of type `msek`, whose signature over `KEK_DERIVATION_MESSAGE` only the keystore can
//! make (`msec_stream_crypto::StorageKek`). The node makes the key when it starts; the worker
//! never does (the keystore host call would panic on a read-only keystore).

use msec_stream_crypto::{StorageKek, KEK_DERIVATION_MESSAGE};
use sp_core::ed25519;
use sp_runtime::KeyTypeId;

/// The keystore key type of the key that seals the node's secrets at rest. It signs nothing
/// but `KEK_DERIVATION_MESSAGE`.
pub const AT_REST_KEY_TYPE: KeyTypeId = KeyTypeId(*b"msek");

/// The key-encryption key of `public`, if the keystore holds its secret.
pub fn kek_of(public: &[u8; 32]) -> Option<StorageKek> {
	let public = ed25519::Public::from_raw(*public);
	let signature = sp_io::crypto::ed25519_sign(AT_REST_KEY_TYPE, &public, KEK_DERIVATION_MESSAGE)?;
	Some(StorageKek::from_signature(public.0, &signature.0))
}

/// The key-encryption key new secrets are sealed under: the keystore's one `msek` key. `None`
/// if it has none, or more than one: a second key may have been planted (`author_insertKey`)
/// to have later secrets sealed under a key its planter knows, so nothing is sealed until an
/// operator removes it.
pub fn current_kek() -> Option<StorageKek> {
	match sp_io::crypto::ed25519_public_keys(AT_REST_KEY_TYPE).as_slice() {
		[public] => kek_of(&public.0),
		_ => None,
	}
}
