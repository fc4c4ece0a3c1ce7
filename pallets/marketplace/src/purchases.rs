//! Purchases: escrow gated on consent, transfer rules and the source device; key delivery and
//! delivery confirmations.

use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::MutateHold, Get},
	weights::Weight,
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use msec_primitives::{ConsentInspect, ConsentRefusal, Purpose, RegistryInspect};
use sp_runtime::{
	traits::{CheckedMul, Saturating},
	DispatchError,
};

use crate::*;

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

	/// Whether the purchase may go on now: its consent (for personal data) and its source
	/// device; why not, as a suspension reason.
	pub fn still_permitted(purchase: &Purchase<T>) -> Result<(), SuspensionReason> {
		if let Some(subject) = &purchase.subject {
			let (from, to) = purchase.route;
			T::Consent::permitted(subject, &purchase.provider, purchase.purpose, from, to)
				.map_err(|refusal| match refusal {
					ConsentRefusal::Withdrawn => SuspensionReason::ConsentWithdrawn,
					ConsentRefusal::Expired => SuspensionReason::ConsentExpired,
					ConsentRefusal::Missing | ConsentRefusal::TransferNotAllowed => {
						SuspensionReason::ConsentMissing
					},
				})?;
		}
		if let Some(device) = purchase.device {
			Self::ensure_active_device(device, None)
				.map_err(|_| SuspensionReason::DeviceNotActive)?;
		}
		Ok(())
	}

	/// What checking `subject`'s consent weighs now (nothing without a subject): the weight
	/// charged for the worst case is refunded down to it.
	fn consent_check_weight(subject: Option<&T::AccountId>) -> Weight {
		subject.map_or(Weight::zero(), T::Consent::permitted_weight_of)
	}

	/// Makes a purchase; its id and what its consent check weighed.
	pub(crate) fn do_purchase(
		buyer: T::AccountId,
		listing_id: ListingId,
		epochs: u32,
		purpose: Purpose,
		buyer_key: [u8; 32],
	) -> Result<(PurchaseId, Weight), DispatchError> {
		let (buyer_jurisdiction, roles) =
			T::Registry::participant(&buyer).ok_or(Error::<T>::NotBuyer)?;
		ensure!(roles.buyer, Error::<T>::NotBuyer);
		let listing = Listings::<T>::get(listing_id).ok_or(Error::<T>::UnknownListing)?;
		ensure!(listing.provider != buyer, Error::<T>::OwnListing);
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
		let route = (listing.jurisdiction, buyer_jurisdiction);
		let consent_weight = Self::consent_check_weight(listing.subject.as_ref());
		if let Some(subject) = &listing.subject {
			T::Consent::permitted(subject, &listing.provider, purpose, route.0, route.1)
				.map_err(Self::consent_error)?;
		}
		if let Some(device) = listing.device {
			Self::ensure_active_device(device, None)?;
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
			provider: listing.provider,
			buyer: buyer.clone(),
			purpose,
			buyer_key,
			subject: listing.subject,
			device: listing.device,
			route,
			start: frame_system::Pallet::<T>::block_number(),
			epoch_length,
			epochs,
			price_per_epoch: listing.price,
			escrow,
			deposit,
			wrapped_key: None,
			delivered: BoundedVec::new(),
			suspended_from: None,
			state: PurchaseState::Open,
		};
		Purchases::<T>::insert(id, purchase);
		NextPurchaseId::<T>::put(next);
		Self::deposit_event(Event::Purchased { purchase: id, listing: listing_id, buyer, escrow });
		Ok((id, consent_weight))
	}

	/// Purchase `id`, open, if `provider` sells it.
	fn open_purchase_of(
		provider: &T::AccountId,
		id: PurchaseId,
	) -> Result<Purchase<T>, DispatchError> {
		let purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		ensure!(purchase.provider == *provider, Error::<T>::NotPurchaseProvider);
		ensure!(purchase.state == PurchaseState::Open, Error::<T>::NotOpen);
		Ok(purchase)
	}

	pub(crate) fn do_deliver_key(
		provider: T::AccountId,
		id: PurchaseId,
		wrapped_key: BoundedVec<u8, T::MaxWrappedKeyLen>,
	) -> DispatchResult {
		let mut purchase = Self::open_purchase_of(&provider, id)?;

		purchase.wrapped_key = Some(wrapped_key.clone());
		Purchases::<T>::insert(id, purchase);
		Self::deposit_event(Event::KeyDelivered { purchase: id, wrapped_key });
		Ok(())
	}

	/// The first block of `epoch`.
	pub fn epoch_start(purchase: &Purchase<T>, epoch: u32) -> BlockNumberFor<T> {
		purchase
			.start
			.saturating_add(purchase.epoch_length.saturating_mul(BlockNumberFor::<T>::from(epoch)))
	}

	/// Confirms a delivery (or suspends the purchase); what its consent check weighed.
	pub(crate) fn do_confirm_delivery(
		provider: T::AccountId,
		id: PurchaseId,
		delivery: Delivery,
	) -> Result<Weight, DispatchError> {
		let mut purchase = Self::open_purchase_of(&provider, id)?;
		ensure!(purchase.wrapped_key.is_some(), Error::<T>::KeyNotDelivered);
		ensure!(delivery.epoch < purchase.epochs, Error::<T>::InvalidEpoch);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(Self::epoch_start(&purchase, delivery.epoch) <= now, Error::<T>::EpochNotStarted);
		let confirmed = purchase.delivered.iter().any(|done| done.epoch == delivery.epoch);
		ensure!(!confirmed, Error::<T>::AlreadyConfirmed);
		ensure!(purchase.suspended_from.is_none(), Error::<T>::Suspended);

		let consent_weight = Self::consent_check_weight(purchase.subject.as_ref());
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
