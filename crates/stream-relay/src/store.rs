//! The relay's log: one per listing, in the node's off-chain database (a RocksDB column that
//! survives restarts), under the prefix off-chain workers read as persistent local storage.
//!
//! Each accepted message gets the next index of its listing's log; indexes never repeat and
//! have no gaps. A log keeps its newest messages within a count and a byte quota and drops
//! older ones; all logs together stay within the node's byte quota. Appends to one listing
//! take turns; appends to different listings and reads do not wait for each other.

use std::{collections::HashMap, sync::Arc};

use codec::{Decode, Encode};
use msec_primitives::DeviceSignature;
use msec_stream_crypto::{DeviceId, KeyEpoch, ListingId, SealedMessage};
use msec_stream_log::{
	head_key, link, message_key, releases_from_key, with_listing, LogError, LISTINGS_WITH_DATA,
};
pub use msec_stream_log::{LogHead, LoggedMessage};
use parking_lot::{Mutex, RwLock};
use sp_core::offchain::{OffchainStorage, STORAGE_PREFIX};

use crate::PublishError;

/// The most a sequence number may pass the stream's last one: plenty for a device that lost
/// messages, while a stolen device key cannot end a stream at `u64::MAX` (nothing could follow)
/// in fewer than 18 trillion publications. A stream's first message may have any sequence (a
/// device keeps counting when it publishes to a new relay) below `u64::MAX / 2`.
pub const MAX_SEQUENCE_JUMP: u64 = 1_000_000;

/// The highest sequence a stream's first message may have.
pub const MAX_FIRST_SEQUENCE: u64 = u64::MAX / 2;

/// Where the relay keeps the bytes all its logs hold, for the node's quota.
const TOTAL_BYTES_KEY: &[u8] = b"msec/relay/v2/total-bytes";

/// What a log keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
	/// Messages kept per listing (at least one); older ones are dropped.
	pub messages: u64,
	/// Bytes kept per listing; older messages are dropped to stay below it.
	pub listing_bytes: u64,
	/// Bytes kept by all listings together: past it, publications are refused until
	/// retention frees space.
	pub node_bytes: u64,
}

/// Who wrote what is appended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
	/// A device's own messages.
	Device,
	/// The provider's node's anonymized release.
	Release,
}

/// What [`MessageLog::erase`] deleted of a listing's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErasedLog {
	/// Messages deleted.
	pub messages: u64,
	/// Their bytes.
	pub bytes: u64,
	/// The log's hash chain after the newest of them.
	pub chain: sp_core::H256,
}

/// The logs of all listings.
pub struct MessageLog<S> {
	// Held for one storage call at a time: readers of one listing never wait for a whole
	// append or read of another.
	storage: RwLock<S>,
	// One writer per listing: an append reads and writes its listing's head.
	appending: Mutex<HashMap<ListingId, Arc<Mutex<()>>>>,
	// The bytes all logs hold, kept in storage too; checked and updated under this lock.
	total_bytes: Mutex<u64>,
	retention: Retention,
}

impl<S: OffchainStorage> MessageLog<S> {
	/// A log over `storage` that keeps what `retention` allows.
	pub fn new(storage: S, retention: Retention) -> Self {
		let total_bytes = storage
			.get(STORAGE_PREFIX, TOTAL_BYTES_KEY)
			.and_then(|bytes| u64::decode(&mut bytes.as_slice()).ok())
			.unwrap_or_default();
		let retention = Retention { messages: retention.messages.max(1), ..retention };
		Self {
			storage: RwLock::new(storage),
			appending: Mutex::default(),
			total_bytes: Mutex::new(total_bytes),
			retention,
		}
	}

