//! Settlement and disputes: escrow never stays held forever, and every way out is tested.
//! Purchases start at block 1; epoch e is confirmed from block 13 + 10e.

use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{InspectHold, Mutate},
};
use msec_primitives::{ConsentRefusal, Purpose};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill, TokenError};

use crate::{
	mock::*, Error, Event, HoldReason, ListingKind, PurchaseState, Purchases, Reputations,
};

/// Delivers the key and confirms the first `epochs` epochs, each in its window.
fn deliver_epochs(id: u64, epochs: u32) {
	deliver(id);
	for epoch in 0..epochs {
		run_to(confirmable(id, epoch));
		assert_ok!(confirm(id, epoch, 1));
	}
}

fn settle(id: u64) -> sp_runtime::DispatchResult {
	Marketplace::settle(RuntimeOrigin::signed(STRANGER), id)
}

fn dispute(id: u64) -> sp_runtime::DispatchResult {
	Marketplace::dispute(RuntimeOrigin::signed(BUYER), id, H256::repeat_byte(4))
}

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Marketplace(reason), &who)
}

#[test]
fn settlement_pays_delivered_epochs_and_refunds_the_rest() {
	build_and_execute(|| {
		let id = bought(3);
		deliver_epochs(id, 2);
		let (provider_before, buyer_before) = (free(PROVIDER), free(BUYER));
		let opens = after_dispute_window(id);
		run_to(opens - 1);
		assert_noop!(settle(id), Error::<Test>::TooEarly);
		run_to(opens);
		assert_ok!(settle(id));

		// Two epochs delivered: 200, of which 10% is the fee; the third epoch is refunded.
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: id, paid: 180, fee: 20, refunded: 100 }
		);
		assert_eq!(free(PROVIDER) - provider_before, 180);
		assert_eq!(free(BUYER) - buyer_before, 100);
		assert_eq!(
			free(Marketplace::fee_account()),
			ED + 20,
			"the existential deposit from genesis, and the fee"
		);
		assert_eq!(held(HoldReason::Escrow, BUYER), 0, "exactly the escrow moved");
		assert_eq!(Purchases::<Test>::get(id).unwrap().state, PurchaseState::Settled { at: opens });
		assert_noop!(settle(id), Error::<Test>::NotOpen);
		assert_noop!(settle(9), Error::<Test>::UnknownPurchase);
	});
}

#[test]
fn suspended_epochs_are_refunded() {
	build_and_execute(|| {
		let id = bought(2);
		deliver_epochs(id, 1);
		set_consent(BUYER, Purpose::PublicBenefit, Err(ConsentRefusal::Withdrawn));
		run_to(confirmable(id, 1));
		assert_ok!(confirm(id, 1, 1));
		run_to(after_dispute_window(id));
		assert_ok!(settle(id));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: id, paid: 90, fee: 10, refunded: 100 }
		);
	});
}

#[test]
fn a_dispute_holds_escrow_and_bond_until_the_arbiter_decides() {
	build_and_execute(|| {
		let id = bought(2);
		deliver_epochs(id, 2);
		assert_noop!(
			Marketplace::dispute(RuntimeOrigin::signed(STRANGER), id, H256::zero()),
			Error::<Test>::NotPurchaseBuyer
		);
		let at = System::block_number();
		assert_ok!(dispute(id));
		assert_eq!(
			last_event(),
			Event::PurchaseDisputed { purchase: id, reason: H256::repeat_byte(4), bond: BOND }
		);
		assert_eq!(held(HoldReason::DisputeBond, BUYER), BOND);
		assert_eq!(
			Purchases::<Test>::get(id).unwrap().state,
			PurchaseState::Disputed { reason: H256::repeat_byte(4), at, bond: BOND }
		);
		assert_noop!(settle(id), Error::<Test>::TooEarly);
		assert_noop!(
			Marketplace::resolve_dispute(RuntimeOrigin::signed(BUYER), id, Perbill::one()),
			DispatchError::BadOrigin
		);

		let buyer_before = free(BUYER);
		assert_ok!(Marketplace::resolve_dispute(
			RuntimeOrigin::signed(ARBITER),
			id,
			Perbill::from_percent(75)
		));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: id, paid: 45, fee: 5, refunded: 150 }
		);
		assert_eq!(free(BUYER) - buyer_before, 150 + BOND, "the refund, and the bond back");
		assert_eq!(held(HoldReason::DisputeBond, BUYER), 0);
		assert_noop!(
			Marketplace::resolve_dispute(RuntimeOrigin::signed(ARBITER), id, Perbill::one()),
			Error::<Test>::NotDisputed
		);
		assert_noop!(
			Marketplace::resolve_dispute(RuntimeOrigin::signed(ARBITER), 9, Perbill::one()),
			Error::<Test>::UnknownPurchase
		);
	});
}

