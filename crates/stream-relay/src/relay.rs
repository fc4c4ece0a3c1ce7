//! The relay: checks a publication against the chain, logs it and tells subscribers.

use std::{
	collections::HashMap,
	num::NonZeroU32,
	time::{Duration, Instant},
};

use codec::Decode;
use governor::{
	clock::{Clock, DefaultClock},
	DefaultKeyedRateLimiter, Quota, RateLimiter,
};
use msec_primitives::{DeviceKey, DeviceSignature, DeviceStatus};
use msec_stream_crypto::{
	publication_payload, release_payload, DeviceId, ListingId, SealedMessage,
};
use parking_lot::Mutex;
use sp_core::{offchain::OffchainStorage, sr25519};
use tokio::sync::watch;

use crate::{
	signatures::{verify_all, SignedPayload},
	store::{ErasedLog, Kind, LoggedMessage, Retention},
	ChainView, DeviceRecord, LogHead, MessageLog, PublishError, StreamSource,
};

/// The relay's limits, from the node's command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelayConfig {
	/// Most ciphertext bytes one message may carry.
	pub max_message_bytes: usize,
	/// Messages kept per listing; older ones are deleted.
	pub retention: u64,
	/// Bytes kept per listing; older messages are deleted to stay below it.
	pub max_listing_bytes: u64,
	/// Bytes all listings' logs may hold together; past it, publications are refused.
	pub max_bytes: u64,
	/// Messages per second one device may publish (bursts of as many).
	pub device_rate: NonZeroU32,
	/// Messages per second one connection may have checked (bursts of as many; a read counts
	/// one); more wait.
	pub connection_rate: NonZeroU32,
	/// Whether to take every listing's messages, or only those of providers this node serves.
	pub accept_all: bool,
	/// Most ciphertext bytes one read returns (at least one message).
	pub max_page_bytes: usize,
	/// Most relay subscriptions one connection may hold.
	pub max_subscriptions_per_connection: u32,
}

impl Default for RelayConfig {
	fn default() -> Self {
		Self {
			max_message_bytes: 64 * 1024,
			retention: 100_000,
			max_listing_bytes: 1 << 30,
			max_bytes: 16 << 30,
			device_rate: NonZeroU32::new(1_000).unwrap_or(NonZeroU32::MIN),
			connection_rate: NonZeroU32::new(1_000).unwrap_or(NonZeroU32::MIN),
			accept_all: false,
			max_page_bytes: 4 << 20,
			max_subscriptions_per_connection: 16,
		}
	}
}

/// Most messages one read returns.
pub const MAX_PAGE: u32 = 1_000;

/// Most ciphertext bytes a subscription reads at once (at least one message): with the
/// per-connection cap, what slow subscribers hold stays bounded.
pub const SUBSCRIPTION_PAGE_BYTES: usize = 256 * 1024;

/// Listings with a notification channel before channels nobody listens to are dropped.
const CHANNELS_BEFORE_PRUNING: usize = 1_024;

/// Devices noted over their rate before the notes that ran out are dropped.
const LIMITED_BEFORE_PRUNING: usize = 1_024;

/// A publication that passed every check but its signature's.
struct Admitted {
	device: DeviceId,
	message: SealedMessage,
	signature: DeviceSignature,
	source: StreamSource,
	key: DeviceKey,
}

/// Stores and forwards sealed messages; never sees a key.
pub struct Relay<S, C> {
	log: MessageLog<S>,
	chain: C,
	config: RelayConfig,
	/// Per listing, the index its log's next message gets: each append wakes only the
	/// subscribers of its own listing.
	appended: Mutex<HashMap<ListingId, watch::Sender<u64>>>,
	rate: DefaultKeyedRateLimiter<DeviceId>,
	clock: DefaultClock,
	/// Devices over their rate and until when, as last noted: only devices whose signature
	/// was checked get here.
	limited: Mutex<HashMap<DeviceId, Instant>>,
	subscriptions: Mutex<HashMap<usize, u32>>,
}

impl<S: OffchainStorage, C: ChainView> Relay<S, C> {
	/// A relay over `storage` that checks publications against `chain`.
	pub fn new(storage: S, chain: C, config: RelayConfig) -> Self {
		let retention = Retention {
			messages: config.retention,
			listing_bytes: config.max_listing_bytes,
			node_bytes: config.max_bytes,
		};
		let clock = DefaultClock::default();
		Self {
			log: MessageLog::new(storage, retention),
			chain,
			config,
			appended: Mutex::default(),
			rate: RateLimiter::dashmap_with_clock(Quota::per_second(config.device_rate), &clock),
			clock,
			limited: Mutex::default(),
			subscriptions: Mutex::default(),
		}
	}

	/// Publishes `message` from `device` with the device's SCALE-encoded `signature` over
	/// [`publication_payload`] on this chain, and keeps the signature for readers. Accepted
	/// only if the message is within the size limit, its
	/// listing is an open stream naming `device` that does not require anonymization, the
	/// device is active, the signature is the device's, it is sealed under the listing's
	/// current key epoch or a later one, and its sequence number is above the stream's last
	/// one.
	pub fn publish(
		&self,
		device: DeviceId,
		message: SealedMessage,
		signature: &[u8],
	) -> Result<LoggedMessage, PublishError> {
		let mut published = self.publish_batch(vec![(device, Ok(message), signature.to_vec())]);
		published.pop().unwrap_or_else(|| Err(PublishError::Unavailable("a publication got no answer".into())))
	}

