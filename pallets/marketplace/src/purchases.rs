//! Purchases: escrow gated on the participants' current registration, consent, transfer rules
//! and the source device; delivery confirmations in their time window.

use frame_support::{
	ensure,
	traits::{fungible::MutateHold, Get},
	weights::Weight,
	BoundedVec,
};
use msec_primitives::{
	ConsentInspect, ConsentRefusal, DeviceId, Jurisdiction, Purpose, RegistryInspect,
};
use sp_runtime::{traits::CheckedMul, DispatchError};

use crate::*;

/// What a buyer asks for in `purchase`.
pub(crate) struct Order<Balance> {
	pub listing: ListingId,
	pub epochs: u32,
	pub purpose: Purpose,
	pub buyer_key: [u8; 32],
	/// The most the buyer pays per epoch.
	pub max_price_per_epoch: Balance,
	/// The listing's version the buyer saw.
	pub listing_version: u32,
}

impl<T: Config> Pallet<T> {
	/// The marketplace error for a consent refusal.
	fn consent_error(refusal: ConsentRefusal) -> Error<T> {
		match refusal {
			ConsentRefusal::Missing => Error::<T>::ConsentMissing,
			ConsentRefusal::Withdrawn => Error::<T>::ConsentWithdrawn,
			ConsentRefusal::Expired => Error::<T>::ConsentExpired,
			ConsentRefusal::TransferNotAllowed => Error::<T>::TransferNotAllowed,
		}
	}

	/// The suspension reason for a consent refusal.
	fn suspension_reason(refusal: ConsentRefusal) -> SuspensionReason {
		match refusal {
			ConsentRefusal::Missing => SuspensionReason::ConsentMissing,
			ConsentRefusal::Withdrawn => SuspensionReason::ConsentWithdrawn,
			ConsentRefusal::Expired => SuspensionReason::ConsentExpired,
			ConsentRefusal::TransferNotAllowed => SuspensionReason::TransferNotAllowed,
		}
	}

	/// Where `provider` is registered now, if it is still a provider.
	fn provider_jurisdiction(provider: &T::AccountId) -> Option<Jurisdiction> {
		T::Registry::participant(provider)
			.filter(|(_, roles)| roles.provider)
			.map(|(jurisdiction, _)| jurisdiction)
	}

	/// Where `buyer` is registered now, if it is still a buyer.
	fn buyer_jurisdiction(buyer: &T::AccountId) -> Option<Jurisdiction> {
		T::Registry::participant(buyer)
			.filter(|(_, roles)| roles.buyer)
			.map(|(jurisdiction, _)| jurisdiction)
	}

	/// Whether the purchase may go on now, by the registry and consent records as they stand:
	/// both parties still registered in their roles, the source device active, and the
	/// subject's consent covering the purpose and the transfer between the parties' current
	/// jurisdictions; why not, as a suspension reason.
	pub fn still_permitted(purchase: &Purchase<T>) -> Result<(), SuspensionReason> {
		let from = Self::provider_jurisdiction(&purchase.provider)
			.ok_or(SuspensionReason::ProviderNotRegistered)?;
		let to = Self::buyer_jurisdiction(&purchase.buyer)
			.ok_or(SuspensionReason::BuyerNotRegistered)?;
		let registered = match purchase.device {
			Some(device) => Self::ensure_active_device(device, None)
				.map_err(|_| SuspensionReason::DeviceNotActive)?,
			None => None,
		};
		let subject = Self::effective_subject(registered, &purchase.subject)
			.map_err(|_| SuspensionReason::ConsentMissing)?;
		if let Some(subject) = subject {
			T::Consent::permitted(&subject, &purchase.provider, purchase.purpose, from, to)
				.map_err(Self::suspension_reason)?;
		}
		Ok(())
	}

	/// What checking `purchase`'s consent weighs now: the weight charged for the worst case is
	/// refunded down to it. A device that gained a subject since is charged its worst case.
	fn consent_check_weight(device: Option<DeviceId>, declared: Option<&T::AccountId>) -> Weight {
		let registered = device.and_then(|device| T::Registry::device(device)?.subject);
		match registered.as_ref().or(declared) {
			Some(subject) => T::Consent::permitted_weight_of(subject),
			None => Weight::zero(),
		}
	}