/// The review's L11: disputes were free, so any buyer froze any payout.
#[test]
fn buyer_cannot_dispute_for_free() {
	build_and_execute(|| {
		set_consent(BUYER, Purpose::PublicBenefit, Ok(0));
		let listing = crate::NextListingId::<Test>::get();
		assert_ok!(Marketplace::create_listing(
			RuntimeOrigin::signed(PROVIDER),
			ListingKind::Dataset,
			H256::zero(),
			10,
			purposes(&[Purpose::PublicBenefit]),
			None,
			None,
		));
		// POOR_BUYER can pay for the purchase but not for the bond.
		assert_ok!(buy(POOR_BUYER, listing, 1, Purpose::PublicBenefit));
		let spare = free(POOR_BUYER) - ED;
		assert_ok!(Balances::transfer(&POOR_BUYER, &STRANGER, spare - (BOND - 1), frame_support::traits::tokens::Preservation::Preserve));
		assert_noop!(
			Marketplace::dispute(RuntimeOrigin::signed(POOR_BUYER), 0, H256::zero()),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn an_arbiter_that_does_not_decide_leaves_the_default_outcome() {
	build_and_execute(|| {
		let id = bought(2);
		deliver_epochs(id, 1);
		let at = System::block_number();
		assert_ok!(dispute(id));
		let purchase = Purchases::<Test>::get(id).unwrap();
		let deadline = Marketplace::arbitration_deadline(&purchase, at);
		assert_eq!(deadline, Marketplace::delivery_deadline(&purchase) + ARBITRATION);
		run_to(deadline);
		assert_noop!(settle(id), Error::<Test>::TooEarly);
		run_to(deadline + 1);
		let buyer_before = free(BUYER);
		assert_ok!(settle(id));
		// The chain's own rule: one epoch delivered and paid, one refunded, the bond back.
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: id, paid: 90, fee: 10, refunded: 100 }
		);
		assert_eq!(free(BUYER) - buyer_before, 100 + BOND);
		assert_eq!(held(HoldReason::DisputeBond, BUYER), 0);
	});
}

#[test]
fn the_arbiter_refunds_nothing_or_everything() {
	build_and_execute(|| {
		let id = bought(2);
		assert_ok!(dispute(id));
		let provider_before = free(PROVIDER);
		assert_ok!(Marketplace::resolve_dispute(
			RuntimeOrigin::signed(ARBITER),
			id,
			Perbill::zero()
		));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: id, paid: 180, fee: 20, refunded: 0 }
		);
		assert_eq!(free(PROVIDER) - provider_before, 180 + BOND, "a lost dispute's bond too");

		set_consent(BUYER, Purpose::PublicBenefit, Ok(0));
		let second = crate::NextPurchaseId::<Test>::get();
		assert_ok!(buy(BUYER, 0, 2, Purpose::PublicBenefit));
		assert_ok!(dispute(second));
		let buyer_before = free(BUYER);
		assert_ok!(Marketplace::resolve_dispute(
			RuntimeOrigin::signed(ARBITER),
			second,
			Perbill::one()
		));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: second, paid: 0, fee: 0, refunded: 200 }
		);
		assert_eq!(free(BUYER) - buyer_before, 200 + BOND);
	});
}

