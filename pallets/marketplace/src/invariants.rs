//! What holds after every block (checked by `try_state` and after every unit test).

use alloc::collections::btree_map::BTreeMap;
use frame_support::traits::{fungible::InspectHold, Get};
use sp_runtime::{traits::Zero, Saturating, TryRuntimeError};

use crate::*;

type Sums<T> = BTreeMap<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

fn add<T: Config>(sums: &mut Sums<T>, who: &T::AccountId, amount: BalanceOf<T>) {
	let sum = sums.entry(who.clone()).or_insert_with(Zero::zero);
	*sum = sum.saturating_add(amount);
}

impl<T: Config> Pallet<T> {
	/// Checks the marketplace's invariants:
	/// - each buyer's held escrow equals the remaining escrow of their unsettled purchases, and
	///   settled purchases hold none;
	/// - held listing and purchase deposits equal the records' deposits;
	/// - listings are indexed under their providers and counted, at most
	///   `MaxListingsPerProvider` each; ids are below the next ids;
	/// - deliveries name distinct epochs of their purchase;
	/// - anonymization policies belong to open listings and are valid.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let (mut escrow, mut purchase_deposits, mut listing_deposits) =
			(Sums::<T>::new(), Sums::<T>::new(), Sums::<T>::new());
		let mut counts = BTreeMap::<T::AccountId, u32>::new();
		for (id, listing) in Listings::<T>::iter() {
			if id >= NextListingId::<T>::get()
				|| !ProviderListings::<T>::contains_key(&listing.provider, id)
			{
				return Err("a listing is not indexed under its provider".into());
			}
			add::<T>(&mut listing_deposits, &listing.provider, listing.deposit);
			let count = counts.entry(listing.provider).or_default();
			*count = count.saturating_add(1);
		}
		if ProviderListings::<T>::iter().count() != Listings::<T>::iter().count() {
			return Err("ProviderListings indexes listings that do not exist".into());
		}
		for (id, anonymization) in Anonymizations::<T>::iter() {
			if !Listings::<T>::contains_key(id) || !anonymization.policy.is_valid() {
				return Err("an anonymization policy outlived its listing or is invalid".into());
			}
		}
		for (provider, count) in ListingCount::<T>::iter() {
			if counts.get(&provider) != Some(&count) || count > T::MaxListingsPerProvider::get() {
				return Err("ListingCount differs from the provider's listings".into());
			}
		}
		for (id, purchase) in Purchases::<T>::iter() {
			if id >= NextPurchaseId::<T>::get() {
				return Err("a purchase id is not below NextPurchaseId".into());
			}
			if purchase.state == PurchaseState::Settled && !purchase.escrow.is_zero() {
				return Err("a settled purchase still holds escrow".into());
			}
			let mut epochs: alloc::vec::Vec<u32> =
				purchase.delivered.iter().map(|delivery| delivery.epoch).collect();
			epochs.sort_unstable();
			epochs.dedup();
			if epochs.len() != purchase.delivered.len()
				|| epochs.iter().any(|e| *e >= purchase.epochs)
			{
				return Err("a purchase's deliveries repeat or exceed its epochs".into());
			}
			add::<T>(&mut escrow, &purchase.buyer, purchase.escrow);
			add::<T>(&mut purchase_deposits, &purchase.buyer, purchase.deposit);
		}
		for (reason, sums) in [
			(HoldReason::Escrow, escrow),
			(HoldReason::PurchaseDeposit, purchase_deposits),
			(HoldReason::ListingDeposit, listing_deposits),
		] {
			let reason = reason.into();
			for (who, sum) in sums {
				if T::Currency::balance_on_hold(&reason, &who) != sum {
					return Err("a held amount differs from the records it backs".into());
				}
			}
		}
		Ok(())
	}
}
