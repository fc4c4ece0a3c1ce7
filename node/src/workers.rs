//! Which of a provider's data-plane workers this node holds the key of. A provider appoints
//! worker accounts (`Proxy.add_proxy` with type `DataPlane`); the node serves the provider's
//! listings, and signs its anonymized releases, with a worker key in its keystore (`mprv`),
//! never with the provider's own.

use msec_runtime::{opaque::Block, AccountId};
use pallet_stream_worker::{crypto::KEY_TYPE, runtime_api::DataPlaneApi};
use sp_api::{ApiError, ProvideRuntimeApi};
use sp_core::sr25519;
use sp_keystore::{Keystore as _, KeystorePtr};
use sp_runtime::traits::Block as BlockT;

use crate::service::FullClient;

/// The sr25519 keys of the accounts `provider` appointed its data-plane workers, at `at`.
pub fn data_plane_workers(
	client: &FullClient,
	at: <Block as BlockT>::Hash,
	provider: [u8; 32],
) -> Result<Vec<[u8; 32]>, ApiError> {
	let workers = client.runtime_api().data_plane_workers(at, AccountId::from(provider))?;
	Ok(workers.into_iter().map(Into::into).collect())
}

/// The first of `workers` whose key is in `keystore`.
pub fn local_worker(keystore: &KeystorePtr, workers: &[[u8; 32]]) -> Option<sr25519::Public> {
	workers
		.iter()
		.find(|worker| keystore.has_keys(&[(worker.to_vec(), KEY_TYPE)]))
		.map(|worker| sr25519::Public::from_raw(*worker))
}
