//! The relay: checks a publication against the chain, logs it and tells subscribers.

use codec::Decode;
use msec_primitives::{DeviceSignature, DeviceStatus};
use msec_stream_crypto::{publication_payload, DeviceId, ListingId, SealedMessage};
use sp_core::offchain::OffchainStorage;
use tokio::sync::broadcast;

use crate::{
	store::LoggedMessage, ChainView, DeviceRecord, LogHead, MessageLog, PublishError, StreamSource,
};

/// The relay's limits, from the node's command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelayConfig {
	/// Most ciphertext bytes one message may carry.
	pub max_message_bytes: usize,
	/// Messages kept per listing; older ones are deleted.
	pub retention: u64,
}

impl Default for RelayConfig {
	fn default() -> Self {
		Self { max_message_bytes: 64 * 1024, retention: 100_000 }
	}
}

/// Most messages one read returns.
pub const MAX_PAGE: u32 = 1_000;

/// Notifications buffered for slow subscribers; one that falls further behind re-reads the
/// log instead, so it loses nothing the log still keeps.
const NOTIFICATION_BUFFER: usize = 4_096;

/// Stores and forwards sealed messages; never sees a key.
pub struct Relay<S, C> {
	log: MessageLog<S>,
	chain: C,
	config: RelayConfig,
	appended: broadcast::Sender<ListingId>,
}

impl<S: OffchainStorage, C: ChainView> Relay<S, C> {
	/// A relay over `storage` that checks publications against `chain`.
	pub fn new(storage: S, chain: C, config: RelayConfig) -> Self {
		let (appended, _) = broadcast::channel(NOTIFICATION_BUFFER);
		Self { log: MessageLog::new(storage, config.retention), chain, config, appended }
	}

