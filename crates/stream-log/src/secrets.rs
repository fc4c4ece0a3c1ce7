//! A listing's secrets on the provider's node, sealed at rest, and what the node erases when
//! the listing closes.
//!
//! - The content key lies under [`content_key_storage_key`] as a [`StoredContentKey`]: its
//!   epoch in the clear (the relay refuses publications under older epochs without opening
//!   it) and the key sealed under the node's key-encryption key
//!   ([`msec_stream_crypto::StorageKek`]).
//! - The pseudonym key of an anonymized listing lies under [`pseudonym_key_storage_key`],
//!   sealed the same way.
//! - Every listing the node keeps anything for is in the index under [`LISTINGS_WITH_DATA`], so
//!   that the node finds what to erase when a listing closes; [`ErasureReceipt`] says what it
//!   erased.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use msec_stream_crypto::{
	rand_core::CryptoRng, ContentKey, KeyEpoch, ListingId, SealedSecret, StorageKek,
};
use sp_core::H256;

use crate::{attestation_queue_key, LogError};

const CONTENT_KEY: &[u8] = b"msec/worker/content-key/v2/";
const PSEUDONYM_KEY: &[u8] = b"msec/anonymize/pseudonym-key/v2/";
const KEY_SENT: &[u8] = b"msec/worker/key-sent/";
const ERASURE: &[u8] = b"msec/erasure/v1/";
const ANONYMIZED_FROM: &[u8] = b"msec/worker/anonymized-from/";

/// The key of the index of listings this node keeps a key, a log or a queue for: a SCALE
/// `Vec<ListingId>`, sorted, changed by compare-and-set only.
pub const LISTINGS_WITH_DATA: &[u8] = b"msec/node/listings-with-data";

/// Domain separation of an erasure receipt's hash.
const ERASURE_CONTEXT: &[u8] = b"msec/erasure/v1";

/// The key under which the provider's off-chain worker keeps `listing`'s current content key
/// (a [`StoredContentKey`]): on the provider's node only, never on chain. Version 2 is sealed
/// at rest; a version 1 key (plaintext) is never read again, and the worker makes a new one.
pub fn content_key_storage_key(listing: ListingId) -> Vec<u8> {
	(CONTENT_KEY, listing).encode()
}

/// The key of `listing`'s pseudonym key on the node that anonymizes it (a [`SealedSecret`]).
pub fn pseudonym_key_storage_key(listing: ListingId) -> Vec<u8> {
	(PSEUDONYM_KEY, listing).encode()
}

/// The key of the worker's list of the purchases sent `listing`'s current key.
pub fn key_sent_storage_key(listing: ListingId) -> Vec<u8> {
	(KEY_SENT, listing).encode()
}

/// The key of the first key epoch the worker made for `listing` once it required
/// anonymization (SCALE `KeyEpoch`): every key from it on is one no raw reading was sealed
/// under.
pub fn anonymized_from_key(listing: ListingId) -> Vec<u8> {
	(ANONYMIZED_FROM, listing).encode()
}

/// The key of `listing`'s erasure receipt on this node.
pub fn erasure_receipt_key(listing: ListingId) -> Vec<u8> {
	(ERASURE, listing).encode()
}

/// The keys of `listing`'s secrets and queues on this node (the log is erased by the relay,
/// which keeps count of its bytes).
pub fn listing_secret_keys(listing: ListingId) -> [Vec<u8>; 5] {
	[
		content_key_storage_key(listing),
		pseudonym_key_storage_key(listing),
		key_sent_storage_key(listing),
		attestation_queue_key(listing),
		anonymized_from_key(listing),
	]
}

/// A content key as it lies in storage.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct StoredContentKey {
	/// Its key epoch, in the clear: relays read it. Sealed again inside.
	pub epoch: KeyEpoch,
	/// The SCALE [`ContentKey`], sealed at rest.
	pub sealed: SealedSecret,
}

