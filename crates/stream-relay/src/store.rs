//! The relay's log: one per listing, in the node's off-chain database (a RocksDB column that
//! survives restarts), under the prefix off-chain workers read as persistent local storage.
//!
//! Each accepted message gets the next index of its listing's log; indexes never repeat and
//! have no gaps. The log keeps the newest `retention` messages and drops older ones.

use codec::Encode;
use msec_stream_crypto::{DeviceId, KeyEpoch, ListingId, SealedMessage};
use msec_stream_log::{head_key, message_key, LogError};
pub use msec_stream_log::{LogHead, LoggedMessage};
use parking_lot::Mutex;
use sp_core::offchain::{OffchainStorage, STORAGE_PREFIX};

use crate::PublishError;

/// The most a sequence number may pass the stream's last one: plenty for a device that lost
/// messages, while a stolen device key cannot end a stream at `u64::MAX` (nothing could follow)
/// in fewer than 18 trillion publications. A stream's first message may have any sequence (a
/// device keeps counting when it publishes to a new relay) below `u64::MAX / 2`.
pub const MAX_SEQUENCE_JUMP: u64 = 1_000_000;

/// The highest sequence a stream's first message may have.
pub const MAX_FIRST_SEQUENCE: u64 = u64::MAX / 2;

/// The logs of all listings.
pub struct MessageLog<S> {
	// One lock for all writers: an append reads and writes its listing's head.
	storage: Mutex<S>,
	retention: u64,
}

impl<S: OffchainStorage> MessageLog<S> {
	/// A log over `storage` that keeps the newest `retention` messages of each listing (at
	/// least one).
	pub fn new(storage: S, retention: u64) -> Self {
		Self { storage: Mutex::new(storage), retention: retention.max(1) }
	}

	/// Where `listing`'s log stands (empty if nothing was ever published to it).
	pub fn head(&self, listing: ListingId) -> Result<LogHead, PublishError> {
		read_head(&*self.storage.lock(), listing)
	}

	/// Appends `message` from `device`, received at block `received_at`, to its listing's log
	/// and drops what falls out of retention. Refused with [`PublishError::StaleKeyEpoch`] if
	/// it is sealed under an epoch older than `chain_epoch` (the listing's on chain) or than
	/// the content key this node keeps for the listing, with [`PublishError::UnknownKeyEpoch`]
	/// if more than one epoch newer, and with
	/// [`PublishError::StaleSequence`] unless its sequence number is above the log's last one.
	pub fn append(
		&self,
		device: DeviceId,
		received_at: u32,
		chain_epoch: Option<KeyEpoch>,
		message: SealedMessage,
	) -> Result<LoggedMessage, PublishError> {
		let listing = message.position.listing;
		let sequence = message.position.sequence;
		let mut storage = self.storage.lock();
		// The provider's node rotates the key in its storage before the chain hears of it.
		let local_epoch =
			msec_stream_log::local_key_epoch(getter(&*storage), listing).map_err(unavailable)?;
		let key_epoch = message.position.key_epoch;
		let current = chain_epoch.max(local_epoch);
		if let Some(current) = current.filter(|current| key_epoch < *current) {
			return Err(PublishError::StaleKeyEpoch { listing, key_epoch, current });
		}
		// One epoch ahead is a key the provider's node made and the chain has yet to hear of;
		// further ahead, no key exists, and readers would wait for it in vain.
		let newest = current.unwrap_or_default().saturating_add(1);
		if key_epoch > newest {
			return Err(PublishError::UnknownKeyEpoch { listing, key_epoch, newest });
		}
		let head = read_head(&*storage, listing)?;
		if let Some(last) = head.last_sequence.filter(|last| sequence <= *last) {
			return Err(PublishError::StaleSequence { sequence, last });
		}
		let too_far = match head.last_sequence {
			Some(last) => sequence.saturating_sub(last) > MAX_SEQUENCE_JUMP,
			None => sequence > MAX_FIRST_SEQUENCE,
		};
		if too_far {
			return Err(PublishError::SequenceJump { sequence, last: head.last_sequence });
		}
		let logged = LoggedMessage { index: head.next, device, received_at, message };
		let next = head.next.saturating_add(1);
		let first = head.first.max(next.saturating_sub(self.retention));
		// The message first, then the head that makes it visible: a crash in between leaves an
		// unreferenced record that the next append overwrites.
		storage.set(STORAGE_PREFIX, &message_key(listing, logged.index), &logged.encode());
		let new_head = LogHead { first, next, last_sequence: Some(sequence) };
		storage.set(STORAGE_PREFIX, &head_key(listing), &new_head.encode());
		for dropped in head.first..first {
			storage.remove(STORAGE_PREFIX, &message_key(listing, dropped));
		}
		Ok(logged)
	}

	/// Up to `limit` messages of `listing` from index `from` on (from the oldest kept if
	/// `from` fell out of retention), oldest first, and the head they were read under.
	pub fn read(
		&self,
		listing: ListingId,
		from: u64,
		limit: u32,
	) -> Result<(LogHead, Vec<LoggedMessage>), PublishError> {
		let storage = self.storage.lock();
		let head = read_head(&*storage, listing)?;
		let start = from.max(head.first);
		let end = head.next.min(start.saturating_add(u64::from(limit)));
		let messages = (start..end)
			.map(|index| msec_stream_log::read_message(getter(&*storage), listing, index))
			.collect::<Result<_, _>>()
			.map_err(unavailable)?;
		Ok((head, messages))
	}
}

fn read_head<S: OffchainStorage>(storage: &S, listing: ListingId) -> Result<LogHead, PublishError> {
	msec_stream_log::read_head(getter(storage), listing).map_err(unavailable)
}

