//! Settlement, disputes, ratings and the removal of records: the escrow goes to the provider
//! (minus the fee) for what was delivered and back to the buyer for the rest, without minting
//! or burning anything. Every state has a way out that does not wait on the provider:
//!
//! - `Open`: anyone settles once the dispute window closed.
//! - `Disputed`: the arbiter resolves, or anyone settles by the default outcome once the
//!   arbitration period ended.
//! - `Settled`: the buyer rates or removes the record; anyone removes it once its retention
//!   ended. Its deposit always goes back to the buyer.

use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{Inspect, MutateHold},
		tokens::{DepositConsequence, Fortitude, Precision, Provenance, Restriction},
		Get,
	},
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

use crate::*;

impl<T: Config> Pallet<T> {
	/// What the delivered, payable epochs are worth: confirmed epochs before any suspension.
	/// A confirmation always carries at least one message.
	fn earned(purchase: &Purchase<T>) -> BalanceOf<T> {
		let payable = purchase
			.delivered
			.iter()
			.filter(|delivery| purchase.suspended_from.is_none_or(|from| delivery.epoch < from))
			.filter(|delivery| delivery.message_count > 0)
			.count();
		let payable = u32::try_from(payable).unwrap_or(u32::MAX);
		purchase.price_per_epoch.saturating_mul(payable.into()).min(purchase.escrow)
	}

	/// Pays `to_provider` of the escrow to the provider (minus the fee, to the marketplace)
	/// and releases the rest to the buyer; marks the purchase settled. A provider's share its
	/// account cannot take (reaped, and below the existential deposit) goes with the fee rather
	/// than blocking the buyer's refund.
	fn pay_out(
		id: PurchaseId,
		mut purchase: Purchase<T>,
		to_provider: BalanceOf<T>,
	) -> DispatchResult {
		let reason = HoldReason::Escrow.into();
		let to_provider = to_provider.min(purchase.escrow);
		let mut fee = T::MarketplaceFee::get().mul_floor(to_provider);
		let mut paid = to_provider.saturating_sub(fee);
		let refunded = purchase.escrow.saturating_sub(to_provider);
		let receivable = |who: &T::AccountId, amount: BalanceOf<T>| {
			T::Currency::can_deposit(who, amount, Provenance::Extant) == DepositConsequence::Success
		};
		if !paid.is_zero() && !receivable(&purchase.provider, paid) {
			fee = fee.saturating_add(paid);
			paid = Zero::zero();
		}
		// A fee account the council emptied below the existential deposit does not block a
		// settlement either: the provider keeps a fee too small to recreate it.
		if !fee.is_zero() && !receivable(&Self::fee_account(), fee) {
			paid = paid.saturating_add(fee);
			fee = Zero::zero();
		}
		let transfer = |dest: &T::AccountId, amount: BalanceOf<T>| {
			if amount.is_zero() {
				return Ok(());
			}
			T::Currency::transfer_on_hold(
				&reason,
				&purchase.buyer,
				dest,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)
			.map(|_| ())
		};
		transfer(&purchase.provider, paid)?;
		transfer(&Self::fee_account(), fee)?;
		if !refunded.is_zero() {
			T::Currency::release(&reason, &purchase.buyer, refunded, Precision::Exact)?;
		}

		purchase.escrow = Zero::zero();
		purchase.state = PurchaseState::Settled { at: frame_system::Pallet::<T>::block_number() };
		Purchases::<T>::insert(id, purchase);
		Self::deposit_event(Event::PurchaseSettled { purchase: id, paid, fee, refunded });
		Ok(())
	}

