use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use msec_primitives::{DeviceStatus, Purpose};
use sp_core::H256;

use crate::{
	mock::*, Error, Event, HoldReason, ListingCount, ListingKind, Listings, ProviderListings,
};

fn create(
	who: u64,
	kind: ListingKind<u64>,
	price: u64,
	offered: &[Purpose],
	device: Option<u64>,
) -> sp_runtime::DispatchResult {
	Marketplace::create_listing(
		RuntimeOrigin::signed(who),
		kind,
		H256::zero(),
		price,
		purposes(offered),
		None,
		device,
	)
}

#[test]
fn a_provider_lists_against_a_deposit_and_closes_to_get_it_back() {
	build_and_execute(|| {
		let id = stream_listing();
		let listing = Listings::<Test>::get(id).unwrap();
		assert_eq!((listing.provider, listing.version), (PROVIDER, 0));
		assert_eq!(
			Marketplace::listings_by_jurisdiction(msec_primitives::Jurisdiction::Eu).len(),
			1,
			"found by its provider's registered jurisdiction"
		);
		let reason = RuntimeHoldReason::Marketplace(HoldReason::ListingDeposit);
		assert_eq!(Balances::balance_on_hold(&reason, &PROVIDER), LISTING_DEPOSIT);
		System::assert_has_event(Event::ListingCreated { listing: id, provider: PROVIDER }.into());
		assert_eq!(Marketplace::listings_by_provider(&PROVIDER).len(), 1);

		assert_ok!(Marketplace::close_listing(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(Listings::<Test>::get(id), None);
		assert!(!ProviderListings::<Test>::contains_key(PROVIDER, id));
		assert_eq!(ListingCount::<Test>::get(PROVIDER), 0);
		assert_eq!(Balances::balance_on_hold(&reason, &PROVIDER), 0);
		assert_eq!(last_event(), Event::ListingClosed { listing: id });
	});
}

#[test]
fn only_providers_list_well_formed_offers() {
	build_and_execute(|| {
		let stream = ListingKind::Stream { epoch_length: EPOCH };
		let research = [Purpose::AcademicResearch];
		assert_noop!(create(BUYER, stream, PRICE, &research, None), Error::<Test>::NotProvider);
		assert_noop!(create(STRANGER, stream, PRICE, &research, None), Error::<Test>::NotProvider);
		assert_noop!(create(PROVIDER, stream, 0, &research, None), Error::<Test>::ZeroPrice);
		assert_noop!(create(PROVIDER, stream, PRICE, &[], None), Error::<Test>::NoPurposes);
		assert_noop!(
			create(
				PROVIDER,
				stream,
				PRICE,
				&[Purpose::PublicBenefit, Purpose::AcademicResearch],
				None
			),
			Error::<Test>::PurposesUnsorted
		);
		assert_noop!(
			create(PROVIDER, ListingKind::Stream { epoch_length: 0 }, PRICE, &research, None),
			Error::<Test>::ZeroEpochLength
		);
	});
}

#[test]
fn the_source_device_is_the_providers_and_active() {
	build_and_execute(|| {
		let dataset = ListingKind::Dataset;
		let research = [Purpose::AcademicResearch];
		assert_noop!(
			create(PROVIDER, dataset, PRICE, &research, Some(9)),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			create(PROVIDER, dataset, PRICE, &research, Some(OTHERS_SENSOR)),
			Error::<Test>::NotDeviceOwner
		);
		set_device_status(SENSOR, DeviceStatus::Quarantined);
		assert_noop!(
			create(PROVIDER, dataset, PRICE, &research, Some(SENSOR)),
			Error::<Test>::DeviceQuarantined
		);
		set_device_status(SENSOR, DeviceStatus::Revoked);
		assert_noop!(
			create(PROVIDER, dataset, PRICE, &research, Some(SENSOR)),
			Error::<Test>::DeviceRevoked
		);
	});
}

#[test]
fn a_provider_has_at_most_max_listings_and_ids_do_not_overflow() {
	build_and_execute(|| {
		stream_listing();
		stream_listing();
		assert_noop!(
			create(PROVIDER, ListingKind::Dataset, PRICE, &[Purpose::Marketing], None),
			Error::<Test>::TooManyListings
		);
		crate::NextListingId::<Test>::put(u64::MAX);
		assert_noop!(
			create(OTHER_PROVIDER, ListingKind::Dataset, PRICE, &[Purpose::Marketing], None),
			Error::<Test>::Overflow
		);
	});
}

#[test]
fn the_owner_updates_a_listing() {
	build_and_execute(|| {
		let id = stream_listing();
		let update = |who: u64, listing: u64, price: u64, offered: &[Purpose]| {
			Marketplace::update_listing(
				RuntimeOrigin::signed(who),
				listing,
				H256::repeat_byte(2),
				price,
				purposes(offered),
			)
		};
		assert_ok!(update(PROVIDER, id, 250, &[Purpose::CommercialResearch]));
		let listing = Listings::<Test>::get(id).unwrap();
		assert_eq!(
			(listing.price, listing.purposes.to_vec()),
			(250, vec![Purpose::CommercialResearch])
		);
		assert_eq!(last_event(), Event::ListingUpdated { listing: id, version: 1 });
		assert_eq!(Listings::<Test>::get(id).unwrap().version, 1);

		assert_noop!(
			update(PROVIDER, 9, 250, &[Purpose::Marketing]),
			Error::<Test>::UnknownListing
		);
		assert_noop!(
			update(OTHER_PROVIDER, id, 250, &[Purpose::Marketing]),
			Error::<Test>::NotListingOwner
		);
		assert_noop!(update(PROVIDER, id, 0, &[Purpose::Marketing]), Error::<Test>::ZeroPrice);
		assert_noop!(update(PROVIDER, id, 250, &[]), Error::<Test>::NoPurposes);
		assert_noop!(
			update(PROVIDER, id, 250, &[Purpose::Marketing, Purpose::PublicBenefit]),
			Error::<Test>::PurposesUnsorted
		);
		assert_noop!(
			Marketplace::close_listing(RuntimeOrigin::signed(OTHER_PROVIDER), id),
			Error::<Test>::NotListingOwner
		);
		assert_noop!(
			Marketplace::close_listing(RuntimeOrigin::signed(PROVIDER), 9),
			Error::<Test>::UnknownListing
		);
	});
}
