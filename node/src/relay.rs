//! The stream relay in the node: its database is the node's off-chain storage, its view of
//! the chain the runtime APIs at the best block.

use std::{collections::HashMap, num::NonZeroU32, sync::Arc};

use msec_runtime::opaque::Block;
use msec_stream_relay::{ChainView, DeviceRecord, PublishError, Relay, StreamSource};
use pallet_marketplace::{runtime_api::MarketplaceApi, ListingKind};
use pallet_registry::runtime_api::RegistryApi;
use sc_client_api::Backend;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{
	service::{FullBackend, FullClient},
	workers::LocalWorkers,
};

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

	/// Bytes the relay keeps per stream listing; older messages are deleted to stay below.
	#[arg(long, value_name = "BYTES", default_value_t = 1 << 30)]
	pub relay_max_listing_bytes: u64,

	/// Bytes all the relay's logs may hold together; past it, publications are refused
	/// (error 4021) until retention frees space.
	#[arg(long, value_name = "BYTES", default_value_t = 16 << 30)]
	pub relay_max_bytes: u64,

	/// Messages per second one device may publish, in bursts of as many (error 4020 above).
	#[arg(long, value_name = "COUNT", default_value_t = NonZeroU32::new(1_000).unwrap_or(NonZeroU32::MIN))]
	pub relay_device_rate: NonZeroU32,

	/// Messages per second one RPC connection may have the relay check, in bursts of as
	/// many: `streams_publish` and `streams_fetch` count one, `streams_publishBatch` its
	/// publications. Requests above it wait.
	#[arg(long, value_name = "COUNT", default_value_t = NonZeroU32::new(1_000).unwrap_or(NonZeroU32::MIN))]
	pub relay_connection_rate: NonZeroU32,

	/// Which listings the relay takes: `local`, those of the providers this node serves
	/// (`--data-plane-provider`) (error 4019 for others); `all`, every open stream.
	#[arg(long, value_enum, default_value_t = RelayAccept::Local)]
	pub relay_accept: RelayAccept,

	/// A provider (SS58 account) this node serves: its stream worker acts for it, its relay
	/// takes its listings, its anonymizer signs its releases, once the provider appointed a
	/// worker whose key (type `mprv`) is in this node's keystore as its data-plane proxy
	/// (`Proxy.add_proxy(worker, DataPlane, 0)`). Repeat for several. A dev node (`--alice`,
	/// …) serves its dev account unless told otherwise.
	#[arg(long = "data-plane-provider", value_name = "ACCOUNT", value_parser = parse_account)]
	pub data_plane_providers: Vec<[u8; 32]>,

	/// Most ciphertext bytes one `streams_fetch` page or subscription read holds (at least
	/// one message).
	#[arg(long, value_name = "BYTES", default_value_t = 4 << 20)]
	pub relay_max_page_bytes: usize,

	/// Most `streams_subscribe` subscriptions one connection may hold (error 4022 above).
	#[arg(long, value_name = "COUNT", default_value_t = 16)]
	pub relay_max_subscriptions_per_connection: u32,
}

/// An SS58 account as its 32 bytes.
fn parse_account(ss58: &str) -> Result<[u8; 32], String> {
	use sp_core::crypto::{AccountId32, Ss58Codec};
	AccountId32::from_ss58check(ss58)
		.map(Into::into)
		.map_err(|error| format!("not an SS58 account: {error:?}"))
}

/// Which listings a relay takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RelayAccept {
	/// Listings of the providers this node serves.
	Local,
	/// Every open stream listing.
	All,
}

impl RelayParams {
	/// The relay's configuration.
	pub fn config(&self) -> msec_stream_relay::RelayConfig {
		msec_stream_relay::RelayConfig {
			max_message_bytes: self.relay_max_message_bytes,
			retention: self.relay_retention,
			max_listing_bytes: self.relay_max_listing_bytes,
			max_bytes: self.relay_max_bytes,
			device_rate: self.relay_device_rate,
			connection_rate: self.relay_connection_rate,
			accept_all: self.relay_accept == RelayAccept::All,
			max_page_bytes: self.relay_max_page_bytes,
			max_subscriptions_per_connection: self.relay_max_subscriptions_per_connection,
		}
	}
}