	pub(crate) fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
		self.storage.read().get(STORAGE_PREFIX, key)
	}

	/// Where `listing`'s log stands (empty if nothing was ever published to it).
	pub fn head(&self, listing: ListingId) -> Result<LogHead, PublishError> {
		msec_stream_log::read_head(|key| self.get(key), listing).map_err(unavailable)
	}

	/// The bytes all logs hold.
	pub fn total_bytes(&self) -> u64 {
		*self.total_bytes.lock()
	}

	fn listing_lock(&self, listing: ListingId) -> Arc<Mutex<()>> {
		self.appending.lock().entry(listing).or_default().clone()
	}

	/// Appends `message` from `device`, signed with `signature` (the device's, or the
	/// provider's for an anonymized release), received at block `received_at` (or the newest message's block, if
	/// later: a log's blocks never go back), to its listing's log, extends the log's hash
	/// chain, and drops what falls out of retention. Refused with
	/// [`PublishError::StaleKeyEpoch`] if it is sealed under an epoch older than `chain_epoch`
	/// (the listing's on chain) or than the content key this node keeps for the listing, with
	/// [`PublishError::UnknownKeyEpoch`] if more than one epoch newer, with
	/// [`PublishError::StaleSequence`] unless its sequence number is above the log's last one,
	/// and with [`PublishError::RelayFull`] if the node's logs would hold more than their quota.
	/// `admit` runs after the epoch and sequence checks, under the listing's lock (the relay
	/// charges the device's rate there, so that a replayed message is refused before it
	/// counts).
	pub fn append(
		&self,
		device: DeviceId,
		signature: DeviceSignature,
		received_at: u32,
		chain_epoch: Option<KeyEpoch>,
		message: SealedMessage,
		admit: impl FnOnce() -> Result<(), PublishError>,
	) -> Result<LoggedMessage, PublishError> {
		let batch = vec![(message, signature)];
		let mut logged =
			self.append_all(device, received_at, chain_epoch, batch, Kind::Device, admit)?;
		logged.pop().ok_or_else(|| PublishError::Unavailable("an append logged nothing".into()))
	}

	/// Appends `messages` of one listing, in order, as [`Self::append`] appends one, all or
	/// none: every check runs on every message before anything is written, and the log's head,
	/// written last, makes them visible together (a crash before leaves none of them). The
	/// listing's first [`Kind::Release`] drops every message before it: what the device
	/// published raw before the listing required anonymization is served no more.
	pub fn append_all(
		&self,
		device: DeviceId,
		received_at: u32,
		chain_epoch: Option<KeyEpoch>,
		messages: Vec<(SealedMessage, DeviceSignature)>,
		kind: Kind,
		admit: impl FnOnce() -> Result<(), PublishError>,
	) -> Result<Vec<LoggedMessage>, PublishError> {
		let Some(listing) = messages.first().map(|(message, _)| message.position.listing) else {
			return Ok(Vec::new());
		};
		if messages.iter().any(|(message, _)| message.position.listing != listing) {
			return Err(PublishError::Malformed("a batch holds one listing's messages".into()));
		}
		let lock = self.listing_lock(listing);
		let _appending = lock.lock();
		// The provider's node rotates the key in its storage before the chain hears of it.
		let local_epoch =
			msec_stream_log::local_key_epoch(|key| self.get(key), listing).map_err(unavailable)?;
		let current = chain_epoch.max(local_epoch);
		// One epoch ahead is a key the provider's node made and the chain has yet to hear of;
		// further ahead, no key exists, and readers would wait for it in vain.
		let newest = current.unwrap_or_default().saturating_add(1);
		for (message, _) in &messages {
			let key_epoch = message.position.key_epoch;
			if let Some(current) = current.filter(|current| key_epoch < *current) {
				return Err(PublishError::StaleKeyEpoch { listing, key_epoch, current });
			}
			if key_epoch > newest {
				return Err(PublishError::UnknownKeyEpoch { listing, key_epoch, newest });
			}
		}
		let head = self.head(listing)?;
		// Retention keeps the newest message: only erasure empties a log.
		if head.next > 0 && head.first == head.next {
			return Err(PublishError::UnknownListing(listing));
		}
		let mut last_sequence = head.last_sequence;
		for (message, _) in &messages {
			let sequence = message.position.sequence;
			follows(last_sequence, sequence)?;
			last_sequence = Some(sequence);
		}
		let received_at = received_at.max(head.last_received_at);
		let (mut chain, mut next, mut size) = (head.chain, head.next, 0u64);
		let mut logged = Vec::with_capacity(messages.len());
		for (message, signature) in messages {
			let entry = LoggedMessage {
				index: next,
				device,
				received_at,
				message,
				signature,
				previous: chain,
			};
			chain = link(chain, &entry.message);
			let encoded = entry.encode();
			size = size.saturating_add(encoded.len() as u64);
			next = next.saturating_add(1);
			logged.push((entry, encoded));
		}
		// A batch the log could not keep whole would lose its own first messages at once.
		let count = logged.len() as u64;
		if count > 1 && (count > self.retention.messages || size > self.retention.listing_bytes) {
			return Err(PublishError::Malformed(format!(
				"a batch of {count} messages ({size} bytes) is more than a listing's log keeps \
				 (--relay-retention, --relay-max-listing-bytes)"
			)));
		}
		// The oldest messages go while the log is over either quota, and all raw ones at the
		// first release; the new ones stay.
		let first_release = kind == Kind::Release && self.releases_from(listing)?.is_none();
		let (mut first, mut bytes) = (head.first, head.bytes.saturating_add(size));
		while first < head.next
			&& (first_release
				|| next - first > self.retention.messages
				|| bytes > self.retention.listing_bytes)
		{
			let kept = self.get(&message_key(listing, first)).map_or(0, |old| old.len() as u64);
			bytes = bytes.saturating_sub(kept);
			first += 1;
		}
		let freed = head.bytes.saturating_add(size).saturating_sub(bytes);
		let mut total = self.total_bytes.lock();
		let new_total = total.saturating_add(size).saturating_sub(freed);
		if new_total > self.retention.node_bytes && size > freed {
			return Err(PublishError::RelayFull { max: self.retention.node_bytes });
		}
		// Last of the checks: what `admit` charges is charged only for what is then written.
		admit()?;
		if head.next == 0 {
			self.remember_listing(listing);
		}
		let new_head = LogHead {
			first,
			next,
			last_sequence,
			chain,
			last_received_at: received_at,
			bytes,
		};
		let mut storage = self.storage.write();
		// The total first (a crash then counts messages that are not there: the quota errs on
		// the safe side), the messages next, then the head that makes them visible: a crash in
		// between leaves unreferenced records that the next append overwrites.
		storage.set(STORAGE_PREFIX, TOTAL_BYTES_KEY, &new_total.encode());
		for (entry, encoded) in &logged {
			storage.set(STORAGE_PREFIX, &message_key(listing, entry.index), encoded);
		}
		if first_release {
			storage.set(STORAGE_PREFIX, &releases_from_key(listing), &head.next.encode());
		}
		storage.set(STORAGE_PREFIX, &head_key(listing), &new_head.encode());
		drop(storage);
		*total = new_total;
		drop(total);
		for dropped in head.first..first {
			self.storage.write().remove(STORAGE_PREFIX, &message_key(listing, dropped));
		}
		Ok(logged.into_iter().map(|(entry, _)| entry).collect())
	}

	/// Refuses a message numbered `sequence` if `listing`'s log already holds that number or
	/// a later one: a replay, whatever else is wrong with it. [`Self::append_all`] checks
	/// again, and the jump, when it appends (a batch's earlier messages move the last number).
	pub fn check_not_replayed(&self, listing: ListingId, sequence: u64) -> Result<(), PublishError> {
		match self.head(listing)?.last_sequence {
			Some(last) if sequence <= last => Err(PublishError::StaleSequence { sequence, last }),
			_ => Ok(()),
		}
	}

	/// The index of `listing`'s first anonymized release, once it has one.
	pub fn releases_from(&self, listing: ListingId) -> Result<Option<u64>, PublishError> {
		self.get(&releases_from_key(listing))
			.map(|bytes| u64::decode(&mut bytes.as_slice()))
			.transpose()
			.map_err(|error| PublishError::Unavailable(format!("releases-from of listing {listing}: {error}")))
	}

	/// Adds `listing` to the node's index of listings it keeps data for, read when a listing
	/// closes to erase its log (compare-and-set: the stream worker adds to it too).
	fn remember_listing(&self, listing: ListingId) {
		let mut storage = self.storage.write();
		loop {
			let old = storage.get(STORAGE_PREFIX, LISTINGS_WITH_DATA);
			let new = match with_listing(old.as_deref(), listing) {
				Ok(Some(new)) => new,
				Ok(None) => return,
				Err(error) => {
					log::error!(target: "msec::relay", "listing {listing} not indexed for erasure: {error}");
					return;
				},
			};
			if storage.compare_and_set(STORAGE_PREFIX, LISTINGS_WITH_DATA, old.as_deref(), &new) {
				return;
			}
		}
	}

	/// Deletes every kept message of `listing` (a closed listing's) and what they counted
	/// towards the node's quota. The head stays, with no message and its hash chain, so that
	/// indexes never repeat, and marks the log erased: nothing is appended to it again. The
	/// messages go first and the head last, so that an erasure cut short by a crash is done
	/// whole by the next one. What was deleted.
	pub fn erase(&self, listing: ListingId) -> Result<ErasedLog, PublishError> {
		let lock = self.listing_lock(listing);
		let _appending = lock.lock();
		let head = self.head(listing)?;
		for index in head.first..head.next {
			self.storage.write().remove(STORAGE_PREFIX, &message_key(listing, index));
		}
		let mut total = self.total_bytes.lock();
		let new_total = total.saturating_sub(head.bytes);
		let mut storage = self.storage.write();
		storage.set(STORAGE_PREFIX, TOTAL_BYTES_KEY, &new_total.encode());
		storage.remove(STORAGE_PREFIX, &releases_from_key(listing));
		storage.set(STORAGE_PREFIX, &head_key(listing), &LogHead { first: head.next, bytes: 0, ..head }.encode());
		*total = new_total;
		Ok(ErasedLog { messages: head.next - head.first, bytes: head.bytes, chain: head.chain })
	}

	/// Up to `limit` messages of `listing` from index `from` on (from the oldest kept if
	/// `from` fell out of retention), oldest first, at most `max_bytes` of ciphertext (but at
	/// least one message), and the head they were read under. Messages that retention drops
	/// while they are read are skipped, as if dropped before.
	pub fn read(
		&self,
		listing: ListingId,
		from: u64,
		limit: u32,
		max_bytes: usize,
	) -> Result<(LogHead, Vec<LoggedMessage>), PublishError> {
		let head = self.head(listing)?;
		let start = from.max(head.first);
		let end = head.next.min(start.saturating_add(u64::from(limit)));
		let mut messages: Vec<LoggedMessage> = Vec::new();
		let mut bytes = 0usize;
		for index in start..end {
			match msec_stream_log::read_message(|key| self.get(key), listing, index) {
				Ok(message) => {
					bytes = bytes.saturating_add(message.message.ciphertext.len());
					if bytes > max_bytes && !messages.is_empty() {
						break;
					}
					messages.push(message);
				},
				// Dropped by retention since the head was read: the page starts later, or ends.
				Err(_) if self.head(listing)?.first > index => {
					if messages.is_empty() {
						continue;
					}
					break;
				},
				Err(error) => return Err(unavailable(error)),
			}
		}
		Ok((head, messages))
	}
}

