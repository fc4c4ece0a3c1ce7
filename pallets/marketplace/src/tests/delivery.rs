//! Confirmations: only of epochs that ended, within their deadline, with something delivered,
//! while the purchase is open and still allowed. Purchases start at block 1; with EPOCH = 10,
//! DELAY = 2 and CONFIRM_PERIOD = 4, epoch 0 is confirmed in blocks 13 to 17.

use frame_support::{assert_noop, assert_ok};
use msec_primitives::{ConsentRefusal, CountryCode, DeviceStatus, Jurisdiction, Purpose};
use sp_core::H256;

use crate::{mock::*, Delivery, Error, Event, Purchases, SuspensionReason};

fn suspended(id: u64, from_epoch: u32, reason: SuspensionReason) -> Event<Test> {
	Event::PurchaseSuspended { purchase: id, from_epoch, reason }
}

#[test]
fn the_provider_confirms_ended_epochs_in_their_window() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id);
		assert_eq!((confirmable(id, 0), confirmable(id, 1)), (13, 23));
		run_to(13);
		assert_ok!(confirm(id, 0, 60));
		let delivery = Delivery { epoch: 0, message_count: 60, digest: H256::repeat_byte(0x22) };
		assert_eq!(last_event(), Event::DeliveryConfirmed { purchase: id, delivery });
		run_to(23 + CONFIRM_PERIOD);
		assert_ok!(confirm(id, 1, 1));
		assert_eq!(Purchases::<Test>::get(id).unwrap().delivered.len(), 2);
	});
}

#[test]
fn confirmations_are_checked() {
	build_and_execute(|| {
		let id = bought(2);
		run_to(13);
		assert_noop!(
			Marketplace::confirm_delivery(RuntimeOrigin::signed(PROVIDER), 9, 0, 1, H256::zero()),
			Error::<Test>::UnknownPurchase
		);
		assert_noop!(confirm(id, 0, 1), Error::<Test>::KeyNotDelivered);
		deliver(id);
		assert_noop!(confirm(id, 2, 1), Error::<Test>::InvalidEpoch);
		assert_noop!(confirm(id, 1, 1), Error::<Test>::EpochNotEnded);
		assert_ok!(confirm(id, 0, 1));
		assert_noop!(confirm(id, 0, 1), Error::<Test>::AlreadyConfirmed);
		assert_noop!(
			Marketplace::confirm_delivery(
				RuntimeOrigin::signed(OTHER_PROVIDER),
				id,
				0,
				1,
				H256::zero()
			),
			Error::<Test>::NotPurchaseProvider
		);
	});
}

/// The review's H1 and P1: a confirmation was accepted as soon as the epoch started.
#[test]
fn provider_cannot_confirm_an_epoch_before_it_ends() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id);
		for early in [1, 10, 11, 12] {
			run_to(early);
			assert_noop!(confirm(id, 0, 60), Error::<Test>::EpochNotEnded);
		}
	});
}

/// The review's H1: after the dispute window, a garbage key and confirmations of every epoch
/// were accepted and `settle` paid the provider the whole escrow.
#[test]
fn provider_cannot_confirm_after_dispute_window() {
	build_and_execute(|| {
		let id = bought(2);
		let settles_at = after_dispute_window(id);
		run_to(settles_at);
		assert_noop!(
			Marketplace::deliver_key(RuntimeOrigin::signed(PROVIDER), id, 0, wrapped_key()),
			Error::<Test>::DeliveryClosed
		);
		assert_noop!(confirm(id, 0, 60), Error::<Test>::KeyNotDelivered);
		// Even with a key delivered in time, a late confirmation is refused.
		run_to(1);
		deliver(id);
		run_to(settles_at);
		assert_noop!(confirm(id, 0, 60), Error::<Test>::ConfirmationClosed);
		assert_noop!(confirm(id, 1, 60), Error::<Test>::ConfirmationClosed);
		let buyer_before = free(BUYER);
		assert_ok!(Marketplace::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: id, paid: 0, fee: 0, refunded: 2 * PRICE }
		);
		assert_eq!(free(BUYER) - buyer_before, 2 * PRICE, "the buyer got everything back");
	});
}

