//! Who the worker acts for. A provider appoints a worker account as its data-plane proxy
//! (`pallet_proxy`, proxy type `DataPlane`): the worker signs with that account's key (`mprv`
//! in the node's keystore), never with the provider's, and the chain lets the proxy make the
//! marketplace's data-plane calls only. A node that leaks the key leaks no funds, no listing and
//! no vote of the provider's.
//!
//! Appointing needs no consent of the worker's, so the node's operator names the providers it
//! serves (`msec-node --data-plane-provider`, written to [`SERVED_PROVIDERS_KEY`] at start):
//! another account that appoints the node's worker gets no work, fees or relay space of it.

use alloc::vec::Vec;
use codec::Decode;
use sp_runtime::{offchain::StorageKind, DispatchResult};

/// Where the node writes the providers its operator serves (SCALE `Vec<[u8; 32]>`, in the
/// persistent local storage).
pub const SERVED_PROVIDERS_KEY: &[u8] = b"msec/worker/v1/served-providers";

/// The runtime's data-plane proxies, as the worker needs them.
pub trait DataPlaneProxies<AccountId, LocalCall, Call> {
	/// The data-plane proxies `provider` appointed, without delay: the accounts that may act
	/// for its data plane and sign its releases.
	fn workers(provider: &AccountId) -> Vec<AccountId>;

	/// `call` made by a worker on behalf of `provider`, as the worker signs it.
	fn on_behalf_of(provider: AccountId, call: LocalCall) -> Call;

	/// Appoints `worker` as `provider`'s data-plane proxy, holding the provider's deposit
	/// (genesis of test chains).
	fn appoint(provider: &AccountId, worker: AccountId) -> DispatchResult;
}

/// The providers this node's operator serves (none if the node wrote none, or a list this
/// version cannot read).
pub fn served_providers<AccountId: Decode>() -> Vec<AccountId> {
	sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, SERVED_PROVIDERS_KEY)
		.and_then(|bytes| Vec::<AccountId>::decode(&mut bytes.as_slice()).ok())
		.unwrap_or_default()
}
