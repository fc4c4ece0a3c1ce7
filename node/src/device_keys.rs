//! `streams_deviceContentKey`: a listing's current content key, wrapped with HPKE for the X25519
//! key the chain registers for the listing's device (`Registry.set_device_encryption_key`),
//! the way buyers get theirs. The method is safe: anyone may ask, only the device opens the
//! answer, so no device needs the node's unsafe RPC (`provider_contentKey`, which hands every
//! listing's key in the clear).

use std::sync::Arc;

use codec::{Decode, Encode};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use msec_runtime::Runtime;
use msec_stream_crypto::{wrap_for_device, DeviceId, KeyEpoch, ListingId};
use msec_stream_relay::PublishError;
use pallet_registry::DeviceEncryptionKeys;
use sc_client_api::{StorageKey, StorageProvider};
use serde::Serialize;
use sp_blockchain::HeaderBackend;
use sp_core::Bytes;

use crate::{
	at_rest::NodeKek,
	content_keys::{current_content_key, no_content_key},
	relay::{NodeRelay, OffchainDb},
	service::FullClient,
};

/// The error code of a device without an encryption key on chain.
pub const NO_DEVICE_ENCRYPTION_KEY: i32 = 4023;

/// A listing's current content key, wrapped for its device.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceContentKey {
	/// The device it is wrapped for: the listing's source device.
	pub device: DeviceId,
	/// The key epoch to seal under.
	pub key_epoch: KeyEpoch,
	/// The SCALE encoding of `msec_stream_crypto::WrappedKey`, as `Marketplace.deliver_key`
	/// carries a buyer's; it opens with `unwrap_for_device`.
	pub wrapped_key: Bytes,
}

/// Content keys for devices, wrapped.
#[rpc(server, namespace = "streams")]
pub trait DeviceKeysApi {
	/// `listing`'s current content key, wrapped for the listing's device.
	#[method(name = "deviceContentKey", blocking)]
	fn device_content_key(&self, listing: ListingId) -> RpcResult<DeviceContentKey>;
}

/// Wraps the content keys this node keeps for the devices the chain names.
#[derive(Clone)]
pub struct DeviceKeys {
	client: Arc<FullClient>,
	relay: Arc<NodeRelay>,
	storage: OffchainDb,
	kek: NodeKek,
}

impl DeviceKeys {
	/// Keys read from `storage`, opened with `kek`, for the devices `relay` takes
	/// publications from, wrapped for the encryption keys `client` reads on chain.
	pub fn new(
		client: Arc<FullClient>,
		relay: Arc<NodeRelay>,
		storage: OffchainDb,
		kek: NodeKek,
	) -> Self {
		Self { client, relay, storage, kek }
	}

	/// `device`'s X25519 key on chain at the best block.
	fn encryption_key(&self, device: DeviceId) -> RpcResult<[u8; 32]> {
		let best = self.client.info().best_hash;
		let key = StorageKey(DeviceEncryptionKeys::<Runtime>::hashed_key_for(device));
		let stored = self
			.client
			.storage(best, &key)
			.map_err(|error| PublishError::Unavailable(format!("state unavailable: {error}")))?;
		let Some(stored) = stored else {
			return Err(no_encryption_key(device));
		};
		Ok(<[u8; 32]>::decode(&mut stored.0.as_slice())
			.map_err(|_| PublishError::Unavailable("an encryption key on chain is corrupt".into()))?)
	}
}

fn no_encryption_key(device: DeviceId) -> ErrorObjectOwned {
	ErrorObject::owned(
		NO_DEVICE_ENCRYPTION_KEY,
		format!(
			"device {device} has no encryption key on chain: its owner sets one with \
			 Registry.set_device_encryption_key (again after rotating the device's key)"
		),
		None::<()>,
	)
}

impl DeviceKeysApiServer for DeviceKeys {
	fn device_content_key(&self, listing: ListingId) -> RpcResult<DeviceContentKey> {
		let (source, device, _) = self.relay.active_source_device(listing)?;
		// Its device hands raw records to the node and never seals: it needs no key.
		if source.anonymized {
			return Err(PublishError::AnonymizationRequired(listing).into());
		}
		let recipient = self.encryption_key(device)?;
		let key = current_content_key(&self.storage, &self.kek, listing)
			.ok_or_else(|| no_content_key(listing))?;
		let mut rng = crate::anonymizer::node_rng()?;
		let wrapped = wrap_for_device(&key, listing, device, &recipient, &mut rng).map_err(|_| {
			ErrorObject::owned(
				NO_DEVICE_ENCRYPTION_KEY,
				format!("device {device}'s encryption key on chain is not a usable X25519 key"),
				None::<()>,
			)
		})?;
		Ok(DeviceContentKey {
			device,
			key_epoch: wrapped.epoch,
			wrapped_key: Bytes(wrapped.encode()),
		})
	}
}
