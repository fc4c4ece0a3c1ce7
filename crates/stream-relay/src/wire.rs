//! The relay's JSON-RPC types. Byte fields are `0x`-prefixed hex, numbers are JSON numbers,
//! names are camelCase, as polkadot.js and Substrate's own RPCs write them.

use codec::{Decode, Encode};
use msec_primitives::DeviceSignature;
use msec_stream_crypto::{DeviceId, ListingId, SealedMessage, StreamPosition, NONCE_LEN};
use serde::{Deserialize, Serialize};
use sp_core::{Bytes, H256};

use crate::{store::LoggedMessage, LogHead, PublishError};

/// A message a device publishes: the sealed message's fields and the device's signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Publication {
	/// The publishing device.
	pub device: DeviceId,
	/// The listing whose stream it is.
	pub listing: ListingId,
	/// The key epoch it was sealed under.
	pub key_epoch: u32,
	/// The device's sequence number, above the stream's last.
	pub sequence: u64,
	/// The 24-byte nonce.
	pub nonce: Bytes,
	/// Ciphertext and tag.
	pub ciphertext: Bytes,
	/// SCALE-encoded `DeviceSignature` over the publication payload.
	pub signature: Bytes,
}

impl Publication {
	/// The sealed message it carries.
	pub fn sealed_message(&self) -> Result<SealedMessage, PublishError> {
		let nonce: [u8; NONCE_LEN] = self.nonce.0.as_slice().try_into().map_err(|_| {
			PublishError::Malformed(format!(
				"nonce: expected {NONCE_LEN} bytes, got {}",
				self.nonce.0.len()
			))
		})?;
		Ok(SealedMessage {
			position: StreamPosition {
				listing: self.listing,
				key_epoch: self.key_epoch,
				sequence: self.sequence,
			},
			nonce,
			ciphertext: self.ciphertext.0.clone(),
		})
	}
}

/// A relayed message, as `streams_fetch` and `streams_subscribe` return it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelayedMessage {
	/// Its index in the listing's log.
	pub index: u64,
	/// The device that published it.
	pub device: DeviceId,
	/// The best block when the relay accepted it.
	pub received_at: u32,
	/// The listing whose stream it is.
	pub listing: ListingId,
	/// The key epoch it was sealed under.
	pub key_epoch: u32,
	/// The publisher's sequence number.
	pub sequence: u64,
	/// The 24-byte nonce.
	pub nonce: Bytes,
	/// Ciphertext and tag.
	pub ciphertext: Bytes,
	/// SCALE-encoded `DeviceSignature`: the device's over the publication payload, or, for a
	/// release the provider's node sealed for an anonymized listing, the provider's over the
	/// release payload. Readers check it against the key on chain.
	pub signature: Bytes,
	/// The log's hash chain before this message; after it, the chain is
	/// `msec_stream_log::link(previous, sealed message)`.
	pub previous: H256,
}

impl RelayedMessage {
	/// The signature it carries; `Err` if it does not decode.
	pub fn device_signature(&self) -> Result<DeviceSignature, codec::Error> {
		DeviceSignature::decode(&mut self.signature.0.as_slice())
	}

	/// The sealed message, to open with the epoch's content key.
	pub fn sealed_message(&self) -> Option<SealedMessage> {
		Some(SealedMessage {
			position: StreamPosition {
				listing: self.listing,
				key_epoch: self.key_epoch,
				sequence: self.sequence,
			},
			nonce: self.nonce.0.as_slice().try_into().ok()?,
			ciphertext: self.ciphertext.0.clone(),
		})
	}
}

impl From<LoggedMessage> for RelayedMessage {
	fn from(logged: LoggedMessage) -> Self {
		let position = logged.message.position;
		Self {
			index: logged.index,
			device: logged.device,
			received_at: logged.received_at,
			listing: position.listing,
			key_epoch: position.key_epoch,
			sequence: position.sequence,
			nonce: Bytes(logged.message.nonce.to_vec()),
			ciphertext: Bytes(logged.message.ciphertext),
			signature: Bytes(logged.signature.encode()),
			previous: logged.previous,
		}
	}
}

/// Where a listing's log stands, as `streams_head` returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamHead {
	/// Index of the oldest message kept.
	pub first: u64,
	/// Index the next message gets.
	pub next: u64,
	/// Sequence number of the newest message: a device resumes above it.
	pub last_sequence: Option<u64>,
	/// The log's hash chain after the newest message.
	pub chain: H256,
}

impl From<LogHead> for StreamHead {
	fn from(head: LogHead) -> Self {
		Self {
			first: head.first,
			next: head.next,
			last_sequence: head.last_sequence,
			chain: head.chain,
		}
	}
}

/// A page of messages, as `streams_fetch` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagePage {
	/// The log when it was read.
	pub head: StreamHead,
	/// The messages, oldest first; fetch again from the last index + 1 for more.
	pub messages: Vec<RelayedMessage>,
}

/// What `streams_publish` answers: where the message went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishReceipt {
	/// Its index in the listing's log.
	pub index: u64,
	/// The best block when the relay accepted it.
	pub received_at: u32,
}

impl From<&LoggedMessage> for PublishReceipt {
	fn from(logged: &LoggedMessage) -> Self {
		Self { index: logged.index, received_at: logged.received_at }
	}
}

/// What `streams_publishBatch` answers for each publication: `{"index", "receivedAt"}` as
/// `streams_publish` would, or `{"error": {"code", "message"}}` with the error
/// `streams_publish` would have given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PublishOutcome {
	/// Logged.
	Published(PublishReceipt),
	/// Refused, and nothing stored.
	Refused {
		/// Why.
		error: Refusal,
	},
}

/// A refusal's JSON-RPC error code and message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
	/// As [`PublishError::code`].
	pub code: i32,
	/// What went wrong.
	pub message: String,
}

impl From<Result<LoggedMessage, PublishError>> for PublishOutcome {
	fn from(published: Result<LoggedMessage, PublishError>) -> Self {
		match published {
			Ok(logged) => Self::Published(PublishReceipt::from(&logged)),
			Err(error) => {
				Self::Refused { error: Refusal { code: error.code(), message: error.to_string() } }
			},
		}
	}
}
