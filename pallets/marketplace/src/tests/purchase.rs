use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use msec_primitives::{ConsentRefusal, DeviceStatus, Purpose};
use sp_core::H256;
use sp_runtime::TokenError;

use crate::{mock::*, Error, Event, HoldReason, ListingKind, PurchaseState, Purchases};

/// `provider` lists non-personal data of `kind` at PRICE for public benefit.
fn non_personal_listing(provider: u64, kind: ListingKind<u64>) {
	assert_ok!(Marketplace::create_listing(
		RuntimeOrigin::signed(provider),
		kind,
		H256::zero(),
		PRICE,
		purposes(&[Purpose::PublicBenefit]),
		None,
		None,
	));
}

fn buy(
	who: u64,
	listing: u64,
	epochs: u32,
	purpose: Purpose,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Marketplace::purchase(RuntimeOrigin::signed(who), listing, epochs, purpose, [9; 32])
}

#[test]
fn a_buyer_with_consent_pays_into_escrow() {
	build_and_execute(|| {
		let id = bought(3);
		let purchase = Purchases::<Test>::get(id).unwrap();
		assert_eq!((purchase.buyer, purchase.escrow, purchase.epochs), (BUYER, 3 * PRICE, 3));
		assert_eq!(purchase.state, PurchaseState::Open);
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
		non_personal_listing(PROVIDER, ListingKind::Dataset);
		assert_ok!(buy(KOREAN_BUYER, 0, 1, Purpose::PublicBenefit));
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

		non_personal_listing(PROVIDER, ListingKind::Dataset);
		let plain = buy(KOREAN_BUYER, listing + 1, 1, Purpose::PublicBenefit).expect("bought");
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
		assert_noop!(buy(BUYER, 9, 1, benefit), Error::<Test>::UnknownListing);
		assert_noop!(buy(BUYER, listing, 1, Purpose::Marketing), Error::<Test>::PurposeNotOffered);
		assert_noop!(buy(BUYER, listing, 0, benefit), Error::<Test>::InvalidEpochs);
		assert_noop!(buy(BUYER, listing, MAX_EPOCHS + 1, benefit), Error::<Test>::InvalidEpochs);
	});
}

#[test]
fn a_dataset_is_bought_once_and_not_by_its_provider() {
	build_and_execute(|| {
		non_personal_listing(TRADER, ListingKind::Dataset);
		assert_noop!(buy(BUYER, 0, 2, Purpose::PublicBenefit), Error::<Test>::InvalidEpochs);
		assert_noop!(buy(TRADER, 0, 1, Purpose::PublicBenefit), Error::<Test>::OwnListing);
		assert_ok!(buy(BUYER, 0, 1, Purpose::PublicBenefit));
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
	});
}

#[test]
fn short_funds_and_exhausted_ids_are_refused() {
	build_and_execute(|| {
		non_personal_listing(PROVIDER, ListingKind::Stream { epoch_length: EPOCH });
		assert_noop!(buy(POOR_BUYER, 0, 1, Purpose::PublicBenefit), TokenError::FundsUnavailable);
		crate::NextPurchaseId::<Test>::put(u64::MAX);
		assert_noop!(buy(BUYER, 0, 1, Purpose::PublicBenefit), Error::<Test>::Overflow);
	});
}
