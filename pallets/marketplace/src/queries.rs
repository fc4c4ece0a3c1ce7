//! What [`crate::runtime_api::MarketplaceApi`] answers.

use alloc::vec::Vec;
use msec_primitives::{Jurisdiction, RegistryInspect};

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

	/// The open listings whose data leaves from `jurisdiction`, by id: those of providers
	/// registered there now.
	pub fn listings_by_jurisdiction(jurisdiction: Jurisdiction) -> Vec<(ListingId, Listing<T>)> {
		let mut listings: Vec<_> = Listings::<T>::iter()
			.filter(|(_, listing)| {
				T::Registry::participant(&listing.provider).map(|(j, _)| j) == Some(jurisdiction)
			})
			.collect();
		listings.sort_unstable_by_key(|(id, _)| *id);
		listings
	}

	/// The content keys purchase `id` keeps, oldest first: epoch, commitment, wrapped key.
	pub fn purchase_keys(id: PurchaseId) -> Vec<(KeyEpoch, sp_core::H256, Vec<u8>)> {
		let Some(purchase) = Purchases::<T>::get(id) else { return Vec::new() };
		purchase
			.key_epochs
			.iter()
			.filter_map(|epoch| {
				let key = PurchaseKeys::<T>::get(id, epoch)?;
				Some((*epoch, key.commitment, key.wrapped.into_inner()))
			})
			.collect()
	}
}
