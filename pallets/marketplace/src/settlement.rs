//! Settlement, disputes and ratings: the escrow goes to the provider (minus the fee) for what
//! was delivered and back to the buyer for the rest, without minting or burning anything.

use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

use crate::*;

impl<T: Config> Pallet<T> {
	/// The block after which disputes close and settlement opens.
	fn dispute_deadline(purchase: &Purchase<T>) -> BlockNumberFor<T> {
		Self::epoch_start(purchase, purchase.epochs).saturating_add(Self::dispute_window())
	}

	/// What the delivered, payable epochs are worth.
	fn earned(purchase: &Purchase<T>) -> BalanceOf<T> {
		let payable = purchase
			.delivered
			.iter()
			.filter(|delivery| purchase.suspended_from.is_none_or(|from| delivery.epoch < from))
			.count();
		let payable = u32::try_from(payable).unwrap_or(u32::MAX);
		purchase.price_per_epoch.saturating_mul(payable.into()).min(purchase.escrow)
	}

	/// Pays `to_provider` of the escrow to the provider (minus the fee, to the marketplace)
	/// and releases the rest to the buyer; marks the purchase settled.
	fn pay_out(
		id: PurchaseId,
		mut purchase: Purchase<T>,
		to_provider: BalanceOf<T>,
	) -> DispatchResult {
		let reason = HoldReason::Escrow.into();
		let to_provider = to_provider.min(purchase.escrow);
		let fee = T::MarketplaceFee::get().mul_floor(to_provider);
		let paid = to_provider.saturating_sub(fee);
		let refunded = purchase.escrow.saturating_sub(to_provider);
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
		purchase.state = PurchaseState::Settled;
		Purchases::<T>::insert(id, purchase);
		Self::deposit_event(Event::PurchaseSettled { purchase: id, paid, fee, refunded });
		Ok(())
	}

	pub(crate) fn do_settle(id: PurchaseId) -> DispatchResult {
		let purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		ensure!(purchase.state == PurchaseState::Open, Error::<T>::NotOpen);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > Self::dispute_deadline(&purchase), Error::<T>::TooEarly);

		let earned = Self::earned(&purchase);
		Self::pay_out(id, purchase, earned)
	}

	pub(crate) fn do_dispute(buyer: T::AccountId, id: PurchaseId, reason: H256) -> DispatchResult {
		let mut purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		ensure!(purchase.buyer == buyer, Error::<T>::NotPurchaseBuyer);
		ensure!(purchase.state == PurchaseState::Open, Error::<T>::NotOpen);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= Self::dispute_deadline(&purchase), Error::<T>::DisputeWindowClosed);

		purchase.state = PurchaseState::Disputed { reason };
		Purchases::<T>::insert(id, purchase);
		Self::deposit_event(Event::PurchaseDisputed { purchase: id, reason });
		Ok(())
	}

	pub(crate) fn do_resolve_dispute(id: PurchaseId, refund: Perbill) -> DispatchResult {
		let purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		ensure!(matches!(purchase.state, PurchaseState::Disputed { .. }), Error::<T>::NotDisputed);

		let to_buyer = refund.mul_floor(purchase.escrow);
		let to_provider = purchase.escrow.saturating_sub(to_buyer);
		Self::pay_out(id, purchase, to_provider)
	}

	pub(crate) fn do_rate(buyer: T::AccountId, id: PurchaseId, score: u8) -> DispatchResult {
		let purchase = Purchases::<T>::get(id).ok_or(Error::<T>::UnknownPurchase)?;
		ensure!(purchase.buyer == buyer, Error::<T>::NotPurchaseBuyer);
		ensure!(purchase.state == PurchaseState::Settled, Error::<T>::NotSettled);
		ensure!((1..=5).contains(&score), Error::<T>::InvalidScore);

		T::Currency::release(
			&HoldReason::PurchaseDeposit.into(),
			&buyer,
			purchase.deposit,
			Precision::BestEffort,
		)?;
		Reputations::<T>::mutate(&purchase.provider, |reputation| {
			reputation.count = reputation.count.saturating_add(1);
			reputation.sum = reputation.sum.saturating_add(u64::from(score));
		});
		Purchases::<T>::remove(id);
		Self::deposit_event(Event::Rated { purchase: id, provider: purchase.provider, score });
		Ok(())
	}
}
