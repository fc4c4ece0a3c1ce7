//! The stream relay in the node: its database is the node's off-chain storage, its view of
//! the chain the runtime APIs at the best block.

use std::sync::Arc;

use msec_runtime::opaque::Block;
use msec_stream_relay::{ChainView, DeviceRecord, PublishError, Relay, StreamSource};
use pallet_marketplace::{runtime_api::MarketplaceApi, ListingKind};
use pallet_registry::runtime_api::RegistryApi;
use sc_client_api::Backend;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;

use crate::service::{FullBackend, FullClient};

/// The node's off-chain database.
pub type OffchainDb = <FullBackend as Backend<Block>>::OffchainStorage;

/// The relay as the node runs it.
pub type NodeRelay = Relay<OffchainDb, RuntimeChainView>;

/// Command-line options of the relay.
#[derive(Debug, Clone, clap::Args)]
pub struct RelayParams {
	/// Most ciphertext bytes one relayed stream message may carry.
	#[arg(long, value_name = "BYTES", default_value_t = 64 * 1024)]
	pub relay_max_message_bytes: usize,

	/// Messages the relay keeps per stream listing; older ones are deleted.
	#[arg(long, value_name = "COUNT", default_value_t = 100_000)]
	pub relay_retention: u64,
}

impl RelayParams {
	/// The relay's configuration.
	pub fn config(&self) -> msec_stream_relay::RelayConfig {
		msec_stream_relay::RelayConfig {
			max_message_bytes: self.relay_max_message_bytes,
			retention: self.relay_retention,
		}
	}
}

/// Answers the relay from runtime APIs at the best block.
pub struct RuntimeChainView {
	client: Arc<FullClient>,
}

impl RuntimeChainView {
	/// A view through `client`.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

fn unavailable(error: sp_api::ApiError) -> PublishError {
	PublishError::Unavailable(format!("runtime API call failed: {error}"))
}

impl ChainView for RuntimeChainView {
	fn stream_source(&self, listing: u64) -> Result<StreamSource, PublishError> {
		let best = self.client.info();
		let record = self
			.client
			.runtime_api()
			.listing(best.best_hash, listing)
			.map_err(unavailable)?
			.ok_or(PublishError::UnknownListing(listing))?;
		match record.kind {
			ListingKind::Stream { .. } =>
				Ok(StreamSource { device: record.device, best_block: best.best_number }),
			ListingKind::Dataset => Err(PublishError::NotAStream(listing)),
		}
	}

	fn device(&self, device: u64) -> Result<DeviceRecord, PublishError> {
		let best = self.client.info().best_hash;
		let record = self
			.client
			.runtime_api()
			.device(best, device)
			.map_err(unavailable)?
			.ok_or(PublishError::UnknownDevice(device))?;
		Ok(DeviceRecord { key: record.key, status: record.status })
	}
}
