//! `MarketplaceApi`: listings, purchases and reputations for dApps.

use alloc::vec::Vec;
use codec::Codec;
use msec_primitives::Jurisdiction;

use sp_core::H256;

use crate::types::{KeyEpoch, ListingId, PurchaseId, Reputation};

sp_api::decl_runtime_apis! {
	/// Reads of the marketplace for dApps. Listings, purchases and anonymizations come as their
	/// SCALE-encoded storage types, which the metadata describes.
	///
	/// Version 2 added [`anonymization`](MarketplaceApi::anonymization), version 3
	/// [`purchase_keys`](MarketplaceApi::purchase_keys) (with the listing's version and key,
	/// and purchases' key epochs, timings and dispute bonds in the storage types).
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

		/// The content keys purchase `id` was given and keeps, oldest first: each key's epoch,
		/// the listing's commitment to it (which the buyer checks after unwrapping) and the
		/// key wrapped to the buyer's key.
		#[api_version(3)]
		fn purchase_keys(id: PurchaseId) -> Vec<(KeyEpoch, H256, Vec<u8>)>;
	}
}
