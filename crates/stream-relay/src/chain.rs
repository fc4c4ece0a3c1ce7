//! What the relay needs to know from the chain: which device a stream listing names, and
//! that device's key and status. The node answers from runtime APIs at its best block; tests
//! answer from a table.

use msec_primitives::{DeviceKey, DeviceStatus};
use msec_stream_crypto::{DeviceId, GenesisHash, KeyEpoch, ListingId};

use crate::PublishError;

/// A stream listing as the relay sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamSource {
	/// The device whose messages the listing sells; `None` if the listing names none, so that
	/// no device may publish to it.
	pub device: Option<DeviceId>,
	/// Whether the listing requires anonymization: then only the provider's own node
	/// publishes to it, after anonymizing its device's records.
	pub anonymized: bool,
	/// The key epoch the chain records as the listing's current one (`rekey`), if any: a
	/// publication sealed under an older epoch may open with a removed buyer's key.
	pub key_epoch: Option<KeyEpoch>,
	/// The provider's data-plane workers (sr25519 public keys of the accounts it appointed,
	/// `DataPlaneApi`): one of them signs what the provider's node releases for an anonymized
	/// listing.
	pub release_signers: Vec<[u8; 32]>,
	/// Whether the listing's provider is one this node serves (the key of one of its workers is
	/// in the node's keystore): a relay takes other providers' listings only when told to.
	pub served_here: bool,
	/// The number of the best block the answer was read at: when the relay received the
	/// message, for delivery proofs per epoch.
	pub best_block: u32,
}

/// A registered device as the relay sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRecord {
	/// The key its publications must be signed with.
	pub key: DeviceKey,
	/// Only an active device may publish.
	pub status: DeviceStatus,
}

/// The chain, for the relay.
pub trait ChainView: Send + Sync + 'static {
	/// The chain's genesis hash, which every publication signature binds.
	fn genesis_hash(&self) -> GenesisHash;

	/// `listing` if it is an open stream listing; [`PublishError::UnknownListing`] or
	/// [`PublishError::NotAStream`] otherwise.
	fn stream_source(&self, listing: ListingId) -> Result<StreamSource, PublishError>;

	/// `device` if registered; [`PublishError::UnknownDevice`] otherwise.
	fn device(&self, device: DeviceId) -> Result<DeviceRecord, PublishError>;
}
