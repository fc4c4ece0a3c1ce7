//! The stream relay in the node: its database is the node's off-chain storage, its view of
//! the chain the runtime APIs at the best block.

use std::{collections::HashMap, sync::Arc};

use msec_runtime::opaque::Block;
use msec_stream_relay::{ChainView, DeviceRecord, PublishError, Relay, StreamSource};
use pallet_marketplace::{runtime_api::MarketplaceApi, ListingKind};
use pallet_registry::runtime_api::RegistryApi;
use sc_client_api::Backend;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

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

/// Entries the answer cache holds before it starts over: far more listings and devices than
/// publish within one block.
const CACHE_LIMIT: usize = 10_000;

/// Answers of one best block. A runtime API call costs a Wasm instance; a device publishes
/// many messages per block, so each listing and device is asked once per best block.
#[derive(Default)]
struct Answers {
	at: <Block as BlockT>::Hash,
	listings: HashMap<u64, Result<StreamSource, PublishError>>,
	devices: HashMap<u64, Result<DeviceRecord, PublishError>>,
}

/// Answers the relay from runtime APIs at the best block.
pub struct RuntimeChainView {
	client: Arc<FullClient>,
	answers: parking_lot::Mutex<Answers>,
}

impl RuntimeChainView {
	/// A view through `client`.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client, answers: Default::default() }
	}

	/// The answers of the current best block (forgetting older ones) and that block.
	fn answers(&self) -> (parking_lot::MutexGuard<'_, Answers>, sp_blockchain::Info<Block>) {
		let info = self.client.info();
		let mut answers = self.answers.lock();
		if answers.at != info.best_hash
			|| answers.listings.len().saturating_add(answers.devices.len()) > CACHE_LIMIT
		{
			*answers = Answers { at: info.best_hash, ..Default::default() };
		}
		(answers, info)
	}

	fn read_stream_source(
		&self,
		best: &sp_blockchain::Info<Block>,
		listing: u64,
	) -> Result<StreamSource, PublishError> {
		let record = self
			.client
			.runtime_api()
			.listing(best.best_hash, listing)
			.map_err(unavailable)?
			.ok_or(PublishError::UnknownListing(listing))?;
		if record.kind == ListingKind::Dataset {
			return Err(PublishError::NotAStream(listing));
		}
		let anonymization = self
			.client
			.runtime_api()
			.anonymization(best.best_hash, listing)
			.map_err(unavailable)?;
		Ok(StreamSource {
			device: record.device,
			anonymized: anonymization.is_some(),
			key_epoch: record.key.map(|key| key.epoch),
			best_block: best.best_number,
		})
	}

	fn read_device(
		&self,
		best: &sp_blockchain::Info<Block>,
		device: u64,
	) -> Result<DeviceRecord, PublishError> {
		let record = self
			.client
			.runtime_api()
			.device(best.best_hash, device)
			.map_err(unavailable)?
			.ok_or(PublishError::UnknownDevice(device))?;
		Ok(DeviceRecord { key: record.key, status: record.status })
	}
}

fn unavailable(error: sp_api::ApiError) -> PublishError {
	PublishError::Unavailable(format!("runtime API call failed: {error}"))
}

/// `map`'s answer for `key`, read with `read` and kept unless the runtime could not answer
/// (then the next publication asks again).
fn cached<V: Clone>(
	map: &mut HashMap<u64, Result<V, PublishError>>,
	key: u64,
	read: impl FnOnce() -> Result<V, PublishError>,
) -> Result<V, PublishError> {
	if let Some(answer) = map.get(&key) {
		return answer.clone();
	}
	let answer = read();
	if !matches!(answer, Err(PublishError::Unavailable(_))) {
		map.insert(key, answer.clone());
	}
	answer
}

impl ChainView for RuntimeChainView {
	fn stream_source(&self, listing: u64) -> Result<StreamSource, PublishError> {
		let (mut answers, best) = self.answers();
		cached(&mut answers.listings, listing, || self.read_stream_source(&best, listing))
	}

	fn device(&self, device: u64) -> Result<DeviceRecord, PublishError> {
		let (mut answers, best) = self.answers();
		cached(&mut answers.devices, device, || self.read_device(&best, device))
	}
}