#[test]
fn disputes_close_with_the_window() {
	build_and_execute(|| {
		let id = bought(1);
		run_to(after_dispute_window(id));
		assert_noop!(dispute(id), Error::<Test>::DisputeWindowClosed);
		assert_noop!(dispute(9), Error::<Test>::UnknownPurchase);
		assert_ok!(settle(id));
		assert_noop!(dispute(id), Error::<Test>::NotOpen);
	});
}

#[test]
fn the_buyer_rates_a_settled_purchase_once() {
	build_and_execute(|| {
		let id = bought(1);
		let rate = |who: u64, score: u8| Marketplace::rate(RuntimeOrigin::signed(who), id, score);
		assert_noop!(rate(BUYER, 5), Error::<Test>::NotSettled);
		run_to(after_dispute_window(id));
		assert_ok!(settle(id));
		assert_noop!(rate(STRANGER, 5), Error::<Test>::NotPurchaseBuyer);
		assert_noop!(rate(BUYER, 0), Error::<Test>::InvalidScore);
		assert_noop!(rate(BUYER, 6), Error::<Test>::InvalidScore);
		assert_ok!(rate(BUYER, 4));
		assert_eq!(last_event(), Event::Rated { purchase: id, provider: PROVIDER, score: 4 });
		assert_eq!(Reputations::<Test>::get(PROVIDER), crate::Reputation { count: 1, sum: 4 });
		assert_eq!(Purchases::<Test>::get(id), None);
		assert_eq!(held(HoldReason::PurchaseDeposit, BUYER), 0);
		assert_noop!(rate(BUYER, 4), Error::<Test>::UnknownPurchase);
	});
}

/// The review's L10: the deposit came back only through a (coerced) rating.
#[test]
fn a_buyer_gets_the_deposit_back_without_rating() {
	build_and_execute(|| {
		let id = bought(1);
		let remove = |who: u64| Marketplace::remove_purchase(RuntimeOrigin::signed(who), id);
		assert_noop!(remove(BUYER), Error::<Test>::NotSettled);
		run_to(after_dispute_window(id));
		assert_ok!(settle(id));
		assert_noop!(remove(STRANGER), Error::<Test>::RecordRetained);
		assert_ok!(remove(BUYER));
		assert_eq!(last_event(), Event::PurchaseRemoved { purchase: id });
		assert_eq!(held(HoldReason::PurchaseDeposit, BUYER), 0);
		assert_eq!(Reputations::<Test>::get(PROVIDER).count, 0, "no rating was forced");
		assert_noop!(remove(BUYER), Error::<Test>::UnknownPurchase);
	});
}

