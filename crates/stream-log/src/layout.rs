//! Keys and records of the relay's log, and reading them through any key-value getter.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use msec_stream_crypto::{DeviceId, KeyEpoch, ListingId, SealedMessage};

const HEAD_KEY: &[u8] = b"msec/relay/head/";
const MESSAGE_KEY: &[u8] = b"msec/relay/message/";
const CONTENT_KEY: &[u8] = b"msec/worker/content-key/";

/// Where a listing's log stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct LogHead {
	/// Index of the oldest message kept.
	pub first: u64,
	/// Index the next message gets (the number of messages ever accepted).
	pub next: u64,
	/// The publisher's sequence number of the newest message.
	pub last_sequence: Option<u64>,
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
		}
	}
}

/// The key of `listing`'s log head.
pub fn head_key(listing: ListingId) -> Vec<u8> {
	(HEAD_KEY, listing).encode()
}

/// The key of message `index` of `listing`.
pub fn message_key(listing: ListingId, index: u64) -> Vec<u8> {
	// Big-endian, so that a listing's messages sort by index in the database.
	(MESSAGE_KEY, listing.to_be_bytes(), index.to_be_bytes()).encode()
}

/// The key under which the provider's off-chain worker keeps `listing`'s current content key
/// (SCALE `msec_stream_crypto::ContentKey`): on the provider's node only, never on chain.
pub fn content_key_storage_key(listing: ListingId) -> Vec<u8> {
	(CONTENT_KEY, listing).encode()
}

/// The key epoch of `listing`'s current content key on this node, read through `get` (the
/// epoch leads the SCALE encoding); `None` if there is none.
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

/// The kept messages of `listing` received in blocks `from..until`, oldest first.
///
/// `received_at` never decreases along a log, so the first one is found by binary search:
/// an epoch's proof reads its own messages and about log2(kept) others.
pub fn messages_received_between(
	get: impl Fn(&[u8]) -> Option<Vec<u8>>,
	listing: ListingId,
	from: u32,
	until: u32,
) -> Result<Vec<LoggedMessage>, LogError> {
	let head = read_head(&get, listing)?;
	let (mut low, mut high) = (head.first, head.next);
	while low < high {
		let middle = low + (high - low) / 2;
		if read_message(&get, listing, middle)?.received_at < from {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	let mut messages = Vec::new();
	for index in low..head.next {
		let message = read_message(&get, listing, index)?;
		if message.received_at >= until {
			break;
		}
		messages.push(message);
	}
	Ok(messages)
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::collections::BTreeMap;
	use msec_stream_crypto::StreamPosition;

	fn log_of(received: &[u32], first: u64) -> BTreeMap<Vec<u8>, Vec<u8>> {
		let mut storage = BTreeMap::new();
		for (index, &received_at) in received.iter().enumerate() {
			let index = index as u64;
			let position = StreamPosition { listing: 3, key_epoch: 0, sequence: index };
			let message = SealedMessage { position, nonce: [0; 24], ciphertext: alloc::vec![1] };
			let logged = LoggedMessage { index, device: 0, received_at, message };
			if index >= first {
				storage.insert(message_key(3, index), logged.encode());
			}
		}
		let next = received.len() as u64;
		let head = LogHead { first, next, last_sequence: next.checked_sub(1) };
		storage.insert(head_key(3), head.encode());
		storage
	}

	fn indexes(storage: &BTreeMap<Vec<u8>, Vec<u8>>, from: u32, until: u32) -> Vec<u64> {
		messages_received_between(|key| storage.get(key).cloned(), 3, from, until)
			.expect("the log reads")
			.iter()
			.map(|message| message.index)
			.collect()
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
		let read = messages_received_between(|key| storage.get(key).cloned(), 3, 0, 10);
		assert_eq!(read.map(|_| ()), Err(LogError::CorruptMessage(3, 1)));
		storage.insert(head_key(3), alloc::vec![0xff]);
		assert_eq!(read_head(|key| storage.get(key).cloned(), 3), Err(LogError::CorruptHead(3)));
	}
}
