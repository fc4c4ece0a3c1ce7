//! Listings: created, updated and closed by their provider.

use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::MutateHold, tokens::Precision, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use msec_primitives::{
	decrement_count, is_strictly_increasing, DeviceId, DeviceStatus, RegistryInspect,
};
use sp_core::H256;
use sp_runtime::{traits::Zero, DispatchError};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Price and purposes are well formed.
	fn ensure_valid_offer(price: &BalanceOf<T>, purposes: &PurposesOf<T>) -> DispatchResult {
		ensure!(!price.is_zero(), Error::<T>::ZeroPrice);
		ensure!(!purposes.is_empty(), Error::<T>::NoPurposes);
		ensure!(is_strictly_increasing(purposes), Error::<T>::PurposesUnsorted);
		Ok(())
	}

	/// `device` exists, is `owner`'s and is active.
	pub(crate) fn ensure_active_device(
		device: DeviceId,
		owner: Option<&T::AccountId>,
	) -> DispatchResult {
		let info = T::Registry::device(device).ok_or(Error::<T>::UnknownDevice)?;
		if let Some(owner) = owner {
			ensure!(info.owner == *owner, Error::<T>::NotDeviceOwner);
		}
		match info.status {
			DeviceStatus::Active => Ok(()),
			DeviceStatus::Quarantined => Err(Error::<T>::DeviceQuarantined.into()),
			DeviceStatus::Revoked => Err(Error::<T>::DeviceRevoked.into()),
		}
	}

	pub(crate) fn do_create_listing(
		provider: T::AccountId,
		kind: ListingKind<BlockNumberFor<T>>,
		metadata_hash: H256,
		price: BalanceOf<T>,
		purposes: PurposesOf<T>,
		subject: Option<T::AccountId>,
		device: Option<DeviceId>,
	) -> Result<ListingId, DispatchError> {
		let (jurisdiction, roles) =
			T::Registry::participant(&provider).ok_or(Error::<T>::NotProvider)?;
		ensure!(roles.provider, Error::<T>::NotProvider);
		Self::ensure_valid_offer(&price, &purposes)?;
		if let ListingKind::Stream { epoch_length } = kind {
			ensure!(!epoch_length.is_zero(), Error::<T>::ZeroEpochLength);
		}
		if let Some(device) = device {
			Self::ensure_active_device(device, Some(&provider))?;
		}
		let count = ListingCount::<T>::get(&provider);
		ensure!(count < T::MaxListingsPerProvider::get(), Error::<T>::TooManyListings);
		let id = NextListingId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = T::ListingDeposit::get();
		T::Currency::hold(&HoldReason::ListingDeposit.into(), &provider, deposit)?;

		let listing = Listing {
			provider: provider.clone(),
			kind,
			metadata_hash,
			price,
			purposes,
			jurisdiction,
			subject,
			device,
			deposit,
		};
		Listings::<T>::insert(id, listing);
		ProviderListings::<T>::insert(&provider, id, ());
		ListingCount::<T>::insert(&provider, count.saturating_add(1));
		NextListingId::<T>::put(next);
		Self::deposit_event(Event::ListingCreated { listing: id, provider });
		Ok(id)
	}

	/// Listing `id`, if `provider` owns it.
	pub(crate) fn owned_listing(
		provider: &T::AccountId,
		id: ListingId,
	) -> Result<Listing<T>, DispatchError> {
		let listing = Listings::<T>::get(id).ok_or(Error::<T>::UnknownListing)?;
		ensure!(listing.provider == *provider, Error::<T>::NotListingOwner);
		Ok(listing)
	}

	pub(crate) fn do_update_listing(
		provider: T::AccountId,
		id: ListingId,
		metadata_hash: H256,
		price: BalanceOf<T>,
		purposes: PurposesOf<T>,
	) -> DispatchResult {
		let mut listing = Self::owned_listing(&provider, id)?;
		Self::ensure_valid_offer(&price, &purposes)?;

		listing.metadata_hash = metadata_hash;
		listing.price = price;
		listing.purposes = purposes;
		Listings::<T>::insert(id, listing);
		Self::deposit_event(Event::ListingUpdated { listing: id });
		Ok(())
	}

	pub(crate) fn do_close_listing(provider: T::AccountId, id: ListingId) -> DispatchResult {
		let listing = Self::owned_listing(&provider, id)?;

		T::Currency::release(
			&HoldReason::ListingDeposit.into(),
			&provider,
			listing.deposit,
			Precision::BestEffort,
		)?;
		Listings::<T>::remove(id);
		Anonymizations::<T>::remove(id);
		ProviderListings::<T>::remove(&provider, id);
		ListingCount::<T>::mutate_exists(&provider, decrement_count);
		Self::deposit_event(Event::ListingClosed { listing: id });
		Ok(())
	}
}