/// Entries the answer cache holds per best block: far more listings and devices than publish
/// within one block. Publications to random listing ids beyond it are answered, not kept.
const CACHE_LIMIT: usize = 10_000;

/// Answers of one best block. A runtime API call costs a Wasm instance; a device publishes
/// many messages per block, so each listing and device is asked once per best block.
#[derive(Default)]
struct Answers {
	at: <Block as BlockT>::Hash,
	number: u32,
	listings: HashMap<u64, Result<StreamSource, PublishError>>,
	devices: HashMap<u64, Result<DeviceRecord, PublishError>>,
}

/// Answers the relay from runtime APIs at the best block, and from the node's workers which
/// providers it serves.
pub struct RuntimeChainView {
	client: Arc<FullClient>,
	workers: LocalWorkers,
	answers: parking_lot::Mutex<Answers>,
	// One runtime call at a time: a flood of publications to unknown listings at a new block
	// took every Wasm instance, and the transaction pool, refused one, stopped the node.
	reading: parking_lot::Mutex<()>,
}

impl RuntimeChainView {
	/// A view through `client`, serving the providers `workers` act for.
	pub fn new(client: Arc<FullClient>, workers: LocalWorkers) -> Self {
		Self { client, workers, answers: Default::default(), reading: Default::default() }
	}

	/// The answer `pick` finds among those of block `best`, or else the one `read` gives,
	/// kept unless the runtime could not answer (then the next publication asks again). The
	/// answers' lock is not held while `read` calls the runtime: publications whose answers
	/// are kept go on; those that need the runtime take turns.
	fn answer<V: Clone>(
		&self,
		best: &sp_blockchain::Info<Block>,
		pick: impl Fn(&mut Answers) -> &mut HashMap<u64, Result<V, PublishError>>,
		key: u64,
		read: impl FnOnce() -> Result<V, PublishError>,
	) -> Result<V, PublishError> {
		let kept = |view: &Self| {
			let mut answers = view.answers.lock();
			if answers.at != best.best_hash {
				// A publication that waited for its turn past a new best block leaves the
				// newer answers alone (and keeps none of its own).
				if best.best_number < answers.number {
					return None;
				}
				*answers = Answers { at: best.best_hash, number: best.best_number, ..Default::default() };
			}
			pick(&mut answers).get(&key).cloned()
		};
		if let Some(answer) = kept(self) {
			return answer;
		}
		let _one_runtime_call = self.reading.lock();
		// Another publication may have asked while this one waited.
		if let Some(answer) = kept(self) {
			return answer;
		}
		let answer = read();
		if !matches!(answer, Err(PublishError::Unavailable(_))) {
			let mut answers = self.answers.lock();
			let full = answers.listings.len().saturating_add(answers.devices.len()) >= CACHE_LIMIT;
			// Answers of another block, or too many to keep: this one is not kept.
			if answers.at == best.best_hash && !full {
				pick(&mut answers).insert(key, answer.clone());
			}
		}
		answer
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
		// The stream worker serves the providers the operator named that appointed a worker
		// whose `mprv` key the keystore holds.
		let workers = self.workers.of(best.best_hash, record.provider.into()).map_err(unavailable)?;
		let (release_signers, served_here) = (workers.appointed, workers.local.is_some());
		Ok(StreamSource {
			device: record.device,
			anonymized: anonymization.is_some(),
			key_epoch: record.key.map(|key| key.epoch),
			release_signers,
			served_here,
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

impl ChainView for RuntimeChainView {
	fn genesis_hash(&self) -> [u8; 32] {
		self.client.info().genesis_hash.0
	}

	fn stream_source(&self, listing: u64) -> Result<StreamSource, PublishError> {
		let best = self.client.info();
		self.answer(&best, |answers| &mut answers.listings, listing, || {
			self.read_stream_source(&best, listing)
		})
	}

	fn device(&self, device: u64) -> Result<DeviceRecord, PublishError> {
		let best = self.client.info();
		self.answer(&best, |answers| &mut answers.devices, device, || {
			self.read_device(&best, device)
		})
	}
}