/// A confirmation at its deadline still leaves the buyer the whole dispute window.
#[test]
fn provider_cannot_confirm_in_the_last_block_of_the_dispute_window() {
	build_and_execute(|| {
		let id = bought(1);
		deliver(id);
		let purchase = Purchases::<Test>::get(id).unwrap();
		let deadline = Marketplace::confirmable_until(&purchase, 0);
		run_to(deadline + 1);
		assert_noop!(confirm(id, 0, 60), Error::<Test>::ConfirmationClosed);
		run_to(deadline);
		assert_ok!(confirm(id, 0, 60));
		// The buyer disputes in the window's last block.
		run_to(deadline + WINDOW);
		assert_ok!(Marketplace::dispute(RuntimeOrigin::signed(BUYER), id, H256::zero()));
	});
}

/// The review's P1: epochs confirmed with zero messages were paid in full.
#[test]
fn provider_is_not_paid_for_an_empty_epoch() {
	build_and_execute(|| {
		let id = bought(1);
		deliver(id);
		run_to(13);
		assert_noop!(confirm(id, 0, 0), Error::<Test>::NothingDelivered);
	});
}

/// The review's L11: keys could still be delivered after suspension.
#[test]
fn provider_cannot_deliver_keys_to_a_suspended_purchase() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id);
		set_consent(BUYER, Purpose::PublicBenefit, Err(ConsentRefusal::Withdrawn));
		run_to(13);
		assert_ok!(confirm(id, 0, 5));
		assert_eq!(last_event(), suspended(id, 0, SuspensionReason::ConsentWithdrawn));
		assert_ok!(Marketplace::rekey(RuntimeOrigin::signed(PROVIDER), 0, 1, commitment(1)));
		assert_noop!(
			Marketplace::deliver_key(RuntimeOrigin::signed(PROVIDER), id, 1, wrapped_key()),
			Error::<Test>::Suspended
		);
	});
}

#[test]
fn provider_cannot_deliver_or_confirm_for_a_disputed_purchase() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id);
		assert_ok!(Marketplace::dispute(RuntimeOrigin::signed(BUYER), id, H256::zero()));
		run_to(13);
		assert_noop!(confirm(id, 0, 5), Error::<Test>::NotOpen);
		assert_ok!(Marketplace::rekey(RuntimeOrigin::signed(PROVIDER), 0, 1, commitment(1)));
		assert_noop!(
			Marketplace::deliver_key(RuntimeOrigin::signed(PROVIDER), id, 1, wrapped_key()),
			Error::<Test>::NotOpen
		);
	});
}

/// The review's P1: epochs after the listing was closed were confirmed and paid.
#[test]
fn provider_cannot_deliver_or_confirm_on_a_closed_listing() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id);
		assert_ok!(Marketplace::close_listing(RuntimeOrigin::signed(PROVIDER), 0));
		run_to(13);
		assert_noop!(confirm(id, 0, 5), Error::<Test>::ListingClosed);
		assert_noop!(
			Marketplace::deliver_key(RuntimeOrigin::signed(PROVIDER), id, 0, wrapped_key()),
			Error::<Test>::ListingClosed
		);
	});
}

#[test]
fn a_withdrawn_consent_suspends_the_purchase_and_tells_the_buyer() {
	build_and_execute(|| {
		let id = bought(3);
		deliver(id);
		run_to(13);
		assert_ok!(confirm(id, 0, 5));
		set_consent(BUYER, Purpose::PublicBenefit, Err(ConsentRefusal::Withdrawn));
		run_to(23);
		assert_ok!(confirm(id, 1, 5));
		assert_eq!(last_event(), suspended(id, 1, SuspensionReason::ConsentWithdrawn));
		let purchase = Purchases::<Test>::get(id).unwrap();
		assert_eq!((purchase.suspended_from, purchase.delivered.len()), (Some(1), 1));
		run_to(33);
		assert_noop!(confirm(id, 2, 5), Error::<Test>::Suspended);
	});
}

/// Buys two epochs and delivers the key; after `change`, the first confirmation is accepted
/// but suspends the purchase from that epoch on, for `reason`.
fn assert_suspended_at_confirmation(change: impl FnOnce(), reason: SuspensionReason) {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id);
		change();
		run_to(13);
		assert_ok!(confirm(id, 0, 5));
		assert_eq!(last_event(), suspended(id, 0, reason));
	});
}

#[test]
fn a_quarantined_device_suspends_the_purchase() {
	assert_suspended_at_confirmation(
		|| set_device_status(SENSOR, DeviceStatus::Quarantined),
		SuspensionReason::DeviceNotActive,
	);
}

