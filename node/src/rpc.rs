//! JSON-RPC methods beyond Substrate's defaults: account nonces and fee estimates, the two
//! every wallet and dApp needs, the stream relay's `streams_*`, what devices ask of their
//! provider's node (`streams_deviceContentKey`, `streams_publishAnonymized`: safe, the answer
//! opens only for the device, the request counts only with its signature) and, for the node's
//! operator, the unsafe `provider_contentKey`, `provider_publishAnonymized` and
//! `provider_erasureReceipt`.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use msec_runtime::{opaque::Block, AccountId, Balance, Nonce};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client, to call runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool, to count pending transactions into nonces.
	pub pool: Arc<P>,
	/// The stream relay, if the node has an off-chain database for it.
	pub relay: Option<Arc<crate::relay::NodeRelay>>,
	/// Starts the relay's threads.
	pub relay_threads: sc_service::SpawnTaskHandle,
	/// The off-chain database where the stream worker keeps content keys.
	pub offchain_db: Option<crate::relay::OffchainDb>,
	/// Opens the content keys sealed at rest there.
	pub kek: crate::at_rest::NodeKek,
	/// Anonymized publication, if the node has a relay.
	pub anonymizer: Option<crate::anonymizer::Anonymizer>,
	/// Content keys wrapped for devices, if the node has a relay.
	pub device_keys: Option<crate::device_keys::DeviceKeys>,
}

/// All node-specific RPC methods.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, relay, relay_threads, offchain_db, kek, anonymizer, device_keys } =
		deps;

	module.merge(SystemApiServer::<_, AccountId, Nonce>::into_rpc(System::new(
		client.clone(),
		pool,
	)))?;
	module.merge(TransactionPayment::new(client).into_rpc())?;
	if let Some(relay) = relay {
		use msec_stream_relay::rpc::{Streams, StreamsApiServer};
		// On the node's own threads, which it waits for before closing the database, rather
		// than the RPC server's, which it leaves to finish in the background.
		let spawner: msec_stream_relay::Spawner = Arc::new(move |work| {
			relay_threads.spawn_blocking("msec-relay", Some("relay"), async move { work() })
		});
		module.merge(Streams::with_spawner(relay, spawner).into_rpc())?;
	}
	if let Some(storage) = offchain_db {
		use crate::content_keys::{ProviderApiServer, ProviderKeys};
		use crate::erasure::{ErasureApiServer, ErasureReceipts};
		module.merge(ProviderKeys::new(storage.clone(), kek).into_rpc())?;
		module.merge(ErasureReceipts::new(storage).into_rpc())?;
	}
	if let Some(anonymizer) = anonymizer {
		use crate::anonymization_requests::{AnonymizationRequests, AnonymizationRequestsApiServer};
		use crate::anonymizer::AnonymizerApiServer;
		module.merge(AnonymizationRequests::new(anonymizer.clone()).into_rpc())?;
		module.merge(anonymizer.into_rpc())?;
	}
	if let Some(device_keys) = device_keys {
		use crate::device_keys::DeviceKeysApiServer;
		module.merge(device_keys.into_rpc())?;
	}

	Ok(module)
}