/// Reads keys of the off-chain workers' persistent local storage.
fn getter<S: OffchainStorage>(storage: &S) -> impl Fn(&[u8]) -> Option<Vec<u8>> + '_ {
	|key| storage.get(STORAGE_PREFIX, key)
}

fn unavailable(error: LogError) -> PublishError {
	PublishError::Unavailable(error.to_string())
}

#[cfg(test)]
mod tests {
	use super::*;
	use msec_stream_crypto::StreamPosition;
	use sp_core::offchain::storage::InMemOffchainStorage;

	fn message(listing: ListingId, sequence: u64) -> SealedMessage {
		SealedMessage {
			position: StreamPosition { listing, key_epoch: 0, sequence },
			nonce: [sequence as u8; 24],
			ciphertext: vec![listing as u8; 20],
		}
	}

	fn log(retention: u64) -> MessageLog<InMemOffchainStorage> {
		MessageLog::new(InMemOffchainStorage::default(), retention)
	}

	#[test]
	fn appended_messages_get_consecutive_indexes_per_listing() {
		let log = log(100);
		for sequence in [3, 5, 9] {
			log.append(1, 10, None, message(7, sequence)).expect("appends");
		}
		log.append(1, 11, None, message(8, 1)).expect("appends");
		let (head, messages) = log.read(7, 0, 10).expect("reads");
		assert_eq!(head, LogHead { first: 0, next: 3, last_sequence: Some(9) });
		assert_eq!(messages.iter().map(|m| m.index).collect::<Vec<_>>(), [0, 1, 2]);
		assert_eq!(messages[2].message, message(7, 9));
		assert_eq!(log.head(8).expect("head").next, 1);
		assert_eq!(log.head(9).expect("head"), LogHead::default());
	}

	#[test]
	fn a_sequence_not_above_the_last_is_refused_and_nothing_changes() {
		let log = log(100);
		log.append(1, 10, None, message(7, 5)).expect("appends");
		for sequence in [5, 4] {
			assert_eq!(
				log.append(1, 10, None, message(7, sequence)),
				Err(PublishError::StaleSequence { sequence, last: 5 })
			);
		}
		assert_eq!(
			log.head(7).expect("head"),
			LogHead { first: 0, next: 1, last_sequence: Some(5) }
		);
	}

	#[test]
	fn a_stolen_device_key_cannot_end_a_stream_with_the_largest_sequence() {
		let log = log(100);
		assert_eq!(
			log.append(1, 10, None, message(7, u64::MAX)),
			Err(PublishError::SequenceJump { sequence: u64::MAX, last: None })
		);
		let counted = 40_000_000;
		log.append(1, 10, None, message(7, counted)).expect("a device that kept counting starts");
		let too_far = counted + MAX_SEQUENCE_JUMP + 1;
		assert_eq!(
			log.append(1, 10, None, message(7, too_far)),
			Err(PublishError::SequenceJump { sequence: too_far, last: Some(counted) })
		);
		log.append(1, 10, None, message(7, too_far - 1)).expect("the stream goes on");
	}

	#[test]
	fn reads_are_bounded_by_limit_and_head() {
		let log = log(100);
		for sequence in 0..10 {
			log.append(1, 10, None, message(7, sequence)).expect("appends");
		}
		let (_, page) = log.read(7, 4, 3).expect("reads");
		assert_eq!(page.iter().map(|m| m.index).collect::<Vec<_>>(), [4, 5, 6]);
		let (_, tail) = log.read(7, 8, 100).expect("reads");
		assert_eq!(tail.len(), 2);
		let (_, beyond) = log.read(7, 50, 100).expect("reads");
		assert!(beyond.is_empty());
	}

	#[test]
	fn retention_keeps_the_newest_messages_and_deletes_older_ones() {
		let storage = InMemOffchainStorage::default();
		let log = MessageLog::new(storage, 3);
		for sequence in 0..5 {
			log.append(1, 10, None, message(7, sequence)).expect("appends");
		}
		let (head, kept) = log.read(7, 0, 100).expect("reads");
		assert_eq!((head.first, head.next), (2, 5));
		assert_eq!(kept.iter().map(|m| m.index).collect::<Vec<_>>(), [2, 3, 4]);
		let storage = log.storage.lock();
		assert!(storage.get(STORAGE_PREFIX, &message_key(7, 1)).is_none(), "dropped from disk");
		assert!(storage.get(STORAGE_PREFIX, &message_key(7, 2)).is_some());
	}

	#[test]
	fn the_log_is_read_back_from_the_same_storage() {
		let storage = InMemOffchainStorage::default();
		let first = MessageLog::new(storage.clone(), 100);
		first.append(1, 10, None, message(7, 1)).expect("appends");
		// A node restart: a new log over the database the old one wrote.
		let reopened = MessageLog::new(first.storage.lock().clone(), 100);
		drop(storage);
		let (head, messages) = reopened.read(7, 0, 10).expect("reads");
		assert_eq!(head.next, 1);
		assert_eq!(messages[0].message, message(7, 1));
		assert_eq!(
			reopened.append(1, 10, None, message(7, 1)),
			Err(PublishError::StaleSequence { sequence: 1, last: 1 })
		);
	}

	#[test]
	fn a_corrupt_head_is_reported_not_overwritten() {
		let mut storage = InMemOffchainStorage::default();
		storage.set(STORAGE_PREFIX, &head_key(7), b"\x01");
		let log = MessageLog::new(storage, 100);
		assert!(matches!(log.append(1, 10, None, message(7, 1)), Err(PublishError::Unavailable(_))));
	}
}
