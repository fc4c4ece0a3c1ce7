//! Which providers this node acts for, and with which key. A provider appoints worker accounts
//! (`Proxy.add_proxy` with type `DataPlane`); the node serves the provider's listings, and signs
//! its anonymized releases, with a worker key in its keystore (`mprv`), never with the
//! provider's own, and only for the providers its operator named (`--data-plane-provider`):
//! anyone may appoint a node's worker, and gets nothing of the node for it.

use std::{collections::BTreeSet, sync::Arc};

use codec::Encode;
use msec_runtime::{opaque::Block, AccountId};
use pallet_stream_worker::{
	crypto::KEY_TYPE, data_plane::SERVED_PROVIDERS_KEY, runtime_api::DataPlaneApi,
};
use sp_api::{ApiError, ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::{
	offchain::{OffchainStorage, STORAGE_PREFIX},
	sr25519,
};
use sp_keystore::{Keystore as _, KeystorePtr};
use sp_runtime::traits::Block as BlockT;

use crate::service::FullClient;

/// A provider's data-plane workers, and the one this node signs with for it.
pub struct ProviderWorkers {
	/// The sr25519 keys of the accounts the provider appointed: who may sign its releases.
	pub appointed: Vec<[u8; 32]>,
	/// The appointed key in this node's keystore, if the operator serves the provider.
	pub local: Option<sr25519::Public>,
}

/// The providers the operator serves and the keystore their workers sign with.
#[derive(Clone)]
pub struct LocalWorkers {
	client: Arc<FullClient>,
	keystore: KeystorePtr,
	served: Arc<BTreeSet<[u8; 32]>>,
}

impl LocalWorkers {
	/// Workers for `served` providers, and the list written where the stream worker reads it.
	pub fn new(
		client: Arc<FullClient>,
		keystore: KeystorePtr,
		served: Vec<[u8; 32]>,
		storage: Option<&mut impl OffchainStorage>,
	) -> Self {
		let served: BTreeSet<[u8; 32]> = served.into_iter().collect();
		if let Some(storage) = storage {
			// Each once: the worker serves each entry.
			let list: Vec<[u8; 32]> = served.iter().copied().collect();
			storage.set(STORAGE_PREFIX, SERVED_PROVIDERS_KEY, &list.encode());
		}
		Self { client, keystore, served: Arc::new(served) }
	}

	/// Warns of each provider served that appointed none of the keystore's worker keys at the
	/// best block: the node does nothing for it until it does.
	pub fn warn_of_unappointed(&self) {
		let best = self.client.info().best_hash;
		for provider in self.served.iter() {
			let account = sp_core::crypto::AccountId32::from(*provider);
			match self.of(best, *provider) {
				Ok(workers) if workers.local.is_none() => log::warn!(
					"provider {account} appointed none of this node's worker keys (mprv): not \
					 served until it appoints one (Proxy.add_proxy(worker, DataPlane, 0))"
				),
				Ok(_) => log::info!("serving provider {account}"),
				Err(error) => log::warn!("cannot read the workers of provider {account}: {error}"),
			}
		}
	}

	/// The keystore the workers' keys are in.
	pub fn keystore(&self) -> &KeystorePtr {
		&self.keystore
	}

	/// `provider`'s workers at block `at`. A runtime from before data-plane proxies (the node
	/// upgraded first) names the provider's own key, as the worker then signed with it.
	pub fn of(
		&self,
		at: <Block as BlockT>::Hash,
		provider: [u8; 32],
	) -> Result<ProviderWorkers, ApiError> {
		let api = self.client.runtime_api();
		let appointed = if api.has_api::<dyn DataPlaneApi<Block, AccountId>>(at)? {
			let workers = api.data_plane_workers(at, AccountId::from(provider))?;
			workers.into_iter().map(Into::into).collect()
		} else {
			vec![provider]
		};
		// The first of the keystore's keys the provider appointed, as the stream worker picks.
		let local = self
			.served
			.contains(&provider)
			.then(|| {
				let keys = self.keystore.sr25519_public_keys(KEY_TYPE);
				keys.into_iter().find(|key| appointed.contains(&key.0))
			})
			.flatten();
		Ok(ProviderWorkers { appointed, local })
	}
}
