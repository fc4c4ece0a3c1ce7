use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use msec_primitives::{ConsentRefusal, Purpose};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill};

use crate::{mock::*, Error, Event, HoldReason, PurchaseState, Purchases, Reputations};

fn deliver(id: u64, epochs: u32) {
	assert_ok!(Marketplace::deliver_key(RuntimeOrigin::signed(PROVIDER), id, wrapped_key()));
	for epoch in 0..epochs {
		System::set_block_number(1 + u64::from(epoch) * EPOCH);
		assert_ok!(Marketplace::confirm_delivery(
			RuntimeOrigin::signed(PROVIDER),
			id,
			epoch,
			1,
			H256::zero()
		));
	}
}

fn settle(id: u64) -> sp_runtime::DispatchResult {
	Marketplace::settle(RuntimeOrigin::signed(STRANGER), id)
}

/// The block after the dispute window of a purchase of `epochs` epochs made at block 1.
fn after_window(epochs: u64) -> u64 {
	1 + epochs * EPOCH + WINDOW + 1
}

fn escrow_held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Marketplace(HoldReason::Escrow), &who)
}

#[test]
fn settlement_pays_delivered_epochs_and_refunds_the_rest() {
	build_and_execute(|| {
		let id = bought(3);
		deliver(id, 2);
		let (provider_before, buyer_before) = (free(PROVIDER), free(BUYER));
		System::set_block_number(after_window(3) - 1);
		assert_noop!(settle(id), Error::<Test>::TooEarly);
		System::set_block_number(after_window(3));
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
			1 + 20,
			"the existential deposit from genesis, and the fee"
		);
		assert_eq!(escrow_held(BUYER), 0, "exactly the escrow moved");
		assert_eq!(Purchases::<Test>::get(id).unwrap().state, PurchaseState::Settled);
		assert_noop!(settle(id), Error::<Test>::NotOpen);
		assert_noop!(settle(9), Error::<Test>::UnknownPurchase);
	});
}

#[test]
fn suspended_epochs_are_refunded() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id, 1);
		set_consent(BUYER, Purpose::PublicBenefit, Err(ConsentRefusal::Withdrawn));
		System::set_block_number(1 + EPOCH);
		assert_ok!(Marketplace::confirm_delivery(
			RuntimeOrigin::signed(PROVIDER),
			id,
			1,
			1,
			H256::zero()
		));
		System::set_block_number(after_window(2));
		assert_ok!(settle(id));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: id, paid: 90, fee: 10, refunded: 100 }
		);
	});
}

#[test]
fn a_dispute_holds_the_escrow_until_the_arbiter_decides() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id, 2);
		assert_noop!(
			Marketplace::dispute(RuntimeOrigin::signed(STRANGER), id, H256::zero()),
			Error::<Test>::NotPurchaseBuyer
		);
		assert_ok!(Marketplace::dispute(RuntimeOrigin::signed(BUYER), id, H256::repeat_byte(4)));
		assert_eq!(
			last_event(),
			Event::PurchaseDisputed { purchase: id, reason: H256::repeat_byte(4) }
		);
		System::set_block_number(after_window(2));
		assert_noop!(settle(id), Error::<Test>::NotOpen);
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
		assert_eq!(free(BUYER) - buyer_before, 150);
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

#[test]
fn disputes_close_with_the_window() {
	build_and_execute(|| {
		let id = bought(1);
		System::set_block_number(after_window(1));
		assert_noop!(
			Marketplace::dispute(RuntimeOrigin::signed(BUYER), id, H256::zero()),
			Error::<Test>::DisputeWindowClosed
		);
		assert_noop!(
			Marketplace::dispute(RuntimeOrigin::signed(BUYER), 9, H256::zero()),
			Error::<Test>::UnknownPurchase
		);
		assert_ok!(settle(id));
		assert_noop!(
			Marketplace::dispute(RuntimeOrigin::signed(BUYER), id, H256::zero()),
			Error::<Test>::NotOpen
		);
	});
}

#[test]
fn the_buyer_rates_a_settled_purchase_once() {
	build_and_execute(|| {
		let id = bought(1);
		let rate = |who: u64, score: u8| Marketplace::rate(RuntimeOrigin::signed(who), id, score);
		assert_noop!(rate(BUYER, 5), Error::<Test>::NotSettled);
		System::set_block_number(after_window(1));
		assert_ok!(settle(id));
		assert_noop!(rate(STRANGER, 5), Error::<Test>::NotPurchaseBuyer);
		assert_noop!(rate(BUYER, 0), Error::<Test>::InvalidScore);
		assert_noop!(rate(BUYER, 6), Error::<Test>::InvalidScore);
		assert_ok!(rate(BUYER, 4));
		assert_eq!(last_event(), Event::Rated { purchase: id, provider: PROVIDER, score: 4 });
		assert_eq!(Reputations::<Test>::get(PROVIDER), crate::Reputation { count: 1, sum: 4 });
		assert_eq!(Purchases::<Test>::get(id), None);
		let deposit = RuntimeHoldReason::Marketplace(HoldReason::PurchaseDeposit);
		assert_eq!(Balances::balance_on_hold(&deposit, &BUYER), 0);
		assert_noop!(rate(BUYER, 4), Error::<Test>::UnknownPurchase);
	});
}
