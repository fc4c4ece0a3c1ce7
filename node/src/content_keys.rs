//! `provider_contentKey`: hands a listing's current content key, which the stream worker
//! keeps in this node's off-chain storage sealed at rest ([`crate::at_rest`]), to the
//! provider's own devices so that they can seal their messages. The method is unsafe: the node serves it only on an RPC interface
//! open to unsafe methods (localhost by default, `--rpc-methods unsafe`), never publicly.

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
	Extensions,
};
use msec_stream_crypto::{ContentKey, KeyEpoch, ListingId};
use serde::Serialize;
use sp_core::{
	offchain::{OffchainStorage, STORAGE_PREFIX},
	Bytes,
};

use crate::at_rest::NodeKek;

/// The error code of a listing without a content key on this node.
pub const NO_CONTENT_KEY: i32 = 4012;

/// A listing's current content key.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentContentKey {
	/// The key epoch to seal under.
	pub key_epoch: KeyEpoch,
	/// The 32-byte XChaCha20-Poly1305 key.
	pub key: Bytes,
}

/// Content keys for the provider's devices.
#[rpc(server, namespace = "provider")]
pub trait ProviderApi {
	/// `listing`'s current content key on this node (unsafe).
	#[method(name = "contentKey", with_extensions)]
	fn content_key(&self, listing: ListingId) -> RpcResult<CurrentContentKey>;
}

/// Serves content keys from the node's off-chain storage.
pub struct ProviderKeys<S> {
	storage: S,
	kek: NodeKek,
}

impl<S> ProviderKeys<S> {
	/// Keys read from `storage`, opened with `kek`.
	pub fn new(storage: S, kek: NodeKek) -> Self {
		Self { storage, kek }
	}
}

/// `listing`'s current content key in `storage`, if this node keeps one that opens with its
/// keystore's key (one written through `offchain_localStorageSet` does not).
pub fn current_content_key(
	storage: &impl OffchainStorage,
	kek: &NodeKek,
	listing: ListingId,
) -> Option<ContentKey> {
	let bytes = storage.get(STORAGE_PREFIX, &msec_stream_log::content_key_storage_key(listing))?;
	msec_stream_log::open_content_key(|public| kek.kek_of(public), listing, &bytes).ok()
}

/// Error 4012: this node keeps no content key for `listing`.
pub fn no_content_key(listing: ListingId) -> ErrorObjectOwned {
	ErrorObject::owned(
		NO_CONTENT_KEY,
		format!(
			"listing {listing} has no content key on this node: is it an open listing of a \
			 provider this node serves (--data-plane-provider) that appointed a worker whose key \
			 (type mprv) is in this node's keystore, with off-chain workers on?"
		),
		None::<()>,
	)
}

impl<S: OffchainStorage + 'static> ProviderApiServer for ProviderKeys<S> {
	fn content_key(
		&self,
		extensions: &Extensions,
		listing: ListingId,
	) -> RpcResult<CurrentContentKey> {
		sc_rpc_api::check_if_safe(extensions)?;
		let key =
			current_content_key(&self.storage, &self.kek, listing).ok_or_else(|| no_content_key(listing))?;
		Ok(CurrentContentKey { key_epoch: key.epoch(), key: Bytes(key.expose_bytes().to_vec()) })
	}
}