	/// Publishes each of `publications` (a device, its sealed message or why it is malformed,
	/// its signature) as [`Self::publish`] would, in order, each accepted or refused on its
	/// own; their signatures are checked together, which costs about half as much per
	/// message as one at a time.
	pub fn publish_batch(
		&self,
		publications: Vec<(DeviceId, Result<SealedMessage, PublishError>, Vec<u8>)>,
	) -> Vec<Result<LoggedMessage, PublishError>> {
		let genesis = self.chain.genesis_hash();
		let admitted: Vec<Result<(Admitted, Vec<u8>), PublishError>> = publications
			.into_iter()
			.map(|(device, message, signature)| {
				let admitted = self.admit(device, message?, &signature)?;
				let payload = publication_payload(&genesis, device, &admitted.message);
				Ok((admitted, payload))
			})
			.collect();
		let to_check: Vec<SignedPayload<'_>> = admitted
			.iter()
			.flatten()
			.map(|(admitted, payload)| SignedPayload {
				key: &admitted.key,
				signature: &admitted.signature,
				payload,
			})
			.collect();
		let mut genuine = verify_all(&to_check).into_iter();
		drop(to_check);
		admitted
			.into_iter()
			.map(|admitted| {
				let (admitted, _) = admitted?;
				if !genuine.next().unwrap_or(false) {
					return Err(PublishError::BadSignature);
				}
				self.log_admitted(admitted)
			})
			.collect()
	}

	/// Every check of [`Self::publish`] but the signature's, the costliest, which comes
	/// after them.
	fn admit(
		&self,
		device: DeviceId,
		message: SealedMessage,
		signature: &[u8],
	) -> Result<Admitted, PublishError> {
		self.check_size(&message)?;
		let signature = DeviceSignature::decode(&mut &signature[..]).map_err(|_| {
			PublishError::Malformed(
				"signature: expected a SCALE-encoded DeviceSignature (0x00 + 64 bytes ed25519, 0x01 + 64 bytes sr25519)"
					.into(),
			)
		})?;
		let listing = message.position.listing;
		let source = self.served_source(listing)?;
		if source.device != Some(device) {
			return Err(PublishError::WrongDevice { listing, device, expected: source.device });
		}
		if source.anonymized {
			return Err(PublishError::AnonymizationRequired(listing));
		}
		let record = self.active_device(device)?;
		// Refusals no signature could change, so that a flood of them costs no signature
		// check: a replay (anyone may resend what a relay serves), and a device still over
		// its rate (only the device's own signed messages put it there).
		self.log.check_not_replayed(listing, message.position.sequence)?;
		self.check_not_limited(device)?;
		Ok(Admitted { device, message, signature, source, key: record.key })
	}

	/// Logs a publication whose signature is its device's.
	fn log_admitted(&self, admitted: Admitted) -> Result<LoggedMessage, PublishError> {
		let Admitted { device, message, signature, source, .. } = admitted;
		// A replay of a message already taken is refused before it counts: only the device can
		// sign new ones, so nobody else can spend its rate.
		let within_rate = || {
			self.rate.check_key(&device).map_err(|not_until| {
				self.note_limited(device, not_until.wait_time_from(self.clock.now()));
				PublishError::RateLimited { device, per_second: self.config.device_rate.get() }
			})
		};
		self.append(device, signature, &source, message, within_rate)
	}

	/// Refuses `device` while it is over its rate, as last noted.
	fn check_not_limited(&self, device: DeviceId) -> Result<(), PublishError> {
		match self.limited.lock().get(&device) {
			Some(until) if Instant::now() < *until => Err(PublishError::RateLimited {
				device,
				per_second: self.config.device_rate.get(),
			}),
			_ => Ok(()),
		}
	}

	/// Notes that `device`, having signed, went over its rate: until its next message is
	/// due, in `wait`, what it sends is refused before the signature check.
	fn note_limited(&self, device: DeviceId, wait: Duration) {
		let now = Instant::now();
		let until = now + wait;
		let mut limited = self.limited.lock();
		if limited.len() >= LIMITED_BEFORE_PRUNING {
			limited.retain(|_, until| *until > now);
		}
		limited.insert(device, until);
	}

	/// Publishes a whole anonymized batch or none of it: buyers never see part of a batch
	/// whose attestation covers all of it. The provider's own node sealed `messages` (of one
	/// listing) from records of the listing's device it anonymized, each with a signature
	/// (sr25519, by the key of one of the provider's data-plane workers) over
	/// [`release_payload`] on this chain: no device wrote the release, so the provider vouches
	/// for it through the worker it appointed. Only for anonymized
	/// listings; the same checks as [`Self::publish`] apply otherwise.
	pub fn publish_release(
		&self,
		messages: Vec<(SealedMessage, DeviceSignature)>,
	) -> Result<Vec<LoggedMessage>, PublishError> {
		let Some(listing) = messages.first().map(|(message, _)| message.position.listing) else {
			return Ok(Vec::new());
		};
		let source = self.served_source(listing)?;
		if !source.anonymized {
			return Err(PublishError::NotAnonymized(listing));
		}
		let device = source.device.ok_or(PublishError::NoSourceDevice(listing))?;
		self.active_device(device)?;
		let genesis = self.chain.genesis_hash();
		for (message, signature) in &messages {
			self.check_size(message)?;
			let payload = release_payload(&genesis, message);
			let by_a_worker = source.release_signers.iter().any(|worker| {
				DeviceKey::Sr25519(sr25519::Public::from_raw(*worker)).verify(&payload, signature)
			});
			if !by_a_worker {
				return Err(PublishError::BadSignature);
			}
		}
		self.append_all(device, &source, messages, Kind::Release, || Ok(()))
	}

	/// `listing`'s source device and its record, if this relay takes the listing's messages and
	/// the device is active: the only device its provider's node hands the listing's content
	/// key to or takes raw records of the listing from.
	pub fn active_source_device(
		&self,
		listing: ListingId,
	) -> Result<(StreamSource, DeviceId, DeviceRecord), PublishError> {
		let source = self.served_source(listing)?;
		let device = source.device.ok_or(PublishError::NoSourceDevice(listing))?;
		let record = self.active_device(device)?;
		Ok((source, device, record))
	}

