//! Content keys: the provider's node records each new key's epoch and commitment on the
//! listing (`rekey`, in listings.rs) and delivers it, wrapped, to each entitled buyer. A
//! purchase keeps every epoch's key it was given, so its buyer reads all it paid for.

use frame_support::{ensure, pallet_prelude::DispatchResult};

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_deliver_key(
		provider: T::AccountId,
		id: PurchaseId,
		epoch: KeyEpoch,
		wrapped: WrappedKeyOf<T>,
	) -> DispatchResult {
		let (mut purchase, listing) = Self::open_purchase_of(&provider, id)?;
		ensure!(purchase.suspended_from.is_none(), Error::<T>::Suspended);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= Self::delivery_deadline(&purchase), Error::<T>::DeliveryClosed);
		let current = listing.key.ok_or(Error::<T>::NoContentKey)?;
		ensure!(current.epoch == epoch, Error::<T>::NotCurrentKeyEpoch);
		ensure!(!purchase.key_epochs.contains(&epoch), Error::<T>::KeyAlreadyDelivered);

		// A full purchase gives up its oldest key in state; the event below keeps every one.
		let end = purchase.key_epochs.len();
		let given_up = purchase
			.key_epochs
			.force_insert_keep_right(end, epoch)
			.map_err(|_| Error::<T>::Overflow)?;

		if let Some(oldest) = given_up {
			PurchaseKeys::<T>::remove(id, oldest);
		}
		let delivered = DeliveredKey { commitment: current.commitment, wrapped: wrapped.clone() };
		PurchaseKeys::<T>::insert(id, epoch, delivered);
		Purchases::<T>::insert(id, purchase);
		Self::deposit_event(Event::KeyDelivered {
			purchase: id,
			epoch,
			commitment: current.commitment,
			wrapped_key: wrapped,
		});
		Ok(())
	}

	/// Removes `purchase`'s keys from state, with the purchase record.
	pub(crate) fn remove_keys(id: PurchaseId, purchase: &Purchase<T>) {
		for epoch in &purchase.key_epochs {
			PurchaseKeys::<T>::remove(id, epoch);
		}
	}
}
