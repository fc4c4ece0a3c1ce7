//! `MarketplaceApi`: listings, purchases and reputations for dApps.

use alloc::vec::Vec;
use codec::Codec;
use msec_primitives::Jurisdiction;

use crate::types::{ListingId, PurchaseId, Reputation};

sp_api::decl_runtime_apis! {
	/// Reads of the marketplace for dApps. Listings, purchases and anonymizations come as their
	/// SCALE-encoded storage types, which the metadata describes.
	///
	/// Version 2 added [`anonymization`](MarketplaceApi::anonymization).
	#[api_version(2)]
	pub trait MarketplaceApi<AccountId, Listing, Purchase, Anonymization>
	where
		AccountId: Codec,
		Listing: Codec,
		Purchase: Codec,
		Anonymization: Codec,
	{
		/// Listing `id`, while open.
		fn listing(id: ListingId) -> Option<Listing>;

		/// The open listings of `provider`, by id.
		fn listings_by_provider(provider: AccountId) -> Vec<(ListingId, Listing)>;

		/// The open listings whose data leaves from `jurisdiction`, by id.
		fn listings_by_jurisdiction(jurisdiction: Jurisdiction) -> Vec<(ListingId, Listing)>;

		/// Purchase `id`, until rated.
		fn purchase(id: PurchaseId) -> Option<Purchase>;

		/// `provider`'s ratings.
		fn reputation(provider: AccountId) -> Reputation;

		/// The anonymization listing `id` requires and its latest attested batch; `None` if its
		/// records are sold as the device publishes them.
		#[api_version(2)]
		fn anonymization(id: ListingId) -> Option<Anonymization>;
	}
}
