//! The node's key-encryption key for its secrets at rest (content keys, pseudonym keys): made
//! from an ed25519 key of type `msek` in the keystore, which the node creates at its first
//! start (`msec_stream_crypto::StorageKek`). Back the keystore up apart from the database:
//! with it, a copy of the database opens; without it, nothing in it does.

use std::{collections::HashMap, sync::Arc};

use msec_stream_crypto::{StorageKek, KEK_DERIVATION_MESSAGE};
use parking_lot::Mutex;
use pallet_stream_worker::at_rest::AT_REST_KEY_TYPE;
use sp_core::ed25519;
use sp_keystore::{Keystore as _, KeystorePtr};

/// Makes the node's key-encryption key from its keystore, once per `msek` key.
#[derive(Clone)]
pub struct NodeKek {
	keystore: KeystorePtr,
	// A keystore signature per use would read the key's file each time (per record of a batch).
	made: Arc<Mutex<HashMap<[u8; 32], StorageKek>>>,
}

impl NodeKek {
	/// The key-encryption key of `keystore`, whose `msek` key is made now if it has none.
	/// Refused if it has more than one: a planted second key (`author_insertKey`) could have
	/// the worker seal under a key its planter knows.
	pub fn ensure(keystore: KeystorePtr) -> Result<Self, String> {
		match keystore.ed25519_public_keys(AT_REST_KEY_TYPE).len() {
			0 => {
				keystore
					.ed25519_generate_new(AT_REST_KEY_TYPE, None)
					.map_err(|error| format!("cannot make the at-rest key (type msek): {error}"))?;
			},
			1 => {},
			keys => {
				return Err(format!(
					"the keystore holds {keys} keys of type msek (the at-rest key): keep the one \
					 this node made and remove the others from <base-path>/chains/<chain>/keystore \
					 (files named 6d73656b…)"
				))
			},
		}
		Ok(Self { keystore, made: Default::default() })
	}

	/// The key-encryption key of the `msek` key `public`, if the keystore holds it.
	pub fn kek_of(&self, public: &[u8; 32]) -> Option<StorageKek> {
		if let Some(kek) = self.made.lock().get(public) {
			return Some(kek.clone());
		}
		let key = ed25519::Public::from_raw(*public);
		let signature =
			self.keystore.ed25519_sign(AT_REST_KEY_TYPE, &key, KEK_DERIVATION_MESSAGE).ok()??;
		let kek = StorageKek::from_signature(*public, &signature.0);
		self.made.lock().insert(*public, kek.clone());
		Some(kek)
	}

	/// The key-encryption key new secrets are sealed under: the keystore's one `msek` key, as
	/// the stream worker picks it (`None` if a second one appeared since the start).
	pub fn current(&self) -> Option<StorageKek> {
		match self.keystore.ed25519_public_keys(AT_REST_KEY_TYPE).as_slice() {
			[public] => self.kek_of(&public.0),
			_ => None,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use chacha20::rand_core::SeedableRng;
	use sp_keystore::testing::MemoryKeystore;

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

	#[test]
	fn a_planted_second_at_rest_key_stops_the_node_rather_than_seal_under_it() {
		let keystore: KeystorePtr = Arc::new(MemoryKeystore::new());
		let kek = NodeKek::ensure(keystore.clone()).expect("made");
		keystore.ed25519_generate_new(AT_REST_KEY_TYPE, Some("//planted")).expect("planted");
		assert!(kek.current().is_none(), "nothing is sealed any more");
		assert!(NodeKek::ensure(keystore).is_err(), "the node refuses to start");
	}
}
