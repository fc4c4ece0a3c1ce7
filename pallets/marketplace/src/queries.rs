//! What [`crate::runtime_api::MarketplaceApi`] answers.

use alloc::vec::Vec;
use msec_primitives::Jurisdiction;

use crate::*;

impl<T: Config> Pallet<T> {
	/// The open listings of `provider`, by id.
	pub fn listings_by_provider(provider: &T::AccountId) -> Vec<(ListingId, Listing<T>)> {
		let mut listings: Vec<_> = ProviderListings::<T>::iter_key_prefix(provider)
			.filter_map(|id| Listings::<T>::get(id).map(|listing| (id, listing)))
			.collect();
		listings.sort_unstable_by_key(|(id, _)| *id);
		listings
	}

	/// The open listings whose data leaves from `jurisdiction`, by id.
	pub fn listings_by_jurisdiction(jurisdiction: Jurisdiction) -> Vec<(ListingId, Listing<T>)> {
		let mut listings: Vec<_> = Listings::<T>::iter()
			.filter(|(_, listing)| listing.jurisdiction == jurisdiction)
			.collect();
		listings.sort_unstable_by_key(|(id, _)| *id);
		listings
	}
}