	/// Makes a purchase; its id and what its consent check weighed.
	pub(crate) fn do_purchase(
		buyer: T::AccountId,
		order: Order<BalanceOf<T>>,
	) -> Result<(PurchaseId, Weight), DispatchError> {
		let Order { listing: listing_id, epochs, purpose, buyer_key, max_price_per_epoch, listing_version } =
			order;
		let to = Self::buyer_jurisdiction(&buyer).ok_or(Error::<T>::NotBuyer)?;
		let listing = Listings::<T>::get(listing_id).ok_or(Error::<T>::UnknownListing)?;
		ensure!(listing.provider != buyer, Error::<T>::OwnListing);
		ensure!(listing.version == listing_version, Error::<T>::ListingChanged);
		ensure!(listing.price <= max_price_per_epoch, Error::<T>::PriceAboveLimit);
		ensure!(listing.purposes.contains(&purpose), Error::<T>::PurposeNotOffered);
		let epoch_length = match listing.kind {
			ListingKind::Dataset => {
				ensure!(epochs == 1, Error::<T>::InvalidEpochs);
				T::DatasetDeliveryPeriod::get()
			},
			ListingKind::Stream { epoch_length } => {
				ensure!(epochs >= 1 && epochs <= T::MaxEpochs::get(), Error::<T>::InvalidEpochs);
				epoch_length
			},
		};
		let from =
			Self::provider_jurisdiction(&listing.provider).ok_or(Error::<T>::ProviderNotRegistered)?;
		let registered = match listing.device {
			Some(device) => Self::ensure_active_device(device, None)?,
			None => None,
		};
		let subject = Self::effective_subject(registered, &listing.subject)?;
		let consent_weight = Self::consent_check_weight(listing.device, listing.subject.as_ref());
		if let Some(subject) = &subject {
			T::Consent::permitted(subject, &listing.provider, purpose, from, to)
				.map_err(Self::consent_error)?;
		}
		let escrow = listing
			.price
			.checked_mul(&BalanceOf::<T>::from(epochs))
			.ok_or(Error::<T>::Overflow)?;
		let id = NextPurchaseId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = T::PurchaseDeposit::get();
		T::Currency::hold(&HoldReason::Escrow.into(), &buyer, escrow)?;
		T::Currency::hold(&HoldReason::PurchaseDeposit.into(), &buyer, deposit)?;

		let purchase = Purchase {
			listing: listing_id,
			provider: listing.provider.clone(),
			buyer: buyer.clone(),
			purpose,
			buyer_key,
			subject: listing.subject,
			device: listing.device,
			start: frame_system::Pallet::<T>::block_number(),
			epoch_length,
			epochs,
			price_per_epoch: listing.price,
			escrow,
			deposit,
			key_epochs: BoundedVec::new(),
			delivered: BoundedVec::new(),
			suspended_from: None,
			state: PurchaseState::Open,
		};
		Purchases::<T>::insert(id, purchase);
		ProviderPurchases::<T>::insert(&listing.provider, id, ());
		NextPurchaseId::<T>::put(next);
		Self::deposit_event(Event::Purchased { purchase: id, listing: listing_id, buyer, escrow });
		Ok((id, consent_weight))
	}

	/// Purchase `id`, open, if `provider` sells it, with its listing, which must be open too.
	pub(crate) fn open_purchase_of(
		provider: &T::AccountId,
		id: PurchaseId,
	) -> Result<(Purchase<T>, Listing<T>), DispatchError> {
		let purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		ensure!(purchase.provider == *provider, Error::<T>::NotPurchaseProvider);
		ensure!(purchase.state.is_open(), Error::<T>::NotOpen);
		let listing = Listings::<T>::get(purchase.listing).ok_or(Error::<T>::ListingClosed)?;
		Ok((purchase, listing))
	}

	/// Confirms a delivery (or suspends the purchase); what its consent check weighed.
	pub(crate) fn do_confirm_delivery(
		provider: T::AccountId,
		id: PurchaseId,
		delivery: Delivery,
	) -> Result<Weight, DispatchError> {
		let mut purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		ensure!(purchase.provider == provider, Error::<T>::NotPurchaseProvider);
		ensure!(delivery.epoch < purchase.epochs, Error::<T>::InvalidEpoch);
		// A dispute stops deliveries, not the confirmation of what was under way before it: a
		// buyer cannot make an epoch it received free by disputing before it is confirmed.
		let confirmable = match purchase.state {
			PurchaseState::Open => true,
			PurchaseState::Disputed { at, .. } => Self::epoch_start(&purchase, delivery.epoch) < at,
			PurchaseState::Settled { .. } => false,
		};
		ensure!(confirmable, Error::<T>::NotOpen);
		let listing = Listings::<T>::get(purchase.listing).ok_or(Error::<T>::ListingClosed)?;
		let is_stream = matches!(listing.kind, ListingKind::Stream { .. });
		ensure!(!purchase.key_epochs.is_empty(), Error::<T>::KeyNotDelivered);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			Self::confirmable_from(&purchase, delivery.epoch, is_stream) <= now,
			Error::<T>::EpochNotEnded
		);
		ensure!(
			now <= Self::confirmable_until(&purchase, delivery.epoch),
			Error::<T>::ConfirmationClosed
		);
		let confirmed = purchase.delivered.iter().any(|done| done.epoch == delivery.epoch);
		ensure!(!confirmed, Error::<T>::AlreadyConfirmed);
		ensure!(purchase.suspended_from.is_none(), Error::<T>::Suspended);
		ensure!(delivery.message_count > 0, Error::<T>::NothingDelivered);

		let consent_weight = Self::consent_check_weight(purchase.device, purchase.subject.as_ref());
		if let Err(reason) = Self::still_permitted(&purchase) {
			purchase.suspended_from = Some(delivery.epoch);
			Purchases::<T>::insert(id, purchase);
			Self::deposit_event(Event::PurchaseSuspended {
				purchase: id,
				from_epoch: delivery.epoch,
				reason,
			});
			return Ok(consent_weight);
		}
		// At most `epochs` ≤ `MaxEpochs` distinct epochs: the push cannot fail.
		purchase.delivered.try_push(delivery).map_err(|_| Error::<T>::InvalidEpoch)?;
		Purchases::<T>::insert(id, purchase);
		Self::deposit_event(Event::DeliveryConfirmed { purchase: id, delivery });
		Ok(consent_weight)
	}
}
