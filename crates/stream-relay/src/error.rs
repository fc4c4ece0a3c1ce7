//! Why the relay refused a request, and the JSON-RPC error each reason becomes.

use jsonrpsee::types::ErrorObjectOwned;
use msec_primitives::DeviceStatus;
use msec_stream_crypto::{DeviceId, KeyEpoch, ListingId};

/// Why a publication (or a read) was refused. Nothing is stored when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublishError {
	/// The ciphertext is longer than the relay accepts.
	MessageTooLarge {
		/// Bytes of ciphertext sent.
		size: usize,
		/// The relay's limit (`--relay-max-message-bytes`).
		max: usize,
	},
	/// No open listing has this id.
	UnknownListing(ListingId),
	/// The listing is a dataset, not a stream.
	NotAStream(ListingId),
	/// The listing's messages come from another device (or from none).
	WrongDevice {
		/// The listing.
		listing: ListingId,
		/// The device that tried to publish.
		device: DeviceId,
		/// The device the listing names.
		expected: Option<DeviceId>,
	},
	/// No device has this id.
	UnknownDevice(DeviceId),
	/// The device is quarantined or revoked.
	DeviceNotActive {
		/// The device.
		device: DeviceId,
		/// Its status on chain.
		status: DeviceStatus,
	},
	/// The signature is not the device's over the publication payload.
	BadSignature,
	/// The sequence number is not above the stream's last one: a replay or a reordering.
	StaleSequence {
		/// The sequence number sent.
		sequence: u64,
		/// The stream's last accepted sequence number.
		last: u64,
	},
	/// The message is sealed under a key epoch more than one above the listing's current one:
	/// no such key exists.
	UnknownKeyEpoch {
		/// The listing.
		listing: ListingId,
		/// The key epoch the message is sealed under.
		key_epoch: KeyEpoch,
		/// The newest key epoch the relay takes now.
		newest: KeyEpoch,
	},
	/// The sequence number is further above the stream's last one than
	/// [`crate::MAX_SEQUENCE_JUMP`], or a first message's is above [`crate::MAX_FIRST_SEQUENCE`].
	SequenceJump {
		/// The sequence number sent.
		sequence: u64,
		/// The stream's last accepted sequence number, if any.
		last: Option<u64>,
	},
	/// A field cannot be decoded (the signature, for instance).
	Malformed(String),
	/// A read asked for more than one page.
	InvalidRange(String),
	/// The relay cannot answer: the chain state or its database failed.
	Unavailable(String),
	/// The listing requires anonymization: its device hands raw records to the provider's
	/// node (`provider_publishAnonymized`), which publishes them anonymized.
	AnonymizationRequired(ListingId),
	/// The listing names no source device, so no records may be published to it.
	NoSourceDevice(ListingId),
	/// The message is sealed under a key epoch older than the listing's current one (on chain,
	/// or on the provider's node, which rotates first): a buyer removed since may hold it.
	StaleKeyEpoch {
		/// The listing.
		listing: ListingId,
		/// The key epoch the message is sealed under.
		key_epoch: KeyEpoch,
		/// The listing's current key epoch.
		current: KeyEpoch,
	},
	/// The listing does not require anonymization: its device publishes with its own
	/// signature, not the provider's node.
	NotAnonymized(ListingId),
	/// The listing's provider is not one this node serves (`--relay-accept local`): devices
	/// publish to their provider's node.
	NotServedHere(ListingId),
	/// The device published faster than the relay's per-device rate.
	RateLimited {
		/// The device.
		device: DeviceId,
		/// Messages per second it may publish (`--relay-device-rate`).
		per_second: u32,
	},
	/// The relay holds its most bytes (`--relay-max-bytes`) and takes nothing more until
	/// retention frees space.
	RelayFull {
		/// The node's quota in bytes.
		max: u64,
	},
	/// The connection has as many relay subscriptions open as a connection may.
	TooManySubscriptions {
		/// The most one connection may hold.
		max: u32,
	},
	/// The connection has as many requests waiting for the relay as a connection may.
	TooManyWaiting {
		/// The most one connection may have waiting.
		max: usize,
	},
	/// A `streams_publishBatch` carries more publications than one call may.
	BatchTooLarge {
		/// The publications sent.
		count: usize,
		/// The most one call may carry.
		max: usize,
	},
}

