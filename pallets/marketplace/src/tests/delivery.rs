use frame_support::{assert_noop, assert_ok};
use msec_primitives::{ConsentRefusal, DeviceStatus, Purpose};
use sp_core::H256;

use crate::{mock::*, Delivery, Error, Event, Purchases, SuspensionReason};

fn confirm(
	who: u64,
	purchase: u64,
	epoch: u32,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Marketplace::confirm_delivery(
		RuntimeOrigin::signed(who),
		purchase,
		epoch,
		60,
		H256::repeat_byte(epoch as u8),
	)
}

fn deliver_key(who: u64, purchase: u64) -> sp_runtime::DispatchResult {
	Marketplace::deliver_key(RuntimeOrigin::signed(who), purchase, wrapped_key())
}

#[test]
fn the_provider_delivers_the_key_and_confirms_epochs() {
	build_and_execute(|| {
		let id = bought(2);
		assert_ok!(deliver_key(PROVIDER, id));
		assert_eq!(last_event(), Event::KeyDelivered { purchase: id, wrapped_key: wrapped_key() });
		assert_ok!(confirm(PROVIDER, id, 0));
		let delivery = Delivery { epoch: 0, message_count: 60, merkle_root: H256::repeat_byte(0) };
		assert_eq!(last_event(), Event::DeliveryConfirmed { purchase: id, delivery });
		System::set_block_number(1 + EPOCH);
		assert_ok!(confirm(PROVIDER, id, 1));
		assert_eq!(Purchases::<Test>::get(id).unwrap().delivered.len(), 2);
	});
}

#[test]
fn confirmations_are_checked() {
	build_and_execute(|| {
		let id = bought(2);
		assert_noop!(deliver_key(BUYER, id), Error::<Test>::NotPurchaseProvider);
		assert_noop!(deliver_key(PROVIDER, 9), Error::<Test>::UnknownPurchase);
		assert_noop!(confirm(PROVIDER, id, 0), Error::<Test>::KeyNotDelivered);
		assert_ok!(deliver_key(PROVIDER, id));
		assert_noop!(confirm(PROVIDER, id, 2), Error::<Test>::InvalidEpoch);
		assert_noop!(confirm(PROVIDER, id, 1), Error::<Test>::EpochNotStarted);
		assert_ok!(confirm(PROVIDER, id, 0));
		assert_noop!(confirm(PROVIDER, id, 0), Error::<Test>::AlreadyConfirmed);
		assert_noop!(confirm(OTHER_PROVIDER, id, 0), Error::<Test>::NotPurchaseProvider);
		assert_ok!(Marketplace::dispute(RuntimeOrigin::signed(BUYER), id, H256::zero()));
		assert_noop!(deliver_key(PROVIDER, id), Error::<Test>::NotOpen);
	});
}

#[test]
fn a_withdrawn_consent_suspends_the_purchase_and_tells_the_buyer() {
	build_and_execute(|| {
		let id = bought(3);
		assert_ok!(deliver_key(PROVIDER, id));
		assert_ok!(confirm(PROVIDER, id, 0));
		set_consent(BUYER, Purpose::PublicBenefit, Err(ConsentRefusal::Withdrawn));
		System::set_block_number(1 + EPOCH);
		assert_ok!(confirm(PROVIDER, id, 1));
		assert_eq!(
			last_event(),
			Event::PurchaseSuspended {
				purchase: id,
				from_epoch: 1,
				reason: SuspensionReason::ConsentWithdrawn
			}
		);
		let purchase = Purchases::<Test>::get(id).unwrap();
		assert_eq!((purchase.suspended_from, purchase.delivered.len()), (Some(1), 1));
		System::set_block_number(1 + 2 * EPOCH);
		assert_noop!(confirm(PROVIDER, id, 2), Error::<Test>::Suspended);
	});
}

#[test]
fn a_quarantined_device_suspends_the_purchase() {
	build_and_execute(|| {
		let id = bought(2);
		assert_ok!(deliver_key(PROVIDER, id));
		set_device_status(SENSOR, DeviceStatus::Quarantined);
		assert_ok!(confirm(PROVIDER, id, 0));
		assert_eq!(
			last_event(),
			Event::PurchaseSuspended {
				purchase: id,
				from_epoch: 0,
				reason: SuspensionReason::DeviceNotActive
			}
		);
	});
}