/// `key` of `listing`, sealed under `kek`, as it is stored.
pub fn seal_content_key(
	kek: &StorageKek,
	listing: ListingId,
	key: &ContentKey,
	rng: &mut impl CryptoRng,
) -> Result<Vec<u8>, msec_stream_crypto::Error> {
	let plaintext = zeroize::Zeroizing::new(key.encode());
	let sealed = kek.seal(&content_key_storage_key(listing), &plaintext, rng)?;
	Ok(StoredContentKey { epoch: key.epoch(), sealed }.encode())
}

/// The content key of `listing` in `stored`, opened with the key-encryption key `kek_named`
/// gives for the public key it names. [`LogError::CorruptContentKey`] if it does not decode,
/// if the keystore lacks its key, or if it does not open (a value written by anyone but
/// this node's worker, or moved from another listing).
pub fn open_content_key(
	kek_named: impl FnOnce(&[u8; 32]) -> Option<StorageKek>,
	listing: ListingId,
	stored: &[u8],
) -> Result<ContentKey, LogError> {
	let corrupt = LogError::CorruptContentKey(listing);
	let stored = StoredContentKey::decode(&mut &stored[..]).map_err(|_| corrupt)?;
	let kek = kek_named(&stored.sealed.kek).ok_or(corrupt)?;
	let plaintext = kek
		.open(&content_key_storage_key(listing), &stored.sealed)
		.map_err(|_| corrupt)?;
	let key = ContentKey::decode(&mut plaintext.as_slice()).map_err(|_| corrupt)?;
	if key.epoch() != stored.epoch {
		return Err(corrupt);
	}
	Ok(key)
}

/// The index `stored` with `listing` added, sorted: `Ok(None)` if it was there already, an
/// error if `stored` does not decode (it is then left alone: overwriting it would drop every
/// other listing from erasure).
pub fn with_listing(stored: Option<&[u8]>, listing: ListingId) -> Result<Option<Vec<u8>>, LogError> {
	let mut listings = decode_index(stored)?;
	let Err(at) = listings.binary_search(&listing) else { return Ok(None) };
	listings.insert(at, listing);
	Ok(Some(listings.encode()))
}

/// The index `stored` without `listing`; an error if `stored` does not decode.
pub fn without_listing(stored: Option<&[u8]>, listing: ListingId) -> Result<Vec<u8>, LogError> {
	let mut listings = decode_index(stored)?;
	listings.retain(|kept| *kept != listing);
	Ok(listings.encode())
}

/// The listings of the index `stored` (none if there is no index).
pub fn decode_index(stored: Option<&[u8]>) -> Result<Vec<ListingId>, LogError> {
	stored.map_or(Ok(Vec::new()), |bytes| {
		Vec::<ListingId>::decode(&mut &bytes[..]).map_err(|_| LogError::CorruptIndex)
	})
}

/// What the node erased of a closed listing: the hash of this receipt is what the provider
/// records on chain (`Consent.record_erasure`'s `data_ref`), see [`ErasureReceipt::data_ref`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct ErasureReceipt {
	/// The listing.
	pub listing: ListingId,
	/// The finalized block whose state showed it closed.
	pub closed_at: u32,
	/// Whether a content key was deleted.
	pub content_key: bool,
	/// Whether a pseudonym key was deleted.
	pub pseudonym_key: bool,
	/// Messages of the log deleted.
	pub messages: u64,
	/// Bytes of the log deleted.
	pub bytes: u64,
	/// The log's hash chain when it was deleted: what the deleted messages came to.
	pub chain: H256,
}

impl ErasureReceipt {
	/// BLAKE2b-256 of `(ERASURE_CONTEXT, receipt)`, SCALE.
	pub fn data_ref(&self) -> H256 {
		H256(sp_crypto_hashing::blake2_256(&(ERASURE_CONTEXT, self).encode()))
	}

