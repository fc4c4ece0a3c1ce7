//! Who the worker acts for. A provider appoints a worker account as its data-plane proxy
//! (`pallet_proxy`, proxy type `DataPlane`): the worker signs with that account's key (`mprv`
//! in the node's keystore), never with the provider's, and the chain lets the proxy make the
//! marketplace's data-plane calls only. A node that leaks the key leaks no funds, no listing and
//! no vote of the provider's.

use alloc::vec::Vec;
use sp_runtime::DispatchResult;

/// The runtime's data-plane proxies, as the worker needs them.
pub trait DataPlaneProxies<AccountId, LocalCall, Call> {
	/// The providers that appointed `worker` their data-plane proxy, without delay.
	fn principals(worker: &AccountId) -> Vec<AccountId>;

	/// The data-plane proxies `provider` appointed, without delay: the accounts that may sign
	/// its releases.
	fn workers(provider: &AccountId) -> Vec<AccountId>;

	/// `call` made by a worker on behalf of `provider`, as the worker signs it.
	fn on_behalf_of(provider: AccountId, call: LocalCall) -> Call;

	/// Appoints `worker` as `provider`'s data-plane proxy, holding the provider's deposit
	/// (genesis of test chains).
	fn appoint(provider: &AccountId, worker: AccountId) -> DispatchResult;
}
