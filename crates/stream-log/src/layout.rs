//! Keys and records of the relay's log, and reading them through any key-value getter.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use msec_primitives::DeviceSignature;
use msec_stream_crypto::{DeviceId, KeyEpoch, ListingId, SealedMessage};
use sp_core::H256;

use crate::content_key_storage_key;

// Version 2 adds each message's signature and the log's hash chain; a node upgraded from
// version 1 starts new logs beside the old ones rather than misreading them.
const HEAD_KEY: &[u8] = b"msec/relay/v2/head/";
const MESSAGE_KEY: &[u8] = b"msec/relay/v2/message/";
const RELEASES_FROM_KEY: &[u8] = b"msec/relay/v2/releases-from/";

/// Where a listing's log stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct LogHead {
	/// Index of the oldest message kept.
	pub first: u64,
	/// Index the next message gets (the number of messages ever accepted).
	pub next: u64,
	/// The publisher's sequence number of the newest message.
	pub last_sequence: Option<u64>,
	/// The log's hash chain after the newest message ([`crate::link`]); zero when empty.
	pub chain: H256,
	/// When the newest message was received: a later one is never stamped earlier.
	pub last_received_at: u32,
	/// Bytes the kept messages take (their SCALE encodings), for the relay's quotas.
	pub bytes: u64,
}

/// A message as the relay keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct LoggedMessage {
	/// Its index in the listing's log.
	pub index: u64,
	/// The device that published it.
	pub device: DeviceId,
	/// The best block when the relay accepted it.
	pub received_at: u32,
	/// The sealed message, as the device sent it.
	pub message: SealedMessage,
	/// Who vouches for the message, which readers check against the chain: the device's
	/// signature over `msec_stream_crypto::publication_payload`, or, for a release the
	/// provider's node sealed for an anonymized listing, the signature of a worker the provider
	/// appointed over `msec_stream_crypto::release_payload`.
	pub signature: DeviceSignature,
	/// The log's hash chain before this message: the chain after it is
	/// `link(previous, message)`, so a reader can tell a message dropped, added or moved.
	pub previous: H256,
}

/// Why a log could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogError {
	/// The head of this listing's log does not decode.
	CorruptHead(ListingId),
	/// Message `index` of this listing is missing or does not decode.
	CorruptMessage(ListingId, u64),
	/// The content key this node keeps for this listing does not decode.
	CorruptContentKey(ListingId),
	/// The index of listings this node keeps data for does not decode.
	CorruptIndex,
}

impl core::fmt::Display for LogError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::CorruptHead(listing) => write!(f, "the log head of listing {listing} is corrupt"),
			Self::CorruptMessage(listing, index) => {
				write!(f, "message {index} of listing {listing} is missing or corrupt")
			},
			Self::CorruptContentKey(listing) => {
				write!(f, "the content key of listing {listing} on this node is corrupt")
			},
			Self::CorruptIndex => {
				write!(f, "the index of listings with data on this node is corrupt")
			},
		}
	}
}

/// The key of `listing`'s log head.
pub fn head_key(listing: ListingId) -> Vec<u8> {
	(HEAD_KEY, listing).encode()
}

/// The key of the index of `listing`'s first anonymized release (SCALE `u64`), once it has
/// one: the relay dropped every message before it, which the device published raw.
pub fn releases_from_key(listing: ListingId) -> Vec<u8> {
	(RELEASES_FROM_KEY, listing).encode()
}

/// The key of message `index` of `listing`.
pub fn message_key(listing: ListingId, index: u64) -> Vec<u8> {
	// Big-endian, so that a listing's messages sort by index in the database.
	(MESSAGE_KEY, listing.to_be_bytes(), index.to_be_bytes()).encode()
}

/// The key epoch of `listing`'s current content key on this node, read through `get` without
/// opening the key (the epoch leads [`crate::StoredContentKey`]); `None` if there is none.
pub fn local_key_epoch(
	get: impl Fn(&[u8]) -> Option<Vec<u8>>,
	listing: ListingId,
) -> Result<Option<KeyEpoch>, LogError> {
	let Some(stored) = get(&content_key_storage_key(listing)) else { return Ok(None) };
	KeyEpoch::decode(&mut stored.as_slice())
		.map(Some)
		.map_err(|_| LogError::CorruptContentKey(listing))
}