	/// This receipt with a later erasure of the same listing added (data written by a run
	/// that began before the close).
	pub fn and(mut self, later: &Self) -> Self {
		self.content_key |= later.content_key;
		self.pseudonym_key |= later.pseudonym_key;
		self.messages = self.messages.saturating_add(later.messages);
		self.bytes = self.bytes.saturating_add(later.bytes);
		if later.chain != H256::zero() {
			self.chain = later.chain;
		}
		self
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use chacha20::ChaCha20Rng;
	use msec_stream_crypto::rand_core::SeedableRng;

	fn kek() -> StorageKek {
		StorageKek::from_signature([1; 32], &[2; 64])
	}

	fn stored(listing: ListingId, key: &ContentKey) -> Vec<u8> {
		seal_content_key(&kek(), listing, key, &mut ChaCha20Rng::from_seed([5; 32])).expect("seals")
	}

	#[test]
	fn a_stored_content_key_opens_and_shows_its_epoch_only() {
		let key = ContentKey::from_bytes(4, [0x77; 32]);
		let bytes = stored(3, &key);
		assert_eq!(open_content_key(|_| Some(kek()), 3, &bytes), Ok(key));
		assert_eq!(crate::local_key_epoch(|_| Some(bytes.clone()), 3), Ok(Some(4)));
		assert!(!bytes.windows(8).any(|window| window == [0x77; 8]));
	}

	#[test]
	fn a_content_key_set_through_local_storage_set_is_refused() {
		// Plaintext, as version 1 stored it, or a forged epoch in front of a sealed key.
		let plaintext = ContentKey::from_bytes(4, [0x77; 32]).encode();
		assert_eq!(open_content_key(|_| Some(kek()), 3, &plaintext), Err(LogError::CorruptContentKey(3)));
		let mut forged = StoredContentKey::decode(&mut &stored(3, &ContentKey::from_bytes(4, [1; 32]))[..])
			.expect("decodes");
		forged.epoch = 9;
		assert_eq!(
			open_content_key(|_| Some(kek()), 3, &forged.encode()),
			Err(LogError::CorruptContentKey(3))
		);
	}

	#[test]
	fn a_content_key_moved_from_another_listing_is_refused() {
		let bytes = stored(3, &ContentKey::from_bytes(4, [1; 32]));
		assert_eq!(open_content_key(|_| Some(kek()), 5, &bytes), Err(LogError::CorruptContentKey(5)));
	}

	#[test]
	fn a_content_key_whose_keystore_key_is_gone_is_refused() {
		let bytes = stored(3, &ContentKey::from_bytes(4, [1; 32]));
		assert_eq!(open_content_key(|_| None, 3, &bytes), Err(LogError::CorruptContentKey(3)));
	}

	#[test]
	fn the_index_stays_sorted_and_unique() {
		let index = with_listing(None, 7).expect("decodes").expect("added");
		let index = with_listing(Some(&index), 2).expect("decodes").expect("added");
		assert_eq!(with_listing(Some(&index), 7), Ok(None));
		assert_eq!(decode_index(Some(&index)), Ok(vec![2, 7]));
		let index = without_listing(Some(&index), 7).expect("decodes");
		assert_eq!(decode_index(Some(&index)), Ok(vec![2]));
	}

	#[test]
	fn a_corrupt_index_is_reported_not_overwritten() {
		assert_eq!(with_listing(Some(b"\x09"), 7), Err(LogError::CorruptIndex));
		assert_eq!(without_listing(Some(b"\x09"), 7), Err(LogError::CorruptIndex));
	}

	#[test]
	fn a_receipt_names_what_was_erased_and_hashes_all_of_it() {
		let first = ErasureReceipt { listing: 3, closed_at: 9, content_key: true, messages: 5, bytes: 500, ..Default::default() };
		let later = ErasureReceipt { listing: 3, closed_at: 9, pseudonym_key: true, ..Default::default() };
		let both = first.clone().and(&later);
		assert!(both.content_key && both.pseudonym_key);
		assert_eq!((both.messages, both.bytes), (5, 500));
		assert_ne!(first.data_ref(), both.data_ref());
	}
}