/// A record outliving its buyer's interest is cleared by anyone; the deposit goes to the
/// buyer, never to whoever cleared it.
#[test]
fn anyone_removes_a_record_after_its_retention() {
	build_and_execute(|| {
		let id = bought(1);
		let settled_at = after_dispute_window(id);
		run_to(settled_at);
		assert_ok!(settle(id));
		run_to(settled_at + RETENTION);
		assert_noop!(
			Marketplace::remove_purchase(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::RecordRetained
		);
		run_to(settled_at + RETENTION + 1);
		let (buyer_before, stranger_before) = (free(BUYER), free(STRANGER));
		assert_ok!(Marketplace::remove_purchase(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(free(BUYER) - buyer_before, PURCHASE_DEPOSIT);
		assert_eq!(free(STRANGER), stranger_before);
	});
}

/// The review's L11: `settle` failed when the provider's account had been reaped and its
/// share was below the existential deposit.
#[test]
fn settlement_never_waits_on_a_reaped_provider() {
	build_and_execute(|| {
		let listing = crate::NextListingId::<Test>::get();
		assert_ok!(Marketplace::create_listing(
			RuntimeOrigin::signed(TRADER),
			ListingKind::Dataset,
			H256::zero(),
			ED - 1,
			purposes(&[Purpose::PublicBenefit]),
			None,
			None,
		));
		assert_ok!(Marketplace::rekey(RuntimeOrigin::signed(TRADER), listing, 0, commitment(0)));
		assert_ok!(buy(BUYER, listing, 1, Purpose::PublicBenefit));
		assert_ok!(Marketplace::deliver_key(
			RuntimeOrigin::signed(TRADER),
			0,
			0,
			wrapped_key()
		));
		assert_ok!(Marketplace::confirm_delivery(
			RuntimeOrigin::signed(TRADER),
			0,
			0,
			3,
			H256::zero()
		));
		assert_ok!(Marketplace::close_listing(RuntimeOrigin::signed(TRADER), listing));
		let everything = free(TRADER);
		assert_ok!(Balances::transfer(
			&TRADER,
			&STRANGER,
			everything,
			frame_support::traits::tokens::Preservation::Expendable
		));
		assert_eq!(System::account_exists(&TRADER), false);
		run_to(after_dispute_window(0));
		let fees_before = free(Marketplace::fee_account());
		assert_ok!(settle(0));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: 0, paid: 0, fee: ED - 1, refunded: 0 }
		);
		assert_eq!(free(Marketplace::fee_account()) - fees_before, ED - 1);
	});
}

/// The review of this change: a buyer disputing in the last block of an epoch, before its
/// confirmation could land, made the epoch free when the arbiter stayed silent.
#[test]
fn buyer_cannot_make_a_received_epoch_free_by_disputing_before_its_confirmation() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id);
		// Epoch 0 runs in blocks 1 to 10; the buyer disputes in its last block.
		run_to(10);
		assert_ok!(dispute(id));
		// The provider still confirms what was under way before the dispute, not what came
		// after it.
		run_to(confirmable(id, 0));
		assert_ok!(confirm(id, 0, 7));
		run_to(confirmable(id, 1));
		assert_noop!(confirm(id, 1, 7), Error::<Test>::NotOpen);
		let purchase = Purchases::<Test>::get(id).unwrap();
		run_to(Marketplace::arbitration_deadline(&purchase, 10) + 1);
		assert_ok!(settle(id));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: id, paid: 90, fee: 10, refunded: 100 }
		);
	});
}

/// The review of this change: the council spending the fee account below the existential
/// deposit made every settlement with a fee under that deposit fail.
#[test]
fn an_emptied_fee_account_does_not_block_settlements() {
	build_and_execute(|| {
		let listing = crate::NextListingId::<Test>::get();
		assert_ok!(Marketplace::create_listing(
			RuntimeOrigin::signed(PROVIDER),
			ListingKind::Dataset,
			H256::zero(),
			40,
			purposes(&[Purpose::PublicBenefit]),
			None,
			None,
		));
		assert_ok!(Marketplace::rekey(RuntimeOrigin::signed(PROVIDER), listing, 0, commitment(0)));
		assert_ok!(buy(BUYER, listing, 1, Purpose::PublicBenefit));
		deliver(0);
		assert_ok!(confirm(0, 0, 3));
		let fees = Marketplace::fee_account();
		let all = free(fees);
		assert_ok!(Balances::transfer(
			&fees,
			&STRANGER,
			all,
			frame_support::traits::tokens::Preservation::Expendable
		));
		// The fee, 4, could not recreate the account (existential deposit 5): the provider
		// keeps it and the settlement goes through.
		run_to(after_dispute_window(0));
		let provider_before = free(PROVIDER);
		assert_ok!(settle(0));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: 0, paid: 40, fee: 0, refunded: 0 }
		);
		assert_eq!(free(PROVIDER) - provider_before, 40);
	});
}