impl PublishError {
	/// The JSON-RPC error code: stable, documented in `docs/dapps.md`.
	pub fn code(&self) -> i32 {
		match self {
			Self::MessageTooLarge { .. } => 4001,
			Self::UnknownListing(_) => 4002,
			Self::NotAStream(_) => 4003,
			Self::WrongDevice { .. } => 4004,
			Self::UnknownDevice(_) => 4005,
			Self::DeviceNotActive { .. } => 4006,
			Self::BadSignature => 4007,
			Self::StaleSequence { .. } => 4008,
			Self::Malformed(_) => 4009,
			Self::InvalidRange(_) => 4010,
			Self::Unavailable(_) => 4011,
			Self::AnonymizationRequired(_) => 4013,
			Self::NoSourceDevice(_) => 4014,
			Self::StaleKeyEpoch { .. } => 4016,
			Self::SequenceJump { .. } => 4017,
			Self::UnknownKeyEpoch { .. } => 4018,
			Self::NotAnonymized(_) => 4015,
			Self::NotServedHere(_) => 4019,
			Self::RateLimited { .. } => 4020,
			Self::RelayFull { .. } => 4021,
			Self::TooManySubscriptions { .. } => 4022,
			Self::BatchTooLarge { .. } => 4026,
			Self::TooManyWaiting { .. } => 4027,
		}
	}
}

impl std::fmt::Display for PublishError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::MessageTooLarge { size, max } => {
				write!(f, "message of {size} bytes is over the relay's limit of {max} bytes")
			},
			Self::UnknownListing(listing) => write!(f, "no open listing {listing}"),
			Self::NotAStream(listing) => write!(f, "listing {listing} is a dataset, not a stream"),
			Self::WrongDevice { listing, device, expected: Some(expected) } => write!(
				f,
				"device {device} may not publish to listing {listing}: its data comes from device {expected}"
			),
			Self::WrongDevice { listing, device, expected: None } => write!(
				f,
				"device {device} may not publish to listing {listing}: the listing names no device"
			),
			Self::UnknownDevice(device) => write!(f, "no registered device {device}"),
			Self::DeviceNotActive { device, status } => {
				write!(f, "device {device} is {status:?}, not Active: it may not publish")
			},
			Self::BadSignature => {
				f.write_str("the signature is not the device's signature of this message")
			},
			Self::StaleSequence { sequence, last } => write!(
				f,
				"sequence {sequence} is not above the stream's last sequence {last} (replayed or reordered)"
			),
			Self::UnknownKeyEpoch { listing, key_epoch, newest } => write!(
				f,
				"listing {listing} has no key epoch {key_epoch} yet (the newest is {newest}): ask \
				 the provider's node for the current content key"
			),
			Self::SequenceJump { sequence, last: Some(last) } => write!(
				f,
				"sequence {sequence} jumps more than {} past the stream's last sequence {last}: \
				 continue from streams_head's lastSequence",
				crate::MAX_SEQUENCE_JUMP
			),
			Self::SequenceJump { sequence, last: None } => write!(
				f,
				"sequence {sequence} is above {} for a stream's first message",
				crate::MAX_FIRST_SEQUENCE
			),
			Self::Malformed(what) => write!(f, "malformed request: {what}"),
			Self::InvalidRange(what) => write!(f, "invalid range: {what}"),
			Self::Unavailable(what) => write!(f, "relay unavailable: {what}"),
			Self::AnonymizationRequired(listing) => write!(
				f,
				"listing {listing} requires anonymization: devices may not publish to it; hand its \
				 raw records to the provider's node (provider_publishAnonymized)"
			),
			Self::NoSourceDevice(listing) => {
				write!(
					f,
					"listing {listing} names no source device: nothing may be published to it"
				)
			},
			Self::StaleKeyEpoch { listing, key_epoch, current } => write!(
				f,
				"listing {listing}'s current key epoch is {current}, not {key_epoch}: ask the \
				 provider's node for the current content key and seal again"
			),
			Self::NotAnonymized(listing) => write!(
				f,
				"listing {listing} does not require anonymization: its device publishes with \
				 streams_publish"
			),
			Self::NotServedHere(listing) => write!(
				f,
				"this node does not relay listing {listing}: publish to its provider's node"
			),
			Self::RateLimited { device, per_second } => write!(
				f,
				"device {device} publishes faster than {per_second} messages per second: slow down"
			),
			Self::RelayFull { max } => {
				write!(f, "the relay holds its most bytes ({max}): try again later")
			},
			Self::TooManySubscriptions { max } => {
				write!(f, "a connection may hold {max} relay subscriptions at most")
			},
			Self::TooManyWaiting { max } => write!(
				f,
				"the connection has {max} requests waiting for the relay: wait for their answers"
			),
			Self::BatchTooLarge { count, max } => {
				write!(f, "{count} publications in one call: send at most {max} at a time")
			},
		}
	}
}

impl std::error::Error for PublishError {}

impl From<PublishError> for ErrorObjectOwned {
	fn from(error: PublishError) -> Self {
		ErrorObjectOwned::owned(error.code(), error.to_string(), None::<()>)
	}
}