fn unavailable(error: LogError) -> PublishError {
	PublishError::Unavailable(error.to_string())
}

/// Whether `sequence` may follow a stream's `last` sequence number: above it, and no further
/// than [`MAX_SEQUENCE_JUMP`] past it (a first message: no higher than [`MAX_FIRST_SEQUENCE`]).
fn follows(last: Option<u64>, sequence: u64) -> Result<(), PublishError> {
	if let Some(last) = last.filter(|last| sequence <= *last) {
		return Err(PublishError::StaleSequence { sequence, last });
	}
	let too_far = match last {
		Some(last) => sequence.saturating_sub(last) > MAX_SEQUENCE_JUMP,
		None => sequence > MAX_FIRST_SEQUENCE,
	};
	if too_far {
		return Err(PublishError::SequenceJump { sequence, last });
	}
	Ok(())
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

	fn sig() -> DeviceSignature {
		DeviceSignature::Ed25519(sp_core::ed25519::Signature::from_raw([7; 64]))
	}

	fn retention(messages: u64) -> Retention {
		Retention { messages, listing_bytes: u64::MAX, node_bytes: u64::MAX }
	}

	fn log(messages: u64) -> MessageLog<InMemOffchainStorage> {
		MessageLog::new(InMemOffchainStorage::default(), retention(messages))
	}

	#[test]
	fn appended_messages_get_consecutive_indexes_per_listing() {
		let log = log(100);
		for sequence in [3, 5, 9] {
			log.append(1, sig(), 10, None, message(7, sequence), || Ok(())).expect("appends");
		}
		log.append(1, sig(), 11, None, message(8, 1), || Ok(())).expect("appends");
		let (head, messages) = log.read(7, 0, 10, usize::MAX).expect("reads");
		let chain = [3, 5, 9].iter().fold(sp_core::H256::zero(), |chain, sequence| {
			link(chain, &message(7, *sequence))
		});
		let expected =
			LogHead { first: 0, next: 3, last_sequence: Some(9), chain, last_received_at: 10, bytes: head.bytes };
		assert_eq!(head, expected);
		let stored: u64 = messages.iter().map(|m| m.encode().len() as u64).sum();
		assert_eq!(head.bytes, stored);
		assert_eq!(messages[1].previous, link(messages[0].previous, &messages[0].message));
		assert_eq!(messages.iter().map(|m| m.index).collect::<Vec<_>>(), [0, 1, 2]);
		assert_eq!(messages[2].message, message(7, 9));
		assert_eq!(log.head(8).expect("head").next, 1);
		assert_eq!(log.head(9).expect("head"), LogHead::default());
	}

	fn batch(listing: ListingId, sequences: &[u64]) -> Vec<(SealedMessage, DeviceSignature)> {
		sequences.iter().map(|sequence| (message(listing, *sequence), sig())).collect()
	}

	#[test]
	fn a_batch_is_appended_whole_and_chained_like_single_messages() {
		let log = log(100);
		log.append(1, sig(), 10, None, message(7, 1), || Ok(())).expect("appends");
		let logged = log.append_all(1, 11, None, batch(7, &[2, 3, 5]), Kind::Device, || Ok(())).expect("appends");
		assert_eq!(logged.iter().map(|m| m.index).collect::<Vec<_>>(), [1, 2, 3]);
		let (head, messages) = log.read(7, 0, 10, usize::MAX).expect("reads");
		let chain = [1, 2, 3, 5]
			.iter()
			.fold(sp_core::H256::zero(), |chain, sequence| link(chain, &message(7, *sequence)));
		assert_eq!((head.next, head.last_sequence, head.chain), (4, Some(5), chain));
		assert_eq!(messages[1..], logged[..]);
		let stored: u64 = messages.iter().map(|m| m.encode().len() as u64).sum();
		assert_eq!((head.bytes, log.total_bytes()), (stored, stored));
	}

	#[test]
	fn a_batch_with_one_bad_message_leaves_nothing_behind() {
		// A release cut short would show buyers part of a batch its attestation never covers.
		let quota = Retention { messages: 100, listing_bytes: u64::MAX, node_bytes: 300 };
		let log = MessageLog::new(InMemOffchainStorage::default(), quota);
		log.append(1, sig(), 10, None, message(7, 4), || Ok(())).expect("appends");
		let before = (log.head(7).expect("head"), log.total_bytes());
		let too_many: Vec<u64> = (5..106).collect();
		assert!(matches!(
			log.append_all(1, 11, None, batch(7, &too_many), Kind::Device, || Ok(())),
			Err(PublishError::Malformed(_))
		));
		for (sequences, error) in [
			(vec![5, 6, 6], PublishError::StaleSequence { sequence: 6, last: 6 }),
			(vec![5, 6, 2_000_000], PublishError::SequenceJump { sequence: 2_000_000, last: Some(6) }),
			(vec![5, 6, 7, 8], PublishError::RelayFull { max: 300 }),
		] {
			assert_eq!(log.append_all(1, 11, None, batch(7, &sequences), Kind::Device, || Ok(())), Err(error));
			assert_eq!((log.head(7).expect("head"), log.total_bytes()), before);
		}
		let mixed = vec![(message(7, 5), sig()), (message(8, 6), sig())];
		assert!(matches!(
			log.append_all(1, 11, None, mixed, Kind::Device, || Ok(())),
			Err(PublishError::Malformed(_))
		));
		assert_eq!(
			log.append_all(1, 11, Some(1), batch(7, &[5, 6]), Kind::Device, || Ok(())),
			Err(PublishError::StaleKeyEpoch { listing: 7, key_epoch: 0, current: 1 })
		);
		assert_eq!((log.head(7).expect("head"), log.total_bytes()), before);
	}

	#[test]
	fn a_sequence_not_above_the_last_is_refused_and_nothing_changes() {
		let log = log(100);
		log.append(1, sig(), 10, None, message(7, 5), || Ok(())).expect("appends");
		for sequence in [5, 4] {
			assert_eq!(
				log.append(1, sig(), 10, None, message(7, sequence), || Ok(())),
				Err(PublishError::StaleSequence { sequence, last: 5 })
			);
		}
		let head = log.head(7).expect("head");
		assert_eq!((head.first, head.next, head.last_sequence), (0, 1, Some(5)));
		assert_eq!(head.chain, link(sp_core::H256::zero(), &message(7, 5)));
	}

	#[test]
	fn a_stolen_device_key_cannot_end_a_stream_with_the_largest_sequence() {
		let log = log(100);
		assert_eq!(
			log.append(1, sig(), 10, None, message(7, u64::MAX), || Ok(())),
			Err(PublishError::SequenceJump { sequence: u64::MAX, last: None })
		);
		let counted = 40_000_000;
		log.append(1, sig(), 10, None, message(7, counted), || Ok(())).expect("a device that kept counting starts");
		let too_far = counted + MAX_SEQUENCE_JUMP + 1;
		assert_eq!(
			log.append(1, sig(), 10, None, message(7, too_far), || Ok(())),
			Err(PublishError::SequenceJump { sequence: too_far, last: Some(counted) })
		);
		log.append(1, sig(), 10, None, message(7, too_far - 1), || Ok(())).expect("the stream goes on");
	}

	#[test]
	fn a_message_received_late_is_stamped_no_earlier_than_the_one_before() {
		let log = log(100);
		log.append(1, sig(), 12, None, message(7, 1), || Ok(())).expect("appends");
		// A publication whose chain view was read at block 11 takes the lock after one read
		// at block 12: the epoch proofs' binary search needs blocks in log order.
		let late = log.append(1, sig(), 11, None, message(7, 2), || Ok(())).expect("appends");
		assert_eq!(late.received_at, 12);
	}

	#[test]
	fn a_flooded_listing_keeps_within_its_byte_quota() {
		let one = LoggedMessage {
			index: 0,
			device: 1,
			received_at: 10,
			message: message(7, 1),
			signature: sig(),
			previous: Default::default(),
		}
		.encode()
		.len() as u64;
		let quota = Retention { messages: 100, listing_bytes: 3 * one, node_bytes: u64::MAX };
		let log = MessageLog::new(InMemOffchainStorage::default(), quota);
		for sequence in 1..=10 {
			log.append(1, sig(), 10, None, message(7, sequence), || Ok(())).expect("appends");
		}
		let head = log.head(7).expect("head");
		assert_eq!((head.first, head.next), (7, 10), "the newest three messages are kept");
		assert!(head.bytes <= 3 * one);
		assert_eq!(log.total_bytes(), head.bytes);
	}

	#[test]
	fn a_flood_across_listings_is_refused_once_the_node_quota_is_reached() {
		let quota = Retention { messages: 100, listing_bytes: u64::MAX, node_bytes: 400 };
		let storage = InMemOffchainStorage::default();
		let log = MessageLog::new(storage, quota);
		let mut accepted = 0;
		for listing in 1..=100 {
			match log.append(1, sig(), 10, None, message(listing, 1), || Ok(())) {
				Ok(_) => accepted += 1,
				Err(error) => {
					assert_eq!(error, PublishError::RelayFull { max: 400 });
					break;
				},
			}
		}
		assert!(accepted > 0 && accepted < 100, "{accepted} listings taken");
		assert!(log.total_bytes() <= 400);
		// The quota survives a restart.
		let reopened = MessageLog::new(log.storage.read().clone(), quota);
		assert_eq!(reopened.total_bytes(), log.total_bytes());
		assert_eq!(
			reopened.append(1, sig(), 10, None, message(200, 1), || Ok(())),
			Err(PublishError::RelayFull { max: 400 })
		);
	}

	#[test]
	fn a_page_holds_at_most_its_bytes_but_at_least_one_message() {
		let log = log(100);
		for sequence in 1..=5 {
			log.append(1, sig(), 10, None, message(7, sequence), || Ok(())).expect("appends");
		}
		let (_, page) = log.read(7, 0, 100, 45).expect("reads");
		assert_eq!(page.len(), 2, "20 bytes of ciphertext each");
		let (_, one) = log.read(7, 0, 100, 1).expect("reads");
		assert_eq!(one.len(), 1);
	}

	#[test]
	fn reads_are_bounded_by_limit_and_head() {
		let log = log(100);
		for sequence in 0..10 {
			log.append(1, sig(), 10, None, message(7, sequence), || Ok(())).expect("appends");
		}
		let (_, page) = log.read(7, 4, 3, usize::MAX).expect("reads");
		assert_eq!(page.iter().map(|m| m.index).collect::<Vec<_>>(), [4, 5, 6]);
		let (_, tail) = log.read(7, 8, 100, usize::MAX).expect("reads");
		assert_eq!(tail.len(), 2);
		let (_, beyond) = log.read(7, 50, 100, usize::MAX).expect("reads");
		assert!(beyond.is_empty());
	}

	#[test]
	fn retention_keeps_the_newest_messages_and_deletes_older_ones() {
		let storage = InMemOffchainStorage::default();
		let log = MessageLog::new(storage, retention(3));
		for sequence in 0..5 {
			log.append(1, sig(), 10, None, message(7, sequence), || Ok(())).expect("appends");
		}
		let (head, kept) = log.read(7, 0, 100, usize::MAX).expect("reads");
		assert_eq!((head.first, head.next), (2, 5));
		assert_eq!(kept.iter().map(|m| m.index).collect::<Vec<_>>(), [2, 3, 4]);
		let storage = log.storage.read();
		assert!(storage.get(STORAGE_PREFIX, &message_key(7, 1)).is_none(), "dropped from disk");
		assert!(storage.get(STORAGE_PREFIX, &message_key(7, 2)).is_some());
	}

	#[test]
	fn the_log_is_read_back_from_the_same_storage() {
		let storage = InMemOffchainStorage::default();
		let first = MessageLog::new(storage.clone(), retention(100));
		first.append(1, sig(), 10, None, message(7, 1), || Ok(())).expect("appends");
		// A node restart: a new log over the database the old one wrote.
		let reopened = MessageLog::new(first.storage.read().clone(), retention(100));
		drop(storage);
		let (head, messages) = reopened.read(7, 0, 10, usize::MAX).expect("reads");
		assert_eq!(head.next, 1);
		assert_eq!(messages[0].message, message(7, 1));
		assert_eq!(
			reopened.append(1, sig(), 10, None, message(7, 1), || Ok(())),
			Err(PublishError::StaleSequence { sequence: 1, last: 1 })
		);
	}

	#[test]
	fn a_closed_listings_log_is_erased_and_frees_the_node_quota() {
		let quota = Retention { messages: 100, listing_bytes: u64::MAX, node_bytes: 10_000 };
		let log = MessageLog::new(InMemOffchainStorage::default(), quota);
		for sequence in 1..=3 {
			log.append(1, sig(), 10, None, message(7, sequence), || Ok(())).expect("appends");
		}
		log.append(1, sig(), 10, None, message(8, 1), || Ok(())).expect("appends");
		let before = log.head(7).expect("head");
		let index = log.get(LISTINGS_WITH_DATA).expect("indexed");
		assert_eq!(Vec::<ListingId>::decode(&mut &index[..]).expect("decodes"), vec![7, 8]);

		let erased = log.erase(7).expect("erases");
		assert_eq!(erased, ErasedLog { messages: 3, bytes: before.bytes, chain: before.chain });
		for index in 0..3 {
			assert_eq!(log.get(&message_key(7, index)), None, "message {index} deleted");
		}
		assert_eq!(log.read(7, 0, 10, usize::MAX).expect("reads").1, vec![]);
		assert_eq!(log.total_bytes(), log.head(8).expect("head").bytes, "listing 8's bytes only");
		// Its indexes never repeat, nothing is appended to it again, and another listing's log
		// is untouched.
		assert_eq!(log.head(7).expect("head").next, 3);
		assert_eq!(
			log.append(1, sig(), 11, None, message(7, 4), || Ok(())),
			Err(PublishError::UnknownListing(7))
		);
		assert_eq!(log.read(8, 0, 10, usize::MAX).expect("reads").1.len(), 1);
	}

	#[test]
	fn a_corrupt_head_is_reported_not_overwritten() {
		let mut storage = InMemOffchainStorage::default();
		storage.set(STORAGE_PREFIX, &head_key(7), b"\x01");
		let log = MessageLog::new(storage, retention(100));
		assert!(matches!(log.append(1, sig(), 10, None, message(7, 1), || Ok(())), Err(PublishError::Unavailable(_))));
	}
}
