//! What holds after every block (checked by `try_state` and after every unit test).

use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use frame_support::traits::{fungible::InspectHold, Get};
use sp_runtime::{traits::Zero, Saturating, TryRuntimeError};

use crate::*;

/// What the records say one account has on hold, by reason.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Held<Balance> {
	/// Escrow of its purchases.
	pub escrow: Balance,
	/// Deposits of its listings.
	pub listing_deposits: Balance,
	/// Deposits of its purchase records.
	pub purchase_deposits: Balance,
	/// Bonds of its disputes.
	pub dispute_bonds: Balance,
}

impl<Balance: Copy> Held<Balance> {
	/// What is held for `reason`.
	pub fn of(&self, reason: HoldReason) -> Balance {
		match reason {
			HoldReason::Escrow => self.escrow,
			HoldReason::ListingDeposit => self.listing_deposits,
			HoldReason::PurchaseDeposit => self.purchase_deposits,
			HoldReason::DisputeBond => self.dispute_bonds,
		}
	}
}

/// What the records say each account has on hold.
pub type ExpectedHolds<T> = BTreeMap<<T as frame_system::Config>::AccountId, Held<BalanceOf<T>>>;

fn add<T: Config>(
	sums: &mut ExpectedHolds<T>,
	who: &T::AccountId,
	reason: HoldReason,
	amount: BalanceOf<T>,
) {
	let held = sums.entry(who.clone()).or_default();
	let slot = match reason {
		HoldReason::Escrow => &mut held.escrow,
		HoldReason::ListingDeposit => &mut held.listing_deposits,
		HoldReason::PurchaseDeposit => &mut held.purchase_deposits,
		HoldReason::DisputeBond => &mut held.dispute_bonds,
	};
	*slot = slot.saturating_add(amount);
}

impl<T: Config> Pallet<T> {
	/// The holds the marketplace's records account for: escrow and deposits of purchases,
	/// bonds of disputes, deposits of listings. A hold of the marketplace's reasons on an
	/// account not in here, or of another amount, has no record behind it.
	pub fn expected_holds() -> ExpectedHolds<T> {
		let mut sums = ExpectedHolds::<T>::new();
		for (_, listing) in Listings::<T>::iter() {
			add::<T>(&mut sums, &listing.provider, HoldReason::ListingDeposit, listing.deposit);
		}
		for (_, purchase) in Purchases::<T>::iter() {
			add::<T>(&mut sums, &purchase.buyer, HoldReason::Escrow, purchase.escrow);
			add::<T>(&mut sums, &purchase.buyer, HoldReason::PurchaseDeposit, purchase.deposit);
			if let PurchaseState::Disputed { bond, .. } = purchase.state {
				add::<T>(&mut sums, &purchase.buyer, HoldReason::DisputeBond, bond);
			}
		}
		sums
	}

	/// Checks the marketplace's invariants:
	/// - each account's holds of each marketplace reason equal what its records account for
	///   ([`Self::expected_holds`]; the runtime also checks no hold is left without a record);
	/// - settled purchases hold no escrow; deliveries name distinct epochs of their purchase
	///   and at least one message each;
	/// - a purchase's keys in [`PurchaseKeys`] are exactly its `key_epochs`, and it is indexed
	///   under its provider, as every index entry names a purchase;
	/// - listings are indexed under their providers and counted, at most
	///   `MaxListingsPerProvider` each; ids are below the next ids;
	/// - anonymization policies belong to open listings and are valid.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut counts = BTreeMap::<T::AccountId, u32>::new();
		for (id, listing) in Listings::<T>::iter() {
			if id >= NextListingId::<T>::get()
				|| !ProviderListings::<T>::contains_key(&listing.provider, id)
			{
				return Err("a listing is not indexed under its provider".into());
			}
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
		let mut keys = 0usize;
		for (id, purchase) in Purchases::<T>::iter() {
			Self::check_purchase(id, &purchase)?;
			keys = keys.saturating_add(purchase.key_epochs.len());
		}
		if PurchaseKeys::<T>::iter_keys().count() != keys {
			return Err("PurchaseKeys holds keys of no purchase".into());
		}
		for (provider, id) in ProviderPurchases::<T>::iter_keys() {
			if Purchases::<T>::get(id).is_none_or(|purchase| purchase.provider != provider) {
				return Err("ProviderPurchases indexes a purchase of nobody".into());
			}
		}
		let reasons = [
			HoldReason::Escrow,
			HoldReason::ListingDeposit,
			HoldReason::PurchaseDeposit,
			HoldReason::DisputeBond,
		];
		for (who, held) in Self::expected_holds() {
			for reason in reasons {
				if T::Currency::balance_on_hold(&reason.into(), &who) != held.of(reason) {
					return Err("a held amount differs from the records it backs".into());
				}
			}
		}
		Ok(())
	}

	fn check_purchase(id: PurchaseId, purchase: &Purchase<T>) -> Result<(), TryRuntimeError> {
		if id >= NextPurchaseId::<T>::get() {
			return Err("a purchase id is not below NextPurchaseId".into());
		}
		if !ProviderPurchases::<T>::contains_key(&purchase.provider, id) {
			return Err("a purchase is not indexed under its provider".into());
		}
		if purchase.state.is_settled() && !purchase.escrow.is_zero() {
			return Err("a settled purchase still holds escrow".into());
		}
		let mut epochs: Vec<u32> = purchase.delivered.iter().map(|d| d.epoch).collect();
		epochs.sort_unstable();
		epochs.dedup();
		if epochs.len() != purchase.delivered.len()
			|| epochs.iter().any(|e| *e >= purchase.epochs)
			|| purchase.delivered.iter().any(|d| d.message_count == 0)
		{
			return Err("a purchase's deliveries repeat, exceed its epochs or are empty".into());
		}
		let stored = PurchaseKeys::<T>::iter_key_prefix(id).count();
		let listed = purchase.key_epochs.iter().all(|e| PurchaseKeys::<T>::contains_key(id, e));
		if stored != purchase.key_epochs.len() || !listed {
			return Err("a purchase's keys differ from its key epochs".into());
		}
		Ok(())
	}
}
