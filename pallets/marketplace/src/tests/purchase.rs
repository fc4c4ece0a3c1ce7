use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use msec_primitives::{ConsentRefusal, CountryCode, DeviceStatus, Jurisdiction, Purpose};
use sp_core::H256;
use sp_runtime::TokenError;

use crate::{mock::*, Error, Event, HoldReason, ListingKind, Listings, PurchaseState, Purchases};

/// `provider` lists non-personal data of `kind` at PRICE for public benefit, with `device`.
fn non_personal_listing(provider: u64, kind: ListingKind<u64>, device: Option<u64>) -> u64 {
	let id = crate::NextListingId::<Test>::get();
	assert_ok!(Marketplace::create_listing(
		RuntimeOrigin::signed(provider),
		kind,
		H256::zero(),
		PRICE,
		purposes(&[Purpose::PublicBenefit]),
		None,
		device,
	));
	id
}

/// `who` buys one epoch of `listing` for public benefit, accepting at most `max_price` per
/// epoch and naming `version`.
fn buy_at(who: u64, listing: u64, max_price: u64, version: u32) -> sp_runtime::DispatchResult {
	Marketplace::purchase(
		RuntimeOrigin::signed(who),
		listing,
		1,
		Purpose::PublicBenefit,
		[9; 32],
		max_price,
		version,
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

#[test]
fn a_buyer_with_consent_pays_into_escrow() {
	build_and_execute(|| {
		let id = bought(3);
		let purchase = Purchases::<Test>::get(id).unwrap();
		assert_eq!((purchase.buyer, purchase.escrow, purchase.epochs), (BUYER, 3 * PRICE, 3));
		assert_eq!(purchase.state, PurchaseState::Open);
		assert!(crate::ProviderPurchases::<Test>::contains_key(PROVIDER, id));
		let escrow = RuntimeHoldReason::Marketplace(HoldReason::Escrow);
		assert_eq!(Balances::balance_on_hold(&escrow, &BUYER), 3 * PRICE);
		assert_eq!(
			last_event(),
			Event::Purchased { purchase: id, listing: 0, buyer: BUYER, escrow: 3 * PRICE }
		);
	});
}

#[test]
fn purchases_without_valid_consent_fail_with_the_consent_error() {
	build_and_execute(|| {
		let listing = stream_listing();
		let research = Purpose::AcademicResearch;
		assert_noop!(buy(BUYER, listing, 1, research), Error::<Test>::ConsentMissing);
		set_consent(BUYER, research, Err(ConsentRefusal::Withdrawn));
		assert_noop!(buy(BUYER, listing, 1, research), Error::<Test>::ConsentWithdrawn);
		set_consent(BUYER, research, Err(ConsentRefusal::Expired));
		assert_noop!(buy(BUYER, listing, 1, research), Error::<Test>::ConsentExpired);
		set_consent(KOREAN_BUYER, research, Err(ConsentRefusal::TransferNotAllowed));
		assert_noop!(buy(KOREAN_BUYER, listing, 1, research), Error::<Test>::TransferNotAllowed);
		set_consent(BUYER, research, Ok(0));
		assert_ok!(buy(BUYER, listing, 1, research));
	});
}

#[test]
fn non_personal_data_needs_no_consent() {
	build_and_execute(|| {
		let listing = non_personal_listing(PROVIDER, ListingKind::Dataset, None);
		assert_ok!(buy(KOREAN_BUYER, listing, 1, Purpose::PublicBenefit));
	});
}

/// Charged for a subject with the most consent records, a purchase pays for the records its
/// subject has (none for non-personal data).
#[test]
fn the_consent_check_is_refunded_to_what_it_read() {
	use crate::WeightInfo;
	use msec_primitives::ConsentInspect;
	build_and_execute(|| {
		let charged = StorageOnlyWeights::purchase().saturating_add(MockConsent::permitted_weight());
		set_consent(BUYER, Purpose::PublicBenefit, Ok(0));
		let listing = stream_listing();
		let personal = buy(BUYER, listing, 1, Purpose::PublicBenefit).expect("bought");
		let with_check =
			StorageOnlyWeights::purchase().saturating_add(MockConsent::permitted_weight_of(&SUBJECT));
		assert_eq!(personal.actual_weight, Some(with_check));
		assert!(with_check.ref_time() < charged.ref_time());

		let dataset = non_personal_listing(PROVIDER, ListingKind::Dataset, None);
		let plain = buy(KOREAN_BUYER, dataset, 1, Purpose::PublicBenefit).expect("bought");
		assert_eq!(plain.actual_weight, Some(StorageOnlyWeights::purchase()));
	});
}

#[test]
fn bad_purchases_are_refused() {
	build_and_execute(|| {
		let listing = stream_listing();
		set_consent(BUYER, Purpose::PublicBenefit, Ok(0));
		let benefit = Purpose::PublicBenefit;
		assert_noop!(buy(STRANGER, listing, 1, benefit), Error::<Test>::NotBuyer);
		assert_noop!(buy(OTHER_PROVIDER, listing, 1, benefit), Error::<Test>::NotBuyer);
		assert_noop!(buy_at(BUYER, 9, PRICE, 0), Error::<Test>::UnknownListing);
		assert_noop!(buy(BUYER, listing, 1, Purpose::Marketing), Error::<Test>::PurposeNotOffered);
		assert_noop!(buy(BUYER, listing, 0, benefit), Error::<Test>::InvalidEpochs);
		assert_noop!(buy(BUYER, listing, MAX_EPOCHS + 1, benefit), Error::<Test>::InvalidEpochs);
	});
}

#[test]
fn a_dataset_is_bought_once_and_not_by_its_provider() {
	build_and_execute(|| {
		let listing = non_personal_listing(TRADER, ListingKind::Dataset, None);
		assert_noop!(buy(BUYER, listing, 2, Purpose::PublicBenefit), Error::<Test>::InvalidEpochs);
		assert_noop!(buy(TRADER, listing, 1, Purpose::PublicBenefit), Error::<Test>::OwnListing);
		assert_ok!(buy(BUYER, listing, 1, Purpose::PublicBenefit));
	});
}

#[test]
fn a_quarantined_or_revoked_source_device_blocks_purchases() {
	build_and_execute(|| {
		let listing = stream_listing();
		set_consent(BUYER, Purpose::PublicBenefit, Ok(0));
		set_device_status(SENSOR, DeviceStatus::Quarantined);
		assert_noop!(
			buy(BUYER, listing, 1, Purpose::PublicBenefit),
			Error::<Test>::DeviceQuarantined
		);
		set_device_status(SENSOR, DeviceStatus::Revoked);
		assert_noop!(buy(BUYER, listing, 1, Purpose::PublicBenefit), Error::<Test>::DeviceRevoked);
		remove_device(SENSOR);
		assert_noop!(buy(BUYER, listing, 1, Purpose::PublicBenefit), Error::<Test>::UnknownDevice);
	});
}

#[test]
fn short_funds_and_exhausted_ids_are_refused() {
	build_and_execute(|| {
		let listing = non_personal_listing(
			PROVIDER,
			ListingKind::Stream { epoch_length: EPOCH },
			Some(PLAIN_SENSOR),
		);
		assert_noop!(
			buy(POOR_BUYER, listing, 1, Purpose::PublicBenefit),
			TokenError::FundsUnavailable
		);
		crate::NextPurchaseId::<Test>::put(u64::MAX);
		assert_noop!(buy(BUYER, listing, 1, Purpose::PublicBenefit), Error::<Test>::Overflow);
	});
}

/// The review's M3: a price raised from 1 to 50 MSEC in the block before a buyer's purchase
/// made the purchase hold 50.
#[test]
fn provider_cannot_raise_the_price_between_signing_and_inclusion() {
	build_and_execute(|| {
		let listing = non_personal_listing(PROVIDER, ListingKind::Dataset, None);
		// The buyer signs against version 0 at PRICE; the provider front-runs with 5×.
		assert_ok!(Marketplace::update_listing(
			RuntimeOrigin::signed(PROVIDER),
			listing,
			H256::zero(),
			5 * PRICE,
			purposes(&[Purpose::PublicBenefit]),
		));
		assert_noop!(buy_at(BUYER, listing, PRICE, 0), Error::<Test>::ListingChanged);
		// Even naming the new version, the buyer pays no more than it accepts.
		assert_noop!(buy_at(BUYER, listing, PRICE, 1), Error::<Test>::PriceAboveLimit);
		assert_ok!(buy_at(BUYER, listing, 5 * PRICE, 1));
		assert_eq!(Purchases::<Test>::get(0).unwrap().escrow, 5 * PRICE);
	});
}

#[test]
fn provider_cannot_change_the_terms_between_signing_and_inclusion() {
	build_and_execute(|| {
		let listing = non_personal_listing(PROVIDER, ListingKind::Dataset, None);
		// Same price, another description: what the buyer read is not what it would buy.
		assert_ok!(Marketplace::update_listing(
			RuntimeOrigin::signed(PROVIDER),
			listing,
			H256::repeat_byte(0x66),
			PRICE,
			purposes(&[Purpose::PublicBenefit]),
		));
		assert_eq!(
			last_event(),
			Event::ListingUpdated { listing, version: 1 },
			"the event tells wallets the version to sign against"
		);
		assert_noop!(buy_at(BUYER, listing, PRICE, 0), Error::<Test>::ListingChanged);
		// A lower price than accepted is fine: the buyer holds what the listing asks.
		assert_ok!(buy_at(BUYER, listing, 2 * PRICE, 1));
		assert_eq!(Purchases::<Test>::get(0).unwrap().escrow, PRICE);
	});
}

/// The review's M4: consent gating followed the listing's word.
#[test]
fn provider_cannot_drop_the_devices_subject_from_a_listing() {
	build_and_execute(|| {
		// SENSOR produces SUBJECT's data by the registry; the listing declares nobody.
		let listing = non_personal_listing(
			PROVIDER,
			ListingKind::Stream { epoch_length: EPOCH },
			Some(SENSOR),
		);
		assert_eq!(Listings::<Test>::get(listing).unwrap().subject, None);
		assert_noop!(
			buy(BUYER, listing, 1, Purpose::PublicBenefit),
			Error::<Test>::ConsentMissing
		);
		set_consent(BUYER, Purpose::PublicBenefit, Ok(0));
		assert_ok!(buy(BUYER, listing, 1, Purpose::PublicBenefit));
	});
}

#[test]
fn provider_cannot_name_another_subject_than_the_devices() {
	build_and_execute(|| {
		assert_noop!(
			Marketplace::create_listing(
				RuntimeOrigin::signed(PROVIDER),
				ListingKind::Stream { epoch_length: EPOCH },
				H256::zero(),
				PRICE,
				purposes(&[Purpose::PublicBenefit]),
				Some(STRANGER),
				Some(SENSOR),
			),
			Error::<Test>::SubjectMismatch
		);
	});
}

#[test]
fn a_subject_recorded_after_listing_gates_every_later_purchase() {
	build_and_execute(|| {
		set_device_subject(SENSOR, None);
		let listing = non_personal_listing(
			PROVIDER,
			ListingKind::Stream { epoch_length: EPOCH },
			Some(SENSOR),
		);
		assert_ok!(buy(KOREAN_BUYER, listing, 1, Purpose::PublicBenefit));
		set_device_subject(SENSOR, Some(SUBJECT));
		assert_noop!(
			buy(KOREAN_BUYER, listing, 1, Purpose::PublicBenefit),
			Error::<Test>::ConsentMissing
		);
	});
}

#[test]
fn a_stream_needs_its_device() {
	build_and_execute(|| {
		assert_noop!(
			Marketplace::create_listing(
				RuntimeOrigin::signed(PROVIDER),
				ListingKind::Stream { epoch_length: EPOCH },
				H256::zero(),
				PRICE,
				purposes(&[Purpose::PublicBenefit]),
				None,
				None,
			),
			Error::<Test>::StreamWithoutDevice
		);
	});
}

/// The review's M7: a provider the council removed kept selling.
#[test]
fn a_struck_off_or_demoted_provider_stops_selling() {
	build_and_execute(|| {
		let listing = non_personal_listing(PROVIDER, ListingKind::Dataset, None);
		set_participant(PROVIDER, Some((Jurisdiction::Eu, roles(false, true))));
		assert_noop!(
			buy(BUYER, listing, 1, Purpose::PublicBenefit),
			Error::<Test>::ProviderNotRegistered
		);
		set_participant(PROVIDER, None);
		assert_noop!(
			buy(BUYER, listing, 1, Purpose::PublicBenefit),
			Error::<Test>::ProviderNotRegistered
		);
	});
}

/// The review's M7: the route used the jurisdiction frozen at listing time.
#[test]
fn a_provider_moved_abroad_sells_under_its_new_jurisdiction() {
	build_and_execute(|| {
		let listing = stream_listing();
		set_consent(BUYER, Purpose::PublicBenefit, Ok(0));
		let usa = Jurisdiction::Other(CountryCode(*b"US"));
		set_participant(PROVIDER, Some((usa, roles(true, false))));
		// EU→JP was adequate; US→JP needs a transfer the consent does not name.
		assert_noop!(
			buy(BUYER, listing, 1, Purpose::PublicBenefit),
			Error::<Test>::TransferNotAllowed
		);
	});
}

/// The review's L11: `epoch_length = u32::MAX` left escrow to the council.
#[test]
fn an_absurd_epoch_length_is_refused() {
	build_and_execute(|| {
		assert_noop!(
			Marketplace::create_listing(
				RuntimeOrigin::signed(PROVIDER),
				ListingKind::Stream { epoch_length: u64::MAX },
				H256::zero(),
				PRICE,
				purposes(&[Purpose::PublicBenefit]),
				None,
				Some(SENSOR),
			),
			Error::<Test>::EpochTooLong
		);
	});
}

#[test]
fn the_escrow_overflowing_is_refused() {
	build_and_execute(|| {
		let listing = non_personal_listing(
			PROVIDER,
			ListingKind::Stream { epoch_length: EPOCH },
			Some(PLAIN_SENSOR),
		);
		assert_ok!(Marketplace::update_listing(
			RuntimeOrigin::signed(PROVIDER),
			listing,
			H256::zero(),
			u64::MAX / 2,
			purposes(&[Purpose::PublicBenefit]),
		));
		assert_noop!(buy(BUYER, listing, 3, Purpose::PublicBenefit), Error::<Test>::Overflow);
	});
}
