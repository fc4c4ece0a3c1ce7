//! The node's key-encryption key for its secrets at rest (content keys, pseudonym keys): made
//! from an ed25519 key of type `msek` in the keystore, which the node creates at its first
//! start (`msec_stream_crypto::StorageKek`). Back the keystore up apart from the database:
//! with it, a copy of the database opens; without it, nothing in it does.

use msec_stream_crypto::{StorageKek, KEK_DERIVATION_MESSAGE};
use pallet_stream_worker::at_rest::AT_REST_KEY_TYPE;
use sp_core::ed25519;
use sp_keystore::{Keystore as _, KeystorePtr};

/// Makes the node's key-encryption key from its keystore.
#[derive(Clone)]
pub struct NodeKek {
	keystore: KeystorePtr,
}

impl NodeKek {
	/// The key-encryption key of `keystore`, whose `msek` key is made now if it has none.
	pub fn ensure(keystore: KeystorePtr) -> Result<Self, String> {
		if keystore.ed25519_public_keys(AT_REST_KEY_TYPE).is_empty() {
			keystore
				.ed25519_generate_new(AT_REST_KEY_TYPE, None)
				.map_err(|error| format!("cannot make the at-rest key (type msek): {error}"))?;
		}
		Ok(Self { keystore })
	}

	/// The key-encryption key of the `msek` key `public`, if the keystore holds it.
	pub fn kek_of(&self, public: &[u8; 32]) -> Option<StorageKek> {
		let public = ed25519::Public::from_raw(*public);
		let signature =
			self.keystore.ed25519_sign(AT_REST_KEY_TYPE, &public, KEK_DERIVATION_MESSAGE).ok()??;
		Some(StorageKek::from_signature(public.0, &signature.0))
	}

	/// The key-encryption key new secrets are sealed under (the smallest `msek` key, as the
	/// stream worker picks it).
	pub fn current(&self) -> Option<StorageKek> {
		let public = self.keystore.ed25519_public_keys(AT_REST_KEY_TYPE).into_iter().min()?;
		self.kek_of(&public.0)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use chacha20::rand_core::SeedableRng;
	use sp_keystore::testing::MemoryKeystore;
	use std::sync::Arc;

	#[test]
	fn the_key_encryption_key_is_remade_the_same_from_the_keystore() {
		let keystore: KeystorePtr = Arc::new(MemoryKeystore::new());
		let first = NodeKek::ensure(keystore.clone()).expect("made").current().expect("a key");
		let again = NodeKek::ensure(keystore).expect("kept").current().expect("a key");
		let sealed = first
			.seal(b"key", b"secret", &mut chacha20::ChaCha20Rng::from_seed([1; 32]))
			.expect("seals");
		assert_eq!(again.open(b"key", &sealed).expect("opens").as_slice(), b"secret");
	}
}