	/// The most messages a device may publish at once (its rate's burst): the largest batch of
	/// records [`Self::charge_device`] can take.
	pub fn device_burst(&self) -> usize {
		usize::try_from(self.config.device_rate.get()).unwrap_or(usize::MAX)
	}

	/// Charges `records` records handed in for anonymization to `device`'s rate, as many
	/// messages: a batch above the rate's burst is refused whole (split it).
	pub fn charge_device(&self, device: DeviceId, records: usize) -> Result<(), PublishError> {
		let limited =
			|| PublishError::RateLimited { device, per_second: self.config.device_rate.get() };
		let count = u32::try_from(records).ok().and_then(NonZeroU32::new).ok_or_else(limited)?;
		match self.rate.check_key_n(&device, count) {
			Ok(Ok(())) => Ok(()),
			_ => Err(limited()),
		}
	}

	/// The genesis hash of the chain the relay checks signatures for.
	pub fn genesis_hash(&self) -> [u8; 32] {
		self.chain.genesis_hash()
	}

	/// `listing`'s source, if this relay takes its messages.
	fn served_source(&self, listing: ListingId) -> Result<StreamSource, PublishError> {
		let source = self.chain.stream_source(listing)?;
		if !self.config.accept_all && !source.served_here {
			return Err(PublishError::NotServedHere(listing));
		}
		Ok(source)
	}

	fn check_size(&self, message: &SealedMessage) -> Result<(), PublishError> {
		let size = message.ciphertext.len();
		if size > self.config.max_message_bytes {
			return Err(PublishError::MessageTooLarge { size, max: self.config.max_message_bytes });
		}
		Ok(())
	}

	fn active_device(&self, device: DeviceId) -> Result<DeviceRecord, PublishError> {
		let record = self.chain.device(device)?;
		if record.status != DeviceStatus::Active {
			return Err(PublishError::DeviceNotActive { device, status: record.status });
		}
		Ok(record)
	}

	fn append(
		&self,
		device: DeviceId,
		signature: DeviceSignature,
		source: &StreamSource,
		message: SealedMessage,
		admit: impl FnOnce() -> Result<(), PublishError>,
	) -> Result<LoggedMessage, PublishError> {
		let batch = vec![(message, signature)];
		let mut logged = self.append_all(device, source, batch, Kind::Device, admit)?;
		logged.pop().ok_or_else(|| PublishError::Unavailable("an append logged nothing".into()))
	}

	fn append_all(
		&self,
		device: DeviceId,
		source: &StreamSource,
		messages: Vec<(SealedMessage, DeviceSignature)>,
		kind: Kind,
		admit: impl FnOnce() -> Result<(), PublishError>,
	) -> Result<Vec<LoggedMessage>, PublishError> {
		let (block, epoch) = (source.best_block, source.key_epoch);
		let logged = self.log.append_all(device, block, epoch, messages, kind, admit)?;
		if let Some(last) = logged.last() {
			if let Some(channel) = self.appended.lock().get(&last.message.position.listing) {
				channel.send_replace(last.index.saturating_add(1));
			}
		}
		Ok(logged)
	}

	/// Up to `limit` (at most [`MAX_PAGE`]) messages of `listing` from index `from`.
	pub fn read(
		&self,
		listing: ListingId,
		from: u64,
		limit: u32,
	) -> Result<(LogHead, Vec<LoggedMessage>), PublishError> {
		if limit == 0 || limit > MAX_PAGE {
			return Err(PublishError::InvalidRange(format!(
				"limit {limit}: ask for 1 to {MAX_PAGE} messages"
			)));
		}
		self.read_page(listing, from, limit, self.config.max_page_bytes)
	}

	/// The next messages of `listing` from index `from` for a subscription: a smaller page
	/// than a fetch's, since each subscription holds its page while its client is slow.
	pub fn read_for_subscription(
		&self,
		listing: ListingId,
		from: u64,
	) -> Result<(LogHead, Vec<LoggedMessage>), PublishError> {
		let max_bytes = self.config.max_page_bytes.min(SUBSCRIPTION_PAGE_BYTES);
		self.read_page(listing, from, MAX_PAGE, max_bytes)
	}

	/// A page of `listing`'s log; none of the raw messages of a listing that requires
	/// anonymization. The provider's node drops them at the listing's first release; until
	/// then, and on a relay that never gets releases, a listing the chain says is anonymized
	/// serves nothing: its buyers may not read its subjects' raw data.
	fn read_page(
		&self,
		listing: ListingId,
		from: u64,
		limit: u32,
		max_bytes: usize,
	) -> Result<(LogHead, Vec<LoggedMessage>), PublishError> {
		if self.log.releases_from(listing)?.is_none() {
			// A listing the chain no longer has serves what its log still holds (its erasure
			// follows); one the chain cannot answer for serves nothing.
			let anonymized = match self.chain.stream_source(listing) {
				Ok(source) => source.anonymized,
				Err(PublishError::UnknownListing(_)) => false,
				Err(error) => return Err(error),
			};
			if anonymized {
				return Ok((self.log.head(listing)?, Vec::new()));
			}
		}
		self.log.read(listing, from, limit, max_bytes)
	}

	/// The relay's limits.
	pub fn config(&self) -> &RelayConfig {
		&self.config
	}

	/// Most ciphertext bytes one message may carry.
	pub fn max_message_bytes(&self) -> usize {
		self.config.max_message_bytes
	}

	/// Where `listing`'s log stands.
	pub fn head(&self, listing: ListingId) -> Result<LogHead, PublishError> {
		self.log.head(listing)
	}

	/// Deletes the log of `listing`, which closed (see [`MessageLog::erase`]).
	pub fn erase(&self, listing: ListingId) -> Result<ErasedLog, PublishError> {
		let erased = self.log.erase(listing)?;
		self.appended.lock().remove(&listing);
		Ok(erased)
	}