	/// Publishes `message` from `device` with the device's SCALE-encoded `signature` over
	/// [`publication_payload`]. Accepted only if the message is within the size limit, its
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
		self.check_size(&message)?;
		let signature = DeviceSignature::decode(&mut &signature[..]).map_err(|_| {
			PublishError::Malformed(
				"signature: expected a SCALE-encoded DeviceSignature (0x00 + 64 bytes ed25519, 0x01 + 64 bytes sr25519)"
					.into(),
			)
		})?;
		let listing = message.position.listing;
		let source = self.chain.stream_source(listing)?;
		if source.device != Some(device) {
			return Err(PublishError::WrongDevice { listing, device, expected: source.device });
		}
		if source.anonymized {
			return Err(PublishError::AnonymizationRequired(listing));
		}
		let record = self.active_device(device)?;
		if !record.key.verify(&publication_payload(device, &message), &signature) {
			return Err(PublishError::BadSignature);
		}
		self.append(device, &source, message)
	}

	/// Publishes `message`, sealed by the provider's own node from records of the listing's
	/// device, without a device signature: the caller is the node itself (an unsafe RPC). The
	/// same checks as [`Self::publish`] apply otherwise; anonymized listings are allowed.
	pub fn publish_from_provider(
		&self,
		message: SealedMessage,
	) -> Result<LoggedMessage, PublishError> {
		self.check_size(&message)?;
		let listing = message.position.listing;
		let source = self.chain.stream_source(listing)?;
		let device = source.device.ok_or(PublishError::NoSourceDevice(listing))?;
		self.active_device(device)?;
		self.append(device, &source, message)
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
		source: &StreamSource,
		message: SealedMessage,
	) -> Result<LoggedMessage, PublishError> {
		let listing = message.position.listing;
		let logged = self.log.append(device, source.best_block, source.key_epoch, message)?;
		// No subscriber is not an error.
		let _ = self.appended.send(listing);
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
		self.log.read(listing, from, limit)
	}

	/// Most ciphertext bytes one message may carry.
	pub fn max_message_bytes(&self) -> usize {
		self.config.max_message_bytes
	}

	/// Where `listing`'s log stands.
	pub fn head(&self, listing: ListingId) -> Result<LogHead, PublishError> {
		self.log.head(listing)
	}

	/// Notifications of appends (the listing appended to), from now on.
	pub fn appends(&self) -> broadcast::Receiver<ListingId> {
		self.appended.subscribe()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use msec_primitives::DeviceKey;
	use msec_stream_crypto::StreamPosition;
	use sp_core::{ed25519, offchain::storage::InMemOffchainStorage, Pair};

	const LISTING: ListingId = 3;
	const DEVICE: DeviceId = 11;

	/// Listing 3 is a stream from device 11 (ed25519 seed 1); listing 4 a dataset; listing 5 a
	/// stream from device 12, which is quarantined; listing 6 an anonymized stream from device
	/// 11; listing 7 a stream naming no device; listing 8 a stream from device 11 whose current
	/// key epoch on chain is 2.
	struct Chain;

	fn source(device: Option<DeviceId>) -> StreamSource {
		StreamSource { device, anonymized: false, key_epoch: None, best_block: 42 }
	}

	fn device_pair() -> ed25519::Pair {
		ed25519::Pair::from_seed(&[1; 32])
	}

	impl ChainView for Chain {
		fn stream_source(&self, listing: ListingId) -> Result<StreamSource, PublishError> {
			match listing {
				LISTING => Ok(source(Some(DEVICE))),
				4 => Err(PublishError::NotAStream(4)),
				5 => Ok(source(Some(12))),
				6 => Ok(StreamSource { anonymized: true, ..source(Some(DEVICE)) }),
				7 => Ok(source(None)),
				8 => Ok(StreamSource { key_epoch: Some(2), ..source(Some(DEVICE)) }),
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

	fn relay_over(storage: InMemOffchainStorage) -> Relay<InMemOffchainStorage, Chain> {
		let config = RelayConfig { max_message_bytes: 64, retention: 100 };
		Relay::new(storage, Chain, config)
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
		DeviceSignature::Ed25519(device_pair().sign(&publication_payload(device, message))).encode()
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
		let mut appends = relay.appends();
		let logged = publish(&relay, DEVICE, message(LISTING, 1, 64)).expect("published");
		assert_eq!((logged.index, logged.device, logged.received_at), (0, DEVICE, 42));
		assert_eq!(appends.try_recv(), Ok(LISTING));
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
			DeviceSignature::Ed25519(other_key.sign(&publication_payload(DEVICE, &foreign)))
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
		let logged = relay.publish_from_provider(message(6, 1, 8)).expect("published");
		assert_eq!((logged.index, logged.device, logged.received_at), (0, DEVICE, 42));
		assert_eq!(
			relay.publish_from_provider(message(6, 1, 8)),
			Err(PublishError::StaleSequence { sequence: 1, last: 1 })
		);
		assert_eq!(
			relay.publish_from_provider(message(7, 1, 8)),
			Err(PublishError::NoSourceDevice(7))
		);
		assert_eq!(
			relay.publish_from_provider(message(5, 1, 8)),
			Err(PublishError::DeviceNotActive { device: 12, status: DeviceStatus::Quarantined })
		);
		assert_eq!(
			relay.publish_from_provider(message(6, 2, 65)),
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
		storage.set(
			sp_core::offchain::STORAGE_PREFIX,
			&msec_stream_log::content_key_storage_key(LISTING),
			&rotated.encode(),
		);
		let relay = relay_over(storage);
		let stale = PublishError::StaleKeyEpoch { listing: LISTING, key_epoch: 0, current: 1 };
		assert_eq!(publish(&relay, DEVICE, sealed_under(0, LISTING, 1)), Err(stale.clone()));
		assert_eq!(relay.publish_from_provider(sealed_under(0, LISTING, 1)), Err(stale));
		publish(&relay, DEVICE, sealed_under(1, LISTING, 1)).expect("the rotated epoch is taken");
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

	#[test]
	fn reads_ask_for_one_page_at_most() {
		let relay = relay();
		for limit in [0, MAX_PAGE + 1] {
			assert!(matches!(relay.read(LISTING, 0, limit), Err(PublishError::InvalidRange(_))));
		}
		assert!(relay.read(LISTING, 0, MAX_PAGE).expect("reads").1.is_empty());
	}
}
