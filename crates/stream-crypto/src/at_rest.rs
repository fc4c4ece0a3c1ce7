//! Secrets a node keeps in its off-chain database (content keys, pseudonym keys), sealed under
//! a key-encryption key that only the node's keystore can make.
//!
//! The keystore holds an ed25519 key of its own type for this (`msek`). Ed25519 signatures are
//! deterministic (RFC 8032), and nobody without the secret key can produce one: the BLAKE2b-256
//! of the key's signature over [`KEK_DERIVATION_MESSAGE`] is a secret the node can remake at
//! every start, kept in no database. Each secret is sealed with XChaCha20-Poly1305 under it,
//! its associated data binding the storage key it lies under: a copy of the database (or a
//! backup, or `offchain_localStorageGet`) shows no secret, and a value written with
//! `offchain_localStorageSet` that this node did not seal, or moved from another listing, does
//! not open. One the node sealed earlier can be written back (a rollback): callers check what
//! it opens to against the chain (a content key's epoch and commitment).

use alloc::vec::Vec;
use blake2::{digest::consts::U32, Blake2b, Digest};
use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	XChaCha20Poly1305,
};
use codec::{Decode, Encode};
use hpke::rand_core::CryptoRng;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{Error, NONCE_LEN};

/// What the keystore's `msek` key signs to make the key-encryption key. The key must sign
/// nothing else: its signature over this message is the secret.
pub const KEK_DERIVATION_MESSAGE: &[u8] = b"msec/at-rest/v1/key-encryption-key";

/// Domain separation of the derivation and of the associated data.
const AT_REST_CONTEXT: &[u8] = b"msec/at-rest/v1";

/// The key that seals a node's secrets at rest, with the public key that made it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct StorageKek {
	#[zeroize(skip)]
	id: [u8; 32],
	bytes: [u8; 32],
}

/// A secret as it lies in storage: the `msek` public key whose signature makes the
/// key-encryption key, the nonce, and the ciphertext with its tag.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct SealedSecret {
	/// The ed25519 public key (keystore type `msek`) of the key-encryption key.
	pub kek: [u8; 32],
	/// Random, 192 bits.
	pub nonce: [u8; NONCE_LEN],
	/// The secret under XChaCha20-Poly1305, followed by the tag.
	pub ciphertext: Vec<u8>,
}

impl StorageKek {
	/// The key-encryption key of the keystore key `public`, from its ed25519 `signature` over
	/// [`KEK_DERIVATION_MESSAGE`].
	pub fn from_signature(public: [u8; 32], signature: &[u8; 64]) -> Self {
		let preimage = Zeroizing::new((AT_REST_CONTEXT, public, signature).encode());
		Self { id: public, bytes: Blake2b::<U32>::digest(preimage.as_slice()).into() }
	}

	/// The public key that made it.
	pub fn id(&self) -> [u8; 32] {
		self.id
	}

	/// `secret`, sealed to lie under `storage_key` and nowhere else.
	pub fn seal(
		&self,
		storage_key: &[u8],
		secret: &[u8],
		rng: &mut impl CryptoRng,
	) -> Result<SealedSecret, Error> {
		let mut nonce = [0u8; NONCE_LEN];
		rng.fill_bytes(&mut nonce);
		let aad = associated_data(&self.id, storage_key);
		let ciphertext = self
			.cipher()
			.encrypt(&nonce.into(), Payload { msg: secret, aad: &aad })
			.map_err(|_| Error::Encryption)?;
		Ok(SealedSecret { kek: self.id, nonce, ciphertext })
	}

	/// The secret `sealed` holds, if this key sealed it for `storage_key` and nothing changed.
	pub fn open(
		&self,
		storage_key: &[u8],
		sealed: &SealedSecret,
	) -> Result<Zeroizing<Vec<u8>>, Error> {
		if sealed.kek != self.id {
			return Err(Error::Decryption);
		}
		let aad = associated_data(&self.id, storage_key);
		self.cipher()
			.decrypt(&sealed.nonce.into(), Payload { msg: &sealed.ciphertext, aad: &aad })
			.map(Zeroizing::new)
			.map_err(|_| Error::Decryption)
	}

	fn cipher(&self) -> XChaCha20Poly1305 {
		XChaCha20Poly1305::new(&self.bytes.into())
	}
}

fn associated_data(kek: &[u8; 32], storage_key: &[u8]) -> Vec<u8> {
	(AT_REST_CONTEXT, kek, storage_key).encode()
}

impl core::fmt::Debug for StorageKek {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "StorageKek {{ id: {:02x?}, .. }}", &self.id[..4])
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use chacha20::ChaCha20Rng;
	use hpke::rand_core::SeedableRng;

	const KEY: &[u8] = b"msec/worker/content-key/\x07";

	fn kek(signature_byte: u8) -> StorageKek {
		StorageKek::from_signature([1; 32], &[signature_byte; 64])
	}

	fn sealed(secret: &[u8]) -> SealedSecret {
		kek(9).seal(KEY, secret, &mut ChaCha20Rng::from_seed([3; 32])).expect("seals")
	}

	#[test]
	fn a_sealed_secret_opens_under_its_key_and_storage_key() {
		let stored = sealed(b"thirty-two bytes of content key!");
		assert_eq!(kek(9).open(KEY, &stored).expect("opens").as_slice(), b"thirty-two bytes of content key!");
	}

	#[test]
	fn a_copy_of_the_database_shows_no_secret() {
		let secret = [0x5a; 32];
		let stored = sealed(&secret).encode();
		assert!(!stored.windows(8).any(|window| window == &secret[..8]));
	}

	#[test]
	fn a_secret_written_by_whoever_lacks_the_keystore_key_does_not_open() {
		// offchain_localStorageSet: a value sealed under any other key, naming ours.
		let forged = kek(8).seal(KEY, &[0; 32], &mut ChaCha20Rng::from_seed([4; 32])).expect("seals");
		let forged = SealedSecret { kek: [1; 32], ..forged };
		assert_eq!(kek(9).open(KEY, &forged), Err(Error::Decryption));
	}

	#[test]
	fn a_secret_moved_to_another_listings_storage_key_does_not_open() {
		let stored = sealed(&[7; 32]);
		assert_eq!(kek(9).open(b"msec/worker/content-key/\x08", &stored), Err(Error::Decryption));
	}

	#[test]
	fn a_secret_of_another_keystore_key_is_not_tried() {
		let stored = SealedSecret { kek: [2; 32], ..sealed(&[7; 32]) };
		assert_eq!(kek(9).open(KEY, &stored), Err(Error::Decryption));
	}

	#[test]
	fn the_key_encryption_key_is_blake2b_of_context_public_key_and_signature() {
		let made = StorageKek::from_signature([1; 32], &[9; 64]);
		let expected: [u8; 32] =
			Blake2b::<U32>::digest((AT_REST_CONTEXT, [1u8; 32], [9u8; 64]).encode()).into();
		assert_eq!(made.bytes, expected);
	}
}