/// `listing`'s log head (empty if nothing was ever published to it), read through `get`.
pub fn read_head(
	get: impl Fn(&[u8]) -> Option<Vec<u8>>,
	listing: ListingId,
) -> Result<LogHead, LogError> {
	match get(&head_key(listing)) {
		None => Ok(LogHead::default()),
		Some(bytes) => LogHead::decode(&mut &bytes[..]).map_err(|_| LogError::CorruptHead(listing)),
	}
}

/// Message `index` of `listing`, read through `get`.
pub fn read_message(
	get: impl Fn(&[u8]) -> Option<Vec<u8>>,
	listing: ListingId,
	index: u64,
) -> Result<LoggedMessage, LogError> {
	let bytes =
		get(&message_key(listing, index)).ok_or(LogError::CorruptMessage(listing, index))?;
	LoggedMessage::decode(&mut &bytes[..]).map_err(|_| LogError::CorruptMessage(listing, index))
}

/// The index of the first kept message of `listing` received at block `block` or later
/// (`head.next` if none), found by binary search: `received_at` never decreases along a log.
fn first_received_from(
	get: &impl Fn(&[u8]) -> Option<Vec<u8>>,
	listing: ListingId,
	head: &LogHead,
	block: u32,
) -> Result<u64, LogError> {
	let (mut low, mut high) = (head.first, head.next);
	while low < high {
		let middle = low + (high - low) / 2;
		if read_message(get, listing, middle)?.received_at < block {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	Ok(low)
}

/// The kept messages of `listing` received in blocks `from..until`, as the indexes
/// `first..end` and the log's hash chain before and after them, read through `get` without
/// reading the messages in between: about 2 log2(kept) message reads whatever their size.
pub fn window_received_between(
	get: impl Fn(&[u8]) -> Option<Vec<u8>>,
	listing: ListingId,
	from: u32,
	until: u32,
) -> Result<LogWindow, LogError> {
	// The relay appends (and retention drops the oldest messages) while this reads: a message
	// gone since the head was read means starting again from the new head.
	let mut attempts = 0;
	loop {
		match window_at_head(&get, listing, from, until) {
			Err(LogError::CorruptMessage(..)) if attempts < 3 => attempts += 1,
			done => return done,
		}
	}
}

fn window_at_head(
	get: &impl Fn(&[u8]) -> Option<Vec<u8>>,
	listing: ListingId,
	from: u32,
	until: u32,
) -> Result<LogWindow, LogError> {
	let head = read_head(get, listing)?;
	let first = first_received_from(get, listing, &head, from)?;
	let end = first_received_from(get, listing, &head, until.max(from))?;
	let chain_before = |index: u64| -> Result<H256, LogError> {
		if index == head.next {
			Ok(head.chain)
		} else {
			Ok(read_message(get, listing, index)?.previous)
		}
	};
	let (start_chain, end_chain) = if first == end {
		(H256::zero(), H256::zero())
	} else {
		(chain_before(first)?, chain_before(end)?)
	};
	Ok(LogWindow { first, end, start_chain, end_chain })
}

/// The messages of a block range in a listing's log, as its delivery proof needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogWindow {
	/// Index of the first message in the range.
	pub first: u64,
	/// Index after the last message in the range (`first` if none).
	pub end: u64,
	/// The log's hash chain before the first message (zero if none).
	pub start_chain: H256,
	/// The log's hash chain after the last message (zero if none).
	pub end_chain: H256,
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::collections::BTreeMap;
	use msec_stream_crypto::StreamPosition;

	fn log_of(received: &[u32], first: u64) -> BTreeMap<Vec<u8>, Vec<u8>> {
		let mut storage = BTreeMap::new();
		let mut chain = H256::zero();
		for (index, &received_at) in received.iter().enumerate() {
			let index = index as u64;
			let position = StreamPosition { listing: 3, key_epoch: 0, sequence: index };
			let message = SealedMessage { position, nonce: [0; 24], ciphertext: alloc::vec![1] };
			let signature = DeviceSignature::Ed25519(sp_core::ed25519::Signature::from_raw([0; 64]));
			let logged = LoggedMessage { index, device: 0, received_at, message, signature, previous: chain };
			chain = crate::link(chain, &logged.message);
			if index >= first {
				storage.insert(message_key(3, index), logged.encode());
			}
		}
		let next = received.len() as u64;
		let last_received_at = received.last().copied().unwrap_or_default();
		let head = LogHead {
			first,
			next,
			last_sequence: next.checked_sub(1),
			chain,
			last_received_at,
			bytes: 0,
		};
		storage.insert(head_key(3), head.encode());
		storage
	}

	fn window(storage: &BTreeMap<Vec<u8>, Vec<u8>>, from: u32, until: u32) -> LogWindow {
		window_received_between(|key| storage.get(key).cloned(), 3, from, until)
			.expect("the log reads")
	}

	fn indexes(storage: &BTreeMap<Vec<u8>, Vec<u8>>, from: u32, until: u32) -> Vec<u64> {
		let window = window(storage, from, until);
		(window.first..window.end).collect()
	}

	#[test]
	fn selects_the_messages_received_in_a_block_range() {
		let storage = log_of(&[1, 1, 2, 4, 4, 4, 7, 9], 0);
		assert_eq!(indexes(&storage, 0, 1), Vec::<u64>::new());
		assert_eq!(indexes(&storage, 1, 3), [0, 1, 2]);
		assert_eq!(indexes(&storage, 3, 5), [3, 4, 5]);
		assert_eq!(indexes(&storage, 5, 7), Vec::<u64>::new());
		assert_eq!(indexes(&storage, 7, 100), [6, 7]);
		assert_eq!(indexes(&storage, 10, 20), Vec::<u64>::new());
	}

	#[test]
	fn a_window_carries_the_hash_chain_around_its_messages() {
		let storage = log_of(&[1, 1, 2, 4, 4, 4, 7, 9], 0);
		let get = |key: &[u8]| storage.get(key).cloned();
		let all = window(&storage, 0, 100);
		assert_eq!(all.start_chain, H256::zero());
		assert_eq!(all.end_chain, read_head(get, 3).expect("head").chain);
		let middle = window(&storage, 3, 5);
		let messages: Vec<_> = (3..6)
			.map(|index| read_message(get, 3, index).expect("message").message)
			.collect();
		assert_eq!(middle.start_chain, read_message(get, 3, 3).expect("message").previous);
		assert_eq!(middle.end_chain, read_message(get, 3, 6).expect("message").previous);
		assert_eq!(
			crate::DeliveryProof::of_window(&middle),
			crate::delivery_proof(middle.start_chain, &messages)
		);
	}

	#[test]
	fn a_window_reads_a_few_messages_however_many_it_holds() {
		let received: Vec<u32> = (0..10_000).map(|index| 1 + index / 1_000).collect();
		let storage = log_of(&received, 0);
		let reads = core::cell::Cell::new(0u32);
		let get = |key: &[u8]| {
			reads.set(reads.get() + 1);
			storage.get(key).cloned()
		};
		let window = window_received_between(get, 3, 2, 9).expect("the log reads");
		assert_eq!((window.first, window.end), (1_000, 8_000));
		assert!(reads.get() < 40, "{} reads for 7,000 messages", reads.get());
	}

	#[test]
	fn skips_what_retention_dropped() {
		let storage = log_of(&[1, 1, 2, 4, 4, 4, 7, 9], 4);
		assert_eq!(indexes(&storage, 0, 5), [4, 5]);
	}

	#[test]
	fn an_empty_log_has_no_messages() {
		let storage = BTreeMap::new();
		assert_eq!(indexes(&storage, 0, 100), Vec::<u64>::new());
	}

	#[test]
	fn the_local_key_epoch_is_read_without_the_key() {
		let mut storage = BTreeMap::new();
		assert_eq!(local_key_epoch(|key| storage.get(key).cloned(), 3), Ok(None));
		let key = msec_stream_crypto::ContentKey::from_bytes(7, [9; 32]);
		storage.insert(content_key_storage_key(3), key.encode());
		assert_eq!(local_key_epoch(|key| storage.get(key).cloned(), 3), Ok(Some(7)));
		storage.insert(content_key_storage_key(3), alloc::vec![1]);
		assert_eq!(
			local_key_epoch(|key| storage.get(key).cloned(), 3),
			Err(LogError::CorruptContentKey(3)),
			"a relay cannot tell which epochs are stale: it refuses rather than guess"
		);
	}

	#[test]
	fn corruption_is_reported() {
		let mut storage = log_of(&[1, 2, 3], 0);
		storage.insert(message_key(3, 1), alloc::vec![0xff]);
		let read = window_received_between(|key| storage.get(key).cloned(), 3, 2, 10);
		assert_eq!(read.map(|_| ()), Err(LogError::CorruptMessage(3, 1)));
		storage.insert(head_key(3), alloc::vec![0xff]);
		assert_eq!(read_head(|key| storage.get(key).cloned(), 3), Err(LogError::CorruptHead(3)));
	}
}
