//! `DataPlaneApi`: which accounts sign for a provider's data plane.

use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Who acts for a provider's data plane, for its node and for readers of its releases.
	pub trait DataPlaneApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The accounts `provider` appointed its data-plane proxies, acting at once: the worker
		/// keys its node signs the worker's transactions and anonymized releases with.
		fn data_plane_workers(provider: AccountId) -> Vec<AccountId>;
	}
}