/// The review's M7, at confirmation time.
#[test]
fn a_struck_off_provider_is_suspended_at_its_next_confirmation() {
	assert_suspended_at_confirmation(
		|| set_participant(PROVIDER, None),
		SuspensionReason::ProviderNotRegistered,
	);
}

#[test]
fn a_provider_moved_abroad_is_suspended_when_the_transfer_no_longer_holds() {
	let usa = Jurisdiction::Other(CountryCode(*b"US"));
	assert_suspended_at_confirmation(
		|| set_participant(PROVIDER, Some((usa, roles(true, false)))),
		SuspensionReason::TransferNotAllowed,
	);
}

#[test]
fn a_struck_off_buyer_is_suspended() {
	assert_suspended_at_confirmation(
		|| set_participant(BUYER, None),
		SuspensionReason::BuyerNotRegistered,
	);
}

/// A device that gained a subject after the sale needs that subject's consent from then on.
#[test]
fn a_subject_recorded_during_a_purchase_suspends_it_without_consent() {
	build_and_execute(|| {
		set_device_subject(SENSOR, None);
		let listing = stream_listing();
		let id = crate::NextPurchaseId::<Test>::get();
		assert_ok!(buy(BUYER, listing, 2, Purpose::PublicBenefit));
		deliver(id);
		set_device_subject(SENSOR, Some(SUBJECT));
		run_to(13);
		assert_ok!(confirm(id, 0, 5));
		assert_eq!(last_event(), suspended(id, 0, SuspensionReason::ConsentMissing));
	});
}

/// The delivery rule of a dataset: its key, then a confirmation of its one epoch (count and
/// digest of its ciphertexts) any time from the purchase to the deadline; the buyer
/// contests in the dispute window if the ciphertexts do not match or do not open.
/// A dataset has one deadline too: a provider cannot deliver or confirm it late and be paid.
#[test]
fn provider_cannot_deliver_or_confirm_a_dataset_after_its_deadline() {
	build_and_execute(|| {
		let listing = keyed_dataset();
		assert_ok!(buy(BUYER, listing, 1, Purpose::PublicBenefit));
		let purchase = Purchases::<Test>::get(0).unwrap();
		let deadline = Marketplace::delivery_deadline(&purchase);
		run_to(deadline + 1);
		assert_noop!(
			Marketplace::deliver_key(RuntimeOrigin::signed(PROVIDER), 0, 0, wrapped_key()),
			Error::<Test>::DeliveryClosed
		);
		run_to(1);
		deliver(0);
		let confirm_until = Marketplace::confirmable_until(&purchase, 0);
		run_to(confirm_until + 1);
		assert_noop!(confirm(0, 0, 12), Error::<Test>::ConfirmationClosed);
		run_to(confirm_until);
		assert_ok!(confirm(0, 0, 12));
	});
}

#[test]
fn a_dataset_is_confirmed_from_its_purchase_to_its_deadline() {
	build_and_execute(|| {
		let listing = keyed_dataset();
		assert_ok!(buy(BUYER, listing, 1, Purpose::PublicBenefit));
		deliver(0);
		assert_ok!(confirm(0, 0, 12));
		let purchase = Purchases::<Test>::get(0).unwrap();
		assert_eq!(
			Marketplace::delivery_deadline(&purchase),
			1 + DATASET_PERIOD + DELAY + CONFIRM_PERIOD
		);
	});
}

#[test]
fn an_expired_or_missing_consent_suspends_with_its_reason() {
	for (refusal, reason) in [
		(ConsentRefusal::Expired, SuspensionReason::ConsentExpired),
		(ConsentRefusal::Missing, SuspensionReason::ConsentMissing),
	] {
		assert_suspended_at_confirmation(
			|| set_consent(BUYER, Purpose::PublicBenefit, Err(refusal)),
			reason,
		);
	}
}

#[test]
fn a_dataset_confirmed_in_time_is_paid_at_settlement() {
	build_and_execute(|| {
		let listing = keyed_dataset();
		assert_ok!(buy(BUYER, listing, 1, Purpose::PublicBenefit));
		deliver(0);
		assert_ok!(confirm(0, 0, 12));
		run_to(after_dispute_window(0));
		assert_ok!(Marketplace::settle(RuntimeOrigin::signed(STRANGER), 0));
		assert_eq!(
			last_event(),
			Event::PurchaseSettled { purchase: 0, paid: 90, fee: 10, refunded: 0 }
		);
	});
}
