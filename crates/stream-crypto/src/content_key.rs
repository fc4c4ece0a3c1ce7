//! Content keys: the symmetric key a listing's messages are sealed with during one key epoch.

use blake2::{digest::consts::U32, Blake2b, Digest};
use codec::{Decode, Encode};
use hpke::rand_core::CryptoRng;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A key epoch: the provider starts a new one, with a new content key, at every rekey.
pub type KeyEpoch = u32;

/// Bytes of a content key (XChaCha20-Poly1305's key size).
pub const CONTENT_KEY_LEN: usize = 32;

/// The key a listing's messages are sealed with during one key epoch. Wiped from memory when
/// dropped; never printed.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Zeroize, ZeroizeOnDrop)]
pub struct ContentKey {
	epoch: KeyEpoch,
	bytes: [u8; CONTENT_KEY_LEN],
}

impl ContentKey {
	/// A fresh random key for `epoch`.
	pub fn generate(epoch: KeyEpoch, rng: &mut impl CryptoRng) -> Self {
		let mut bytes = [0u8; CONTENT_KEY_LEN];
		rng.fill_bytes(&mut bytes);
		Self { epoch, bytes }
	}

	/// The key of `epoch` made of `bytes` (as unwrapped, or read back from storage).
	pub fn from_bytes(epoch: KeyEpoch, bytes: [u8; CONTENT_KEY_LEN]) -> Self {
		Self { epoch, bytes }
	}

	/// The epoch this key belongs to.
	pub fn epoch(&self) -> KeyEpoch {
		self.epoch
	}

	/// The secret bytes.
	pub fn expose_bytes(&self) -> &[u8; CONTENT_KEY_LEN] {
		&self.bytes
	}

	/// The commitment to this key that the provider's node records on chain for `listing`
	/// (`Marketplace.rekey`): `BLAKE2b-256` of the SCALE encoding of
	/// `(KEY_COMMITMENT_CONTEXT, listing, epoch, key)`. A buyer checks what it unwrapped
	/// against it, so that no epoch names two keys and a garbage wrap shows.
	pub fn commitment(&self, listing: crate::ListingId) -> [u8; 32] {
		let preimage = (KEY_COMMITMENT_CONTEXT, listing, self.epoch, self.bytes).encode();
		Blake2b::<U32>::digest(&preimage).into()
	}
}

/// The domain-separation tag of key commitments.
pub const KEY_COMMITMENT_CONTEXT: &[u8] = b"msec/key-commit/v1";

impl core::fmt::Debug for ContentKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "ContentKey {{ epoch: {}, .. }}", self.epoch)
	}
}