	/// Ends a dispute's bond: back to the buyer, or to the provider.
	fn release_bond(
		id: PurchaseId,
		purchase: &Purchase<T>,
		bond: BalanceOf<T>,
		to_buyer: bool,
	) -> DispatchResult {
		let reason = HoldReason::DisputeBond.into();
		let to = if to_buyer {
			T::Currency::release(&reason, &purchase.buyer, bond, Precision::Exact)?;
			purchase.buyer.clone()
		} else {
			T::Currency::transfer_on_hold(
				&reason,
				&purchase.buyer,
				&purchase.provider,
				bond,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
			purchase.provider.clone()
		};
		Self::deposit_event(Event::DisputeBondReleased { purchase: id, to, amount: bond });
		Ok(())
	}

	pub(crate) fn do_settle(id: PurchaseId) -> DispatchResult {
		let purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		let now = frame_system::Pallet::<T>::block_number();
		match purchase.state {
			PurchaseState::Open => {
				ensure!(now > Self::dispute_deadline(&purchase), Error::<T>::TooEarly);
			},
			// The arbiter's silence leaves the chain's own rule standing, and the bond with the
			// buyer who raised a dispute nobody judged.
			PurchaseState::Disputed { at, bond, .. } => {
				ensure!(now > Self::arbitration_deadline(&purchase, at), Error::<T>::TooEarly);
				Self::release_bond(id, &purchase, bond, true)?;
			},
			PurchaseState::Settled { .. } => return Err(Error::<T>::NotOpen.into()),
		}

		let earned = Self::earned(&purchase);
		Self::pay_out(id, purchase, earned)
	}

	pub(crate) fn do_dispute(buyer: T::AccountId, id: PurchaseId, reason: H256) -> DispatchResult {
		let mut purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		ensure!(purchase.buyer == buyer, Error::<T>::NotPurchaseBuyer);
		ensure!(purchase.state.is_open(), Error::<T>::NotOpen);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= Self::dispute_deadline(&purchase), Error::<T>::DisputeWindowClosed);
		let bond = T::DisputeBond::get();
		T::Currency::hold(&HoldReason::DisputeBond.into(), &buyer, bond)?;

		purchase.state = PurchaseState::Disputed { reason, at: now, bond };
		Purchases::<T>::insert(id, purchase);
		Self::deposit_event(Event::PurchaseDisputed { purchase: id, reason, bond });
		Ok(())
	}

	pub(crate) fn do_resolve_dispute(id: PurchaseId, refund: Perbill) -> DispatchResult {
		let purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		let PurchaseState::Disputed { bond, .. } = purchase.state else {
			return Err(Error::<T>::NotDisputed.into());
		};

		let to_buyer = refund.mul_floor(purchase.escrow);
		let to_provider = purchase.escrow.saturating_sub(to_buyer);
		Self::release_bond(id, &purchase, bond, refund >= Perbill::from_percent(50))?;
		Self::pay_out(id, purchase, to_provider)
	}

	/// Removes a settled record and its keys, releasing its deposit to the buyer.
	fn remove_record(id: PurchaseId, purchase: &Purchase<T>) -> DispatchResult {
		T::Currency::release(
			&HoldReason::PurchaseDeposit.into(),
			&purchase.buyer,
			purchase.deposit,
			Precision::BestEffort,
		)?;
		Self::remove_keys(id, purchase);
		Purchases::<T>::remove(id);
		ProviderPurchases::<T>::remove(&purchase.provider, id);
		Ok(())
	}

	pub(crate) fn do_rate(buyer: T::AccountId, id: PurchaseId, score: u8) -> DispatchResult {
		let purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		ensure!(purchase.buyer == buyer, Error::<T>::NotPurchaseBuyer);
		ensure!(purchase.state.is_settled(), Error::<T>::NotSettled);
		ensure!((1..=5).contains(&score), Error::<T>::InvalidScore);

		Self::remove_record(id, &purchase)?;
		Reputations::<T>::mutate(&purchase.provider, |reputation| {
			reputation.count = reputation.count.saturating_add(1);
			reputation.sum = reputation.sum.saturating_add(u64::from(score));
		});
		Self::deposit_event(Event::Rated { purchase: id, provider: purchase.provider, score });
		Ok(())
	}

	pub(crate) fn do_remove_purchase(who: T::AccountId, id: PurchaseId) -> DispatchResult {
		let purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		let PurchaseState::Settled { at } = purchase.state else {
			return Err(Error::<T>::NotSettled.into());
		};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			who == purchase.buyer || now > Self::retained_until(at),
			Error::<T>::RecordRetained
		);

		Self::remove_record(id, &purchase)?;
		Self::deposit_event(Event::PurchaseRemoved { purchase: id });
		Ok(())
	}
}
