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

use crate::types::ListingKey;

use crate::*;

impl<T: Config> Pallet<T> {
	/// Price and purposes are well formed.
	fn ensure_valid_offer(price: &BalanceOf<T>, purposes: &PurposesOf<T>) -> DispatchResult {
		ensure!(!price.is_zero(), Error::<T>::ZeroPrice);
		ensure!(!purposes.is_empty(), Error::<T>::NoPurposes);
		ensure!(is_strictly_increasing(purposes), Error::<T>::PurposesUnsorted);
		Ok(())
	}

	/// `device` exists, is `owner`'s and is active; whose personal data the registry says it
	/// produces.
	pub(crate) fn ensure_active_device(
		device: DeviceId,
		owner: Option<&T::AccountId>,
	) -> Result<Option<T::AccountId>, DispatchError> {
		let info = T::Registry::device(device).ok_or(Error::<T>::UnknownDevice)?;
		if let Some(owner) = owner {
			ensure!(info.owner == *owner, Error::<T>::NotDeviceOwner);
		}
		match info.status {
			DeviceStatus::Active => Ok(info.subject),
			DeviceStatus::Quarantined => Err(Error::<T>::DeviceQuarantined.into()),
			DeviceStatus::Revoked => Err(Error::<T>::DeviceRevoked.into()),
		}
	}

	/// Whose personal data is sold: the device's registered subject comes first; a provider
	/// may add a subject to a device without one (or to a dataset without a device), never
	/// drop or change one.
	pub(crate) fn effective_subject(
		registered: Option<T::AccountId>,
		declared: &Option<T::AccountId>,
	) -> Result<Option<T::AccountId>, DispatchError> {
		match (registered, declared) {
			(Some(registered), Some(declared)) if registered != *declared =>
				Err(Error::<T>::SubjectMismatch.into()),
			(Some(registered), _) => Ok(Some(registered)),
			(None, declared) => Ok(declared.clone()),
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
		let (_, roles) = T::Registry::participant(&provider).ok_or(Error::<T>::NotProvider)?;
		ensure!(roles.provider, Error::<T>::NotProvider);
		Self::ensure_valid_offer(&price, &purposes)?;
		if let ListingKind::Stream { epoch_length } = kind {
			ensure!(!epoch_length.is_zero(), Error::<T>::ZeroEpochLength);
			ensure!(epoch_length <= T::MaxEpochLength::get(), Error::<T>::EpochTooLong);
			ensure!(device.is_some(), Error::<T>::StreamWithoutDevice);
		}
		if let Some(device) = device {
			let registered = Self::ensure_active_device(device, Some(&provider))?;
			Self::effective_subject(registered, &subject)?;
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
			subject,
			device,
			deposit,
			version: 0,
			key: None,
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
		let version = listing.version.checked_add(1).ok_or(Error::<T>::Overflow)?;

		listing.metadata_hash = metadata_hash;
		listing.price = price;
		listing.purposes = purposes;
		listing.version = version;
		Listings::<T>::insert(id, listing);
		Self::deposit_event(Event::ListingUpdated { listing: id, version });
		Ok(())
	}

	pub(crate) fn do_rekey(
		provider: T::AccountId,
		id: ListingId,
		key: ListingKey,
	) -> DispatchResult {
		let mut listing = Self::owned_listing(&provider, id)?;
		let allowed = match (listing.kind, listing.key) {
			(_, None) => true,
			(ListingKind::Stream { .. }, Some(current)) => key.epoch > current.epoch,
			(ListingKind::Dataset, Some(_)) => false,
		};
		ensure!(allowed, Error::<T>::InvalidKeyEpoch);

		listing.key = Some(key);
		Listings::<T>::insert(id, listing);
		Self::deposit_event(Event::Rekeyed { listing: id, key });
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
