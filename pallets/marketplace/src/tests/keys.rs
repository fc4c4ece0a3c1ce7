//! Key epochs on chain: the listing's current epoch and commitment, and every epoch's key a
//! buyer was given.

use frame_support::{assert_noop, assert_ok};
use msec_primitives::Purpose;
use sp_core::H256;

use crate::{
	mock::*, Error, Event, ListingKey, ListingKind, Listings, PurchaseKeys, Purchases,
};

fn rekey(listing: u64, epoch: u32) -> sp_runtime::DispatchResult {
	Marketplace::rekey(RuntimeOrigin::signed(PROVIDER), listing, epoch, commitment(epoch))
}

fn deliver_epoch(id: u64, epoch: u32) -> sp_runtime::DispatchResult {
	Marketplace::deliver_key(RuntimeOrigin::signed(PROVIDER), id, epoch, wrapped_key())
}

#[test]
fn the_provider_records_each_new_key_epoch_and_its_commitment() {
	build_and_execute(|| {
		let listing = stream_listing();
		assert_eq!(
			Listings::<Test>::get(listing).unwrap().key,
			Some(ListingKey { epoch: 0, commitment: commitment(0) })
		);
		assert_ok!(rekey(listing, 3));
		let key = ListingKey { epoch: 3, commitment: commitment(3) };
		assert_eq!(Listings::<Test>::get(listing).unwrap().key, Some(key));
		assert_eq!(last_event(), Event::Rekeyed { listing, key });
	});
}

/// The review's C3: an epoch number could name two keys.
#[test]
fn provider_cannot_name_an_epoch_twice_or_go_back() {
	build_and_execute(|| {
		let listing = stream_listing();
		assert_ok!(rekey(listing, 2));
		for epoch in [0, 1, 2] {
			assert_noop!(rekey(listing, epoch), Error::<Test>::InvalidKeyEpoch);
		}
		assert_noop!(
			Marketplace::rekey(RuntimeOrigin::signed(OTHER_PROVIDER), listing, 9, H256::zero()),
			Error::<Test>::NotListingOwner
		);
		assert_noop!(rekey(9, 9), Error::<Test>::UnknownListing);
	});
}

#[test]
fn a_datasets_key_is_set_once() {
	build_and_execute(|| {
		let dataset = keyed_dataset();
		assert_noop!(rekey(dataset, 1), Error::<Test>::InvalidKeyEpoch);
	});
}

#[test]
fn provider_delivers_only_the_listings_current_key_epoch() {
	build_and_execute(|| {
		set_consent(BUYER, Purpose::PublicBenefit, Ok(0));
		let listing = crate::NextListingId::<Test>::get();
		assert_ok!(Marketplace::create_listing(
			RuntimeOrigin::signed(PROVIDER),
			ListingKind::Stream { epoch_length: EPOCH },
			H256::zero(),
			PRICE,
			purposes(&[Purpose::PublicBenefit]),
			None,
			Some(SENSOR),
		));
		assert_ok!(buy(BUYER, listing, 2, Purpose::PublicBenefit));
		assert_noop!(deliver_epoch(0, 0), Error::<Test>::NoContentKey);
		assert_ok!(rekey(listing, 1));
		assert_noop!(deliver_epoch(0, 0), Error::<Test>::NotCurrentKeyEpoch);
		assert_noop!(
			Marketplace::deliver_key(RuntimeOrigin::signed(BUYER), 0, 1, wrapped_key()),
			Error::<Test>::NotPurchaseProvider
		);
		assert_noop!(deliver_epoch(9, 1), Error::<Test>::UnknownPurchase);
		assert_ok!(deliver_epoch(0, 1));
		assert_eq!(
			last_event(),
			Event::KeyDelivered {
				purchase: 0,
				epoch: 1,
				commitment: commitment(1),
				wrapped_key: wrapped_key()
			}
		);
		// The provider cannot swap a delivered key for another.
		assert_noop!(deliver_epoch(0, 1), Error::<Test>::KeyAlreadyDelivered);
	});
}

/// The review's P2: a rekey overwrote the buyer's only key slot, so it lost access to data it
/// had paid for.
#[test]
fn a_buyer_keeps_every_epochs_key_it_was_given() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id);
		assert_ok!(rekey(0, 1));
		assert_ok!(deliver_epoch(id, 1));
		assert_eq!(Purchases::<Test>::get(id).unwrap().key_epochs.into_inner(), vec![0, 1]);
		let keys = Marketplace::purchase_keys(id);
		assert_eq!(
			keys,
			vec![
				(0, commitment(0), wrapped_key().into_inner()),
				(1, commitment(1), wrapped_key().into_inner())
			]
		);
	});
}

#[test]
fn beyond_the_bound_the_oldest_key_gives_way() {
	build_and_execute(|| {
		let id = bought(2);
		deliver(id);
		for epoch in 1..=MAX_KEYS {
			assert_ok!(rekey(0, epoch));
			assert_ok!(deliver_epoch(id, epoch));
		}
		let purchase = Purchases::<Test>::get(id).unwrap();
		assert_eq!(purchase.key_epochs.into_inner(), (1..=MAX_KEYS).collect::<Vec<_>>());
		assert!(!PurchaseKeys::<Test>::contains_key(id, 0));
	});
}

#[test]
fn keys_go_with_the_purchase_record() {
	build_and_execute(|| {
		let id = bought(1);
		deliver(id);
		run_to(after_dispute_window(id));
		assert_ok!(Marketplace::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_ok!(Marketplace::rate(RuntimeOrigin::signed(BUYER), id, 3));
		assert_eq!(PurchaseKeys::<Test>::iter_prefix(id).count(), 0);
		assert!(!crate::ProviderPurchases::<Test>::contains_key(PROVIDER, id));
	});
}