	/// Notifications of appends to `listing`: the index its next message gets.
	pub fn appends(&self, listing: ListingId) -> watch::Receiver<u64> {
		let mut channels = self.appended.lock();
		if channels.len() >= CHANNELS_BEFORE_PRUNING {
			channels.retain(|_, channel| channel.receiver_count() > 0);
		}
		channels.entry(listing).or_insert_with(|| watch::channel(0).0).subscribe()
	}

	/// Counts a subscription of connection `connection` until the returned guard drops;
	/// refused past the per-connection cap.
	pub fn open_subscription(
		&self,
		connection: usize,
	) -> Result<SubscriptionSlot<'_, S, C>, PublishError> {
		let mut open = self.subscriptions.lock();
		let count = open.entry(connection).or_default();
		let max = self.config.max_subscriptions_per_connection;
		if *count >= max {
			return Err(PublishError::TooManySubscriptions { max });
		}
		*count += 1;
		Ok(SubscriptionSlot { relay: self, connection })
	}
}

/// A connection's open subscription, counted until dropped.
pub struct SubscriptionSlot<'a, S, C> {
	relay: &'a Relay<S, C>,
	connection: usize,
}

impl<S, C> Drop for SubscriptionSlot<'_, S, C> {
	fn drop(&mut self) {
		let mut open = self.relay.subscriptions.lock();
		if let Some(count) = open.get_mut(&self.connection) {
			*count = count.saturating_sub(1);
			if *count == 0 {
				open.remove(&self.connection);
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use crate::MAX_SEQUENCE_JUMP;
	use msec_stream_crypto::StreamPosition;
	use sp_core::{ed25519, offchain::storage::InMemOffchainStorage, sr25519, Pair};

	const LISTING: ListingId = 3;
	const DEVICE: DeviceId = 11;

	/// Listing 3 is a stream from device 11 (ed25519 seed 1); listing 4 a dataset; listing 5 a
	/// stream from device 12, which is quarantined; listing 6 an anonymized stream from device
	/// 11; listing 7 a stream naming no device; listing 8 a stream from device 11 whose current
	/// key epoch on chain is 2; listing 13 an anonymized stream from device 12; listing 10 a
	/// stream of a provider this node does not serve; listing 12 an anonymized stream naming no
	/// device; listing 14 a stream from device 11 that requires anonymization once
	/// [`LISTING_14_ANONYMIZED`] is set; listing 15 one the chain cannot answer for once
	/// [`LISTING_15_UNAVAILABLE`] is set. The provider's data-plane worker key is sr25519 seed 4.
	struct Chain;

	static LISTING_14_ANONYMIZED: std::sync::atomic::AtomicBool =
		std::sync::atomic::AtomicBool::new(false);
	static LISTING_15_UNAVAILABLE: std::sync::atomic::AtomicBool =
		std::sync::atomic::AtomicBool::new(false);

	fn source(device: Option<DeviceId>) -> StreamSource {
		StreamSource {
			device,
			anonymized: false,
			key_epoch: None,
			release_signers: vec![worker_pair().public().0],
			served_here: true,
			best_block: 42,
		}
	}

	fn worker_pair() -> sr25519::Pair {
		sr25519::Pair::from_seed(&[4; 32])
	}

	/// `message` released by the provider's node, signed with its worker's key.
	fn release(
		relay: &Relay<InMemOffchainStorage, Chain>,
		message: SealedMessage,
	) -> Result<LoggedMessage, PublishError> {
		let payload = release_payload(&GENESIS, &message);
		publish_one_release(relay, message, DeviceSignature::Sr25519(worker_pair().sign(&payload)))
	}

	/// `message` published as a release of its own, with `signature`.
	fn publish_one_release(
		relay: &Relay<InMemOffchainStorage, Chain>,
		message: SealedMessage,
		signature: DeviceSignature,
	) -> Result<LoggedMessage, PublishError> {
		let mut logged = relay.publish_release(vec![(message, signature)])?;
		Ok(logged.pop().expect("one message published, one logged"))
	}

	fn device_pair() -> ed25519::Pair {
		ed25519::Pair::from_seed(&[1; 32])
	}

	const GENESIS: [u8; 32] = [0x47; 32];

	impl ChainView for Chain {
		fn genesis_hash(&self) -> [u8; 32] {
			GENESIS
		}

		fn stream_source(&self, listing: ListingId) -> Result<StreamSource, PublishError> {
			match listing {
				LISTING => Ok(source(Some(DEVICE))),
				4 => Err(PublishError::NotAStream(4)),
				5 => Ok(source(Some(12))),
				6 => Ok(StreamSource { anonymized: true, ..source(Some(DEVICE)) }),
				7 => Ok(source(None)),
				8 => Ok(StreamSource { key_epoch: Some(2), ..source(Some(DEVICE)) }),
				13 => Ok(StreamSource { anonymized: true, ..source(Some(12)) }),
				10 => Ok(StreamSource { served_here: false, ..source(Some(DEVICE)) }),
				12 => Ok(StreamSource { anonymized: true, ..source(None) }),
				14 => Ok(StreamSource {
					anonymized: LISTING_14_ANONYMIZED.load(std::sync::atomic::Ordering::SeqCst),
					..source(Some(DEVICE))
				}),
				15 if LISTING_15_UNAVAILABLE.load(std::sync::atomic::Ordering::SeqCst) =>
					Err(PublishError::Unavailable("the runtime cannot answer".into())),
				15 => Ok(source(Some(DEVICE))),
				other => Err(PublishError::UnknownListing(other)),
			}
		}

		fn device(&self, device: DeviceId) -> Result<DeviceRecord, PublishError> {
			let key = DeviceKey::Ed25519(device_pair().public());
			match device {
				DEVICE => Ok(DeviceRecord { key, status: DeviceStatus::Active }),
				12 => Ok(DeviceRecord { key, status: DeviceStatus::Quarantined }),
				other => Err(PublishError::UnknownDevice(other)),
			}
		}
	}

	fn config() -> RelayConfig {
		RelayConfig { max_message_bytes: 64, retention: 100, ..RelayConfig::default() }
	}

	fn relay_over(storage: InMemOffchainStorage) -> Relay<InMemOffchainStorage, Chain> {
		Relay::new(storage, Chain, config())
	}

	/// A relay over empty storage with `config`.
	fn relay_with(config: RelayConfig) -> Relay<InMemOffchainStorage, Chain> {
		Relay::new(InMemOffchainStorage::default(), Chain, config)
	}

	fn relay() -> Relay<InMemOffchainStorage, Chain> {
		relay_over(InMemOffchainStorage::default())
	}

	fn sealed_under(key_epoch: u32, listing: ListingId, sequence: u64) -> SealedMessage {
		SealedMessage {
			position: StreamPosition { listing, key_epoch, sequence },
			nonce: [9; 24],
			ciphertext: vec![0xAB; 8],
		}
	}

	fn message(listing: ListingId, sequence: u64, len: usize) -> SealedMessage {
		SealedMessage { ciphertext: vec![0xAB; len], ..sealed_under(0, listing, sequence) }
	}

	fn sign(device: DeviceId, message: &SealedMessage) -> Vec<u8> {
		let payload = publication_payload(&GENESIS, device, message);
		DeviceSignature::Ed25519(device_pair().sign(&payload)).encode()
	}

	fn publish(
		relay: &Relay<InMemOffchainStorage, Chain>,
		device: DeviceId,
		message: SealedMessage,
	) -> Result<LoggedMessage, PublishError> {
		let signature = sign(device, &message);
		relay.publish(device, message, &signature)
	}

	#[test]
	fn a_signed_message_from_the_listings_device_is_logged_and_announced() {
		let relay = relay();
		let mut appends = relay.appends(LISTING);
		let elsewhere = relay.appends(6);
		let logged = publish(&relay, DEVICE, message(LISTING, 1, 64)).expect("published");
		assert_eq!((logged.index, logged.device, logged.received_at), (0, DEVICE, 42));
		assert!(appends.has_changed().expect("open"), "the listing's subscribers are woken");
		assert_eq!(*appends.borrow_and_update(), 1);
		assert!(!elsewhere.has_changed().expect("open"), "another listing's are not");
		let (head, messages) = relay.read(LISTING, 0, 10).expect("reads");
		assert_eq!(head.next, 1);
		assert_eq!(messages, vec![logged]);
	}

	#[test]
	fn every_refusal_has_its_reason_and_stores_nothing() {
		let relay = relay();
		let mut wrong_signature = message(LISTING, 1, 8);
		let signature = sign(DEVICE, &wrong_signature);
		wrong_signature.ciphertext[0] ^= 1;
		let other_key = ed25519::Pair::from_seed(&[2; 32]);
		let foreign = message(LISTING, 1, 8);
		let foreign_signature =
			DeviceSignature::Ed25519(other_key.sign(&publication_payload(&GENESIS, DEVICE, &foreign)))
				.encode();
		let cases: Vec<(Result<LoggedMessage, PublishError>, PublishError)> = vec![
			(
				publish(&relay, DEVICE, message(LISTING, 1, 65)),
				PublishError::MessageTooLarge { size: 65, max: 64 },
			),
			(publish(&relay, DEVICE, message(9, 1, 8)), PublishError::UnknownListing(9)),
			(publish(&relay, DEVICE, message(4, 1, 8)), PublishError::NotAStream(4)),
			(
				publish(&relay, 12, message(LISTING, 1, 8)),
				PublishError::WrongDevice { listing: LISTING, device: 12, expected: Some(DEVICE) },
			),
			(
				publish(&relay, 12, message(5, 1, 8)),
				PublishError::DeviceNotActive { device: 12, status: DeviceStatus::Quarantined },
			),
			(relay.publish(DEVICE, wrong_signature, &signature), PublishError::BadSignature),
			(relay.publish(DEVICE, foreign, &foreign_signature), PublishError::BadSignature),
		];
		for (result, expected) in cases {
			assert_eq!(result, Err(expected));
		}
		assert!(matches!(
			relay.publish(DEVICE, message(LISTING, 1, 8), &[0, 1, 2]),
			Err(PublishError::Malformed(_))
		));
		assert_eq!(relay.head(LISTING).expect("head"), LogHead::default());
	}

	#[test]
	fn an_anonymized_listing_takes_only_the_providers_node() {
		let relay = relay();
		assert_eq!(
			publish(&relay, DEVICE, message(6, 1, 8)),
			Err(PublishError::AnonymizationRequired(6))
		);
		let logged = release(&relay, message(6, 1, 8)).expect("published");
		assert_eq!((logged.index, logged.device, logged.received_at), (0, DEVICE, 42));
		assert_eq!(
			release(&relay, message(6, 1, 8)),
			Err(PublishError::StaleSequence { sequence: 1, last: 1 })
		);
		assert_eq!(release(&relay, message(12, 1, 8)), Err(PublishError::NoSourceDevice(12)));
		assert_eq!(
			release(&relay, message(13, 1, 8)),
			Err(PublishError::DeviceNotActive { device: 12, status: DeviceStatus::Quarantined })
		);
		assert_eq!(
			release(&relay, message(6, 2, 65)),
			Err(PublishError::MessageTooLarge { size: 65, max: 64 })
		);
		assert_eq!(relay.head(6).expect("head").next, 1);
	}

	#[test]
	fn a_gateway_caching_a_key_epoch_the_chain_replaced_is_refused() {
		let relay = relay();
		assert_eq!(
			publish(&relay, DEVICE, sealed_under(1, 8, 1)),
			Err(PublishError::StaleKeyEpoch { listing: 8, key_epoch: 1, current: 2 })
		);
		assert_eq!(relay.head(8).expect("head"), LogHead::default(), "nothing stored");
		publish(&relay, DEVICE, sealed_under(2, 8, 1)).expect("the current epoch is taken");
		publish(&relay, DEVICE, sealed_under(3, 8, 2))
			.expect("a newer epoch, rotated on the provider's node, is taken before its rekey lands");
	}

	#[test]
	fn a_stolen_device_key_cannot_make_readers_wait_for_a_key_epoch_that_does_not_exist() {
		let relay = relay();
		assert_eq!(
			publish(&relay, DEVICE, sealed_under(u32::MAX, 8, 1)),
			Err(PublishError::UnknownKeyEpoch { listing: 8, key_epoch: u32::MAX, newest: 3 })
		);
		assert_eq!(
			publish(&relay, DEVICE, sealed_under(2, LISTING, 1)),
			Err(PublishError::UnknownKeyEpoch { listing: LISTING, key_epoch: 2, newest: 1 }),
			"before any rekey, epochs 0 and 1 exist at most"
		);
		assert_eq!(relay.head(8).expect("head"), LogHead::default(), "nothing stored");
	}

	#[test]
	fn the_providers_relay_refuses_an_old_epoch_once_its_node_rotated_before_the_chain_knows() {
		let mut storage = InMemOffchainStorage::default();
		let rotated = msec_stream_crypto::ContentKey::from_bytes(1, [5; 32]);
		let stored = |listing| {
			let kek = msec_stream_crypto::StorageKek::from_signature([1; 32], &[2; 64]);
			let mut rng = <chacha20::ChaCha20Rng as msec_stream_crypto::rand_core::SeedableRng>::from_seed([3; 32]);
			msec_stream_log::seal_content_key(&kek, listing, &rotated, &mut rng).expect("seals")
		};
		storage.set(
			sp_core::offchain::STORAGE_PREFIX,
			&msec_stream_log::content_key_storage_key(LISTING),
			&stored(LISTING),
		);
		let relay = relay_over(storage);
		let stale = PublishError::StaleKeyEpoch { listing: LISTING, key_epoch: 0, current: 1 };
		assert_eq!(publish(&relay, DEVICE, sealed_under(0, LISTING, 1)), Err(stale));
		publish(&relay, DEVICE, sealed_under(1, LISTING, 1)).expect("the rotated epoch is taken");
		// The anonymizer's releases likewise.
		let mut storage = InMemOffchainStorage::default();
		storage.set(
			sp_core::offchain::STORAGE_PREFIX,
			&msec_stream_log::content_key_storage_key(6),
			&stored(6),
		);
		let relay = relay_over(storage);
		assert_eq!(
			release(&relay, sealed_under(0, 6, 1)),
			Err(PublishError::StaleKeyEpoch { listing: 6, key_epoch: 0, current: 1 })
		);
	}

	#[test]
	fn a_publication_signed_for_another_chain_is_refused() {
		let relay = relay();
		let message = message(LISTING, 1, 8);
		let test_chain = [0x99; 32];
		let payload = publication_payload(&test_chain, DEVICE, &message);
		let signature = DeviceSignature::Ed25519(device_pair().sign(&payload)).encode();
		assert_eq!(relay.publish(DEVICE, message, &signature), Err(PublishError::BadSignature));
		assert_eq!(relay.head(LISTING).expect("head"), LogHead::default());
	}

	#[test]
	fn the_device_signature_is_kept_for_readers() {
		let relay = relay();
		let published = message(LISTING, 1, 8);
		let signature = sign(DEVICE, &published);
		let logged = relay.publish(DEVICE, published, &signature).expect("published");
		assert_eq!(logged.signature.encode(), signature);
	}

	#[test]
	fn only_the_provider_can_release_into_an_anonymized_listing_and_only_there() {
		let relay = relay();
		let forged = message(6, 1, 8);
		let payload = release_payload(&GENESIS, &forged);
		let by_device = DeviceSignature::Ed25519(device_pair().sign(&payload));
		assert_eq!(publish_one_release(&relay, forged, by_device), Err(PublishError::BadSignature));
		let for_another_chain = message(6, 1, 8);
		let payload = release_payload(&[0x99; 32], &for_another_chain);
		let signature = DeviceSignature::Sr25519(worker_pair().sign(&payload));
		assert_eq!(
			publish_one_release(&relay, for_another_chain, signature),
			Err(PublishError::BadSignature)
		);
		assert_eq!(release(&relay, message(LISTING, 1, 8)), Err(PublishError::NotAnonymized(LISTING)));
		assert_eq!(relay.head(6).expect("head"), LogHead::default(), "nothing stored");
		let released = release(&relay, message(6, 1, 8)).expect("the provider's release");
		assert!(matches!(released.signature, DeviceSignature::Sr25519(_)));
	}

	#[test]
	fn a_key_the_provider_did_not_appoint_cannot_release() {
		let relay = relay();
		// The provider's own account key, or a worker it since removed: not among the
		// listing's release signers on chain.
		let unappointed = sr25519::Pair::from_seed(&[9; 32]);
		let sealed = message(6, 1, 8);
		let signature =
			DeviceSignature::Sr25519(unappointed.sign(&release_payload(&GENESIS, &sealed)));
		assert_eq!(publish_one_release(&relay, sealed, signature), Err(PublishError::BadSignature));
		assert_eq!(relay.head(6).expect("head"), LogHead::default(), "nothing stored");
	}

	/// `messages` signed as the provider's release.
	fn signed_release(messages: Vec<SealedMessage>) -> Vec<(SealedMessage, DeviceSignature)> {
		messages
			.into_iter()
			.map(|message| {
				let payload = release_payload(&GENESIS, &message);
				(message, DeviceSignature::Sr25519(worker_pair().sign(&payload)))
			})
			.collect()
	}

	#[test]
	fn a_buyer_cannot_read_the_raw_messages_once_the_listing_requires_anonymization() {
		let relay = relay();
		for sequence in [1, 2] {
			let raw = message(14, sequence, 8);
			relay.publish(DEVICE, raw.clone(), &sign(DEVICE, &raw)).expect("published raw");
		}
		assert_eq!(relay.read(14, 0, 10).expect("read").1.len(), 2);
		let raw_bytes = relay.log.total_bytes();
		LISTING_14_ANONYMIZED.store(true, std::sync::atomic::Ordering::SeqCst);
		// Switched on chain, nothing released yet: nothing is served.
		let (head, page) = relay.read(14, 0, 10).expect("read");
		assert!(page.is_empty() && head.next == 2, "{head:?} {page:?}");
		assert!(relay.read_for_subscription(14, 0).expect("read").1.is_empty());
		// The first release drops the raw messages from the log, for good.
		release(&relay, message(14, 3, 8)).expect("released");
		release(&relay, message(14, 4, 8)).expect("released");
		let (head, page) = relay.read(14, 0, 10).expect("read");
		let served: Vec<u64> = page.iter().map(|logged| logged.index).collect();
		assert_eq!((head.first, served), (2, vec![2, 3]), "the releases only, and both");
		assert!(relay.log.total_bytes() < 2 * raw_bytes, "the raw messages' bytes are freed");
		for index in [0, 1] {
			let key = msec_stream_log::message_key(14, index);
			assert!(relay.log.get(&key).is_none(), "raw message {index} is deleted");
		}
	}

	#[test]
	fn a_relay_that_cannot_ask_the_chain_serves_nothing_rather_than_raw_messages() {
		let relay = relay();
		let raw = message(15, 1, 8);
		relay.publish(DEVICE, raw.clone(), &sign(DEVICE, &raw)).expect("published raw");
		LISTING_15_UNAVAILABLE.store(true, std::sync::atomic::Ordering::SeqCst);
		// The listing may require anonymization by now: an error, not its raw messages.
		assert!(matches!(relay.read(15, 0, 10), Err(PublishError::Unavailable(_))));
		assert!(matches!(relay.read_for_subscription(15, 0), Err(PublishError::Unavailable(_))));
	}

	#[test]
	fn a_release_is_published_whole_or_not_at_all() {
		let relay = relay();
		let mut forged_last = signed_release(vec![message(6, 1, 8), message(6, 2, 8), message(6, 3, 8)]);
		forged_last[2].1 = DeviceSignature::Ed25519(device_pair().sign(b"not the release"));
		assert_eq!(relay.publish_release(forged_last), Err(PublishError::BadSignature));
		let oversized_last = signed_release(vec![message(6, 1, 8), message(6, 2, 65)]);
		assert_eq!(
			relay.publish_release(oversized_last),
			Err(PublishError::MessageTooLarge { size: 65, max: 64 })
		);
		let repeated_last = signed_release(vec![message(6, 1, 8), message(6, 2, 8), message(6, 2, 8)]);
		assert_eq!(
			relay.publish_release(repeated_last),
			Err(PublishError::StaleSequence { sequence: 2, last: 2 })
		);
		assert_eq!(relay.head(6).expect("head"), LogHead::default(), "no part of any batch");
		let mut announced = relay.appends(6);
		let whole = signed_release(vec![message(6, 1, 8), message(6, 2, 8), message(6, 3, 8)]);
		let logged = relay.publish_release(whole).expect("published");
		assert_eq!(logged.iter().map(|m| m.index).collect::<Vec<_>>(), [0, 1, 2]);
		assert_eq!(*announced.borrow_and_update(), 3, "subscribers woken once, for all three");
	}

	#[test]
	fn a_replayer_cannot_spend_a_devices_rate() {
		let per_second = NonZeroU32::new(2).expect("non-zero");
		let relay = relay_with(RelayConfig { device_rate: per_second, ..config() });
		let first = message(LISTING, 1, 8);
		let signature = sign(DEVICE, &first);
		relay.publish(DEVICE, first.clone(), &signature).expect("published");
		for _ in 0..10 {
			assert_eq!(
				relay.publish(DEVICE, first.clone(), &signature),
				Err(PublishError::StaleSequence { sequence: 1, last: 1 })
			);
		}
		publish(&relay, DEVICE, message(LISTING, 2, 8)).expect("the device's next message is taken");
	}

	#[test]
	fn a_relay_takes_only_the_listings_of_the_providers_it_serves_unless_told_otherwise() {
		let relay = relay();
		assert_eq!(publish(&relay, DEVICE, message(10, 1, 8)), Err(PublishError::NotServedHere(10)));
		assert_eq!(release(&relay, message(10, 1, 8)), Err(PublishError::NotServedHere(10)));
		let open = relay_with(RelayConfig { accept_all: true, ..config() });
		publish(&open, DEVICE, message(10, 1, 8)).expect("taken when every listing is");
	}

	#[test]
	fn a_flooding_device_is_slowed_to_its_rate() {
		let per_second = NonZeroU32::new(5).expect("non-zero");
		let relay = relay_with(RelayConfig { device_rate: per_second, ..config() });
		let results: Vec<_> =
			(1..=20).map(|sequence| publish(&relay, DEVICE, message(LISTING, sequence, 8))).collect();
		let taken = results.iter().filter(|result| result.is_ok()).count();
		assert!((5..20).contains(&taken), "{taken} of 20 taken at once");
		assert!(results.contains(&Err(PublishError::RateLimited { device: DEVICE, per_second: 5 })));
		assert_eq!(relay.head(LISTING).expect("head").next, taken as u64, "refusals store nothing");
	}

	#[test]
	fn records_handed_in_for_anonymization_count_against_the_devices_rate() {
		// A stolen device key may not hand in more records than the device may publish.
		let per_second = NonZeroU32::new(100).expect("non-zero");
		let relay = relay_with(RelayConfig { device_rate: per_second, ..config() });
		let limited = Err(PublishError::RateLimited { device: DEVICE, per_second: 100 });
		assert_eq!(relay.device_burst(), 100);
		assert_eq!(relay.charge_device(DEVICE, 101), limited, "above the burst, never");
		assert_eq!(relay.charge_device(DEVICE, 60), Ok(()));
		assert_eq!(relay.charge_device(DEVICE, 60), limited, "the rest of the second's burst");
		assert!(publish(&relay, DEVICE, message(LISTING, 1, 8)).is_ok(), "40 are left to publish");
	}

	#[test]
	fn a_connection_holds_a_bounded_number_of_subscriptions() {
		let relay = relay_with(RelayConfig { max_subscriptions_per_connection: 2, ..config() });
		let first = relay.open_subscription(1).expect("first");
		let _second = relay.open_subscription(1).expect("second");
		assert!(matches!(
			relay.open_subscription(1),
			Err(PublishError::TooManySubscriptions { max: 2 })
		));
		let _other_connection = relay.open_subscription(2).expect("another connection's own");
		drop(first);
		relay.open_subscription(1).expect("a slot freed by an unsubscription");
	}

	#[test]
	fn a_replayed_message_is_refused() {
		let relay = relay();
		let original = message(LISTING, 5, 8);
		let signature = sign(DEVICE, &original);
		relay.publish(DEVICE, original.clone(), &signature).expect("published");
		assert_eq!(
			relay.publish(DEVICE, original, &signature),
			Err(PublishError::StaleSequence { sequence: 5, last: 5 })
		);
	}

	/// A signature over another message than the one sent: decodes, but is not the device's.
	fn forged_signature(device: DeviceId) -> Vec<u8> {
		sign(device, &message(LISTING, u64::MAX, 8))
	}

	#[test]
	fn a_replay_flood_costs_no_signature_check() {
		let relay = relay();
		publish(&relay, DEVICE, message(LISTING, 5, 8)).expect("published");
		// A replay is refused for its number whatever its signature: checking it first would
		// let anyone replaying what the relay serves spend the node's time on signatures.
		assert_eq!(
			relay.publish(DEVICE, message(LISTING, 5, 8), &forged_signature(DEVICE)),
			Err(PublishError::StaleSequence { sequence: 5, last: 5 })
		);
		assert_eq!(
			relay.publish(DEVICE, message(LISTING, 6, 8), &forged_signature(DEVICE)),
			Err(PublishError::BadSignature),
			"a new number still needs the device's signature"
		);
	}

	#[test]
	fn a_device_over_its_rate_costs_no_signature_check_until_its_next_message_is_due() {
		let per_second = NonZeroU32::new(1).expect("non-zero");
		let relay = relay_with(RelayConfig { device_rate: per_second, ..config() });
		publish(&relay, DEVICE, message(LISTING, 1, 8)).expect("the burst's one message");
		// Someone else's forgery does not count against the device, nor mark it limited.
		assert_eq!(
			relay.publish(DEVICE, message(LISTING, 2, 8), &forged_signature(DEVICE)),
			Err(PublishError::BadSignature)
		);
		let limited = Err(PublishError::RateLimited { device: DEVICE, per_second: 1 });
		assert_eq!(publish(&relay, DEVICE, message(LISTING, 2, 8)), limited, "the device's own");
		// Now the device is over its rate, what comes in its name is refused unchecked.
		assert_eq!(
			relay.publish(DEVICE, message(LISTING, 2, 8), &forged_signature(DEVICE)),
			limited
		);
		assert_eq!(relay.head(LISTING).expect("head").next, 1, "refusals store nothing");
	}

	#[test]
	fn a_batch_may_jump_as_far_as_single_publications_may() {
		let relay = relay();
		publish(&relay, DEVICE, message(LISTING, 1, 8)).expect("published");
		let batch: Vec<_> = [1 + MAX_SEQUENCE_JUMP, 1 + 2 * MAX_SEQUENCE_JUMP]
			.into_iter()
			.map(|sequence| {
				let message = message(LISTING, sequence, 8);
				let signature = sign(DEVICE, &message);
				(DEVICE, Ok(message), signature)
			})
			.collect();
		let results = relay.publish_batch(batch);
		assert!(results.iter().all(Result::is_ok), "each jumps from the one before: {results:?}");
	}

	#[test]
	fn a_batch_takes_each_publication_on_its_own_and_answers_in_order() {
		let relay = relay_with(RelayConfig { accept_all: true, ..config() });
		let signed = |listing, sequence| {
			let message = message(listing, sequence, 8);
			let signature = sign(DEVICE, &message);
			(DEVICE, Ok(message), signature)
		};
		let mut forged = signed(LISTING, 3);
		forged.2 = forged_signature(DEVICE);
		let malformed = (DEVICE, Err(PublishError::Malformed("nonce".into())), Vec::new());
		let results = relay.publish_batch(vec![
			signed(LISTING, 1),
			signed(10, 1),
			forged,
			signed(LISTING, 1),
			malformed,
			signed(LISTING, 2),
		]);
		let indexes: Vec<Result<u64, PublishError>> =
			results.into_iter().map(|result| result.map(|logged| logged.index)).collect();
		assert_eq!(
			indexes,
			vec![
				Ok(0),
				Ok(0),
				Err(PublishError::BadSignature),
				Err(PublishError::StaleSequence { sequence: 1, last: 1 }),
				Err(PublishError::Malformed("nonce".into())),
				Ok(1),
			]
		);
		let (_, logged) = relay.read(LISTING, 0, 10).expect("reads");
		let sequences: Vec<u64> = logged.iter().map(|m| m.message.position.sequence).collect();
		assert_eq!(sequences, vec![1, 2], "the forgery and the replay left nothing");
	}

	#[test]
	fn reads_ask_for_one_page_at_most() {
		let relay = relay();
		for limit in [0, MAX_PAGE + 1] {
			assert!(matches!(relay.read(LISTING, 0, limit), Err(PublishError::InvalidRange(_))));
		}
		assert!(relay.read(LISTING, 0, MAX_PAGE).expect("reads").1.is_empty());
	}
}
