//! The marketplace story through `Executive`, with real signed extrinsics as a block applies
//! them: consent -> listing -> purchase -> key -> delivery -> settlement, and the withdrawal,
//! quarantine, dispute and refund variants, with the council deciding by two-city motions.
//!
//! On `local_testnet`, Alice (Santander, EU) sells the readings of her air-quality sensor
//! (device 0), which the registrar recorded as Ferdie's personal data (a sensor in his home);
//! Dave (Fujisawa, Japan) buys them for public-benefit planning; Eve settles, as anyone may.
//! The production timings apply: an epoch is confirmed a minute after it ends, within the
//! hour; disputes close 12 hours after that.

mod common;

use common::motion;

use frame_support::{traits::fungible::InspectHold, BoundedVec};
use msec_primitives::{LegalBasis, Purpose};
use msec_runtime::{
	constants::currency::MSEC, signing::sign_call, AccountId, Balances, Executive, Header,
	Marketplace, Runtime, RuntimeCall, RuntimeHoldReason, System,
};
use sp_core::H256;
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{traits::Header as _, DispatchError, Perbill};

const PRICE: u128 = MSEC;
const EPOCH: u32 = 10;
const SENSOR: u64 = 0;

type MarketplaceCall = pallet_marketplace::Call<Runtime>;
type MarketplaceError = pallet_marketplace::Error<Runtime>;

/// Starts block `number` as the block author would, skipping the empty blocks between.
fn start_block(number: u32) {
	System::set_block_number(number - 1);
	let parent = System::block_hash(number - 1);
	Executive::initialize_block(&Header::new(
		number,
		Default::default(),
		Default::default(),
		parent,
		Default::default(),
	));
	pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000 + u64::from(number) * 6_000);
}

/// Signs `call` as `who` with their next nonce and applies it; the dispatch result.
fn submit(who: Sr25519Keyring, call: impl Into<RuntimeCall>) -> Result<(), DispatchError> {
	let nonce = System::account_nonce(who.to_account_id());
	let xt = sign_call(call.into(), &who.pair(), nonce, System::block_hash(0));
	Executive::apply_extrinsic(xt).expect("the transaction is valid")
}

fn module_error(error: MarketplaceError) -> DispatchError {
	error.into()
}

/// The registrar records the sensor as Ferdie's; Alice lists its readings, 10-block epochs at
/// 1 MSEC each, declaring no subject (the registry's counts), and her node records key
/// epoch 0.
fn list() -> u64 {
	let registrar = motion(
		Alice,
		3,
		pallet_registry::Call::<Runtime>::set_device_subject {
			device: SENSOR,
			subject: Some(Ferdie.to_account_id()),
		}
		.into(),
		&[Alice, Bob, Charlie],
	);
	assert_eq!(registrar, Some(Ok(())), "the council records Ferdie as the sensor's subject");
	let id = pallet_marketplace::NextListingId::<Runtime>::get();
	submit(
		Alice,
		MarketplaceCall::create_listing {
			kind: pallet_marketplace::ListingKind::Stream { epoch_length: EPOCH },
			metadata_hash: H256::repeat_byte(0x11),
			price: PRICE,
			purposes: BoundedVec::truncate_from(vec![Purpose::PublicBenefit]),
			subject: None,
			device: Some(SENSOR),
		},
	)
	.expect("Alice lists");
	submit(Alice, MarketplaceCall::rekey { listing: id, epoch: 0, commitment: H256::repeat_byte(0xc0) })
		.expect("Alice's node records its key");
	id
}

fn grant_consent() {
	submit(
		Ferdie,
		pallet_consent::Call::<Runtime>::grant {
			controller: Alice.to_account_id(),
			purposes: BoundedVec::truncate_from(vec![Purpose::PublicBenefit]),
			legal_basis: LegalBasis::Consent,
			transfer_to: BoundedVec::new(),
			expires_at: None,
			notice_hash: H256::repeat_byte(0x17),
		},
	)
	.expect("Ferdie consents");
}

fn buy(listing: u64, epochs: u32) -> Result<(), DispatchError> {
	submit(
		Dave,
		MarketplaceCall::purchase {
			listing,
			epochs,
			purpose: Purpose::PublicBenefit,
			buyer_key: [7; 32],
			max_price_per_epoch: PRICE,
			listing_version: 0,
		},
	)
}

/// Alice's node delivers key epoch 0 to `purchase`.
fn deliver_key(purchase: u64) {
	let wrapped_key = BoundedVec::truncate_from(vec![0xab; 80]);
	submit(Alice, MarketplaceCall::deliver_key { purchase, epoch: 0, wrapped_key })
		.expect("key delivered");
}

/// The first block at which epoch `epoch` of a purchase made at block 1 is confirmed.
fn confirmable(epoch: u32) -> u32 {
	1 + (epoch + 1) * EPOCH + msec_runtime::constants::time::MINUTES
}

/// Alice confirms `epoch` of `purchase` at its first confirmable block.
fn confirm(purchase: u64, epoch: u32) {
	start_block(confirmable(epoch));
	submit(
		Alice,
		MarketplaceCall::confirm_delivery {
			purchase,
			epoch,
			message_count: 60,
			digest: H256::zero(),
		},
	)
	.expect("delivery confirmed");
}

fn escrow_held(who: &AccountId) -> u128 {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Marketplace(pallet_marketplace::HoldReason::Escrow),
		who,
	)
}

fn free(who: &AccountId) -> u128 {
	Balances::free_balance(who)
}

/// The first block after the dispute window of a 2-epoch purchase made at block 1: the last
/// epoch's confirmation deadline and 12 hours.
fn settlement_block() -> u32 {
	use msec_runtime::constants::time::HOURS;
	confirmable(1) + HOURS + 12 * HOURS + 1
}

fn in_local_testnet(test: impl FnOnce()) {
	common::genesis(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		start_block(1);
		test();
		Marketplace::do_try_state().expect("marketplace invariants hold");
		msec_runtime::invariants::holds_have_records().expect("every hold has its record");
	});
}

/// The fee Eve's transaction in this block paid, burnt.
fn fee_paid_by(who: &AccountId) -> u128 {
	System::events()
		.into_iter()
		.find_map(|record| match record.event {
			msec_runtime::RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { who: payer, actual_fee, .. },
			) if payer == *who => Some(actual_fee),
			_ => None,
		})
		.expect("the transaction paid a fee")
}

#[test]
fn consent_then_purchase_delivery_and_settlement_move_exactly_the_escrow() {
	in_local_testnet(|| {
		let listing = list();
		assert_eq!(buy(listing, 2), Err(module_error(MarketplaceError::ConsentMissing)));
		grant_consent();
		buy(listing, 2).expect("Dave buys with consent");
		let dave = Dave.to_account_id();
		assert_eq!(escrow_held(&dave), 2 * PRICE);

		deliver_key(0);
		confirm(0, 0);
		confirm(0, 1);

		start_block(settlement_block());
		let alice = Alice.to_account_id();
		let fee_account = Marketplace::fee_account();
		let (alice_before, dave_before, fees_before) =
			(free(&alice), free(&dave), free(&fee_account));
		let issuance = Balances::total_issuance();
		submit(Eve, MarketplaceCall::settle { purchase: 0 }).expect("Eve settles");

		let fee = Perbill::from_percent(2) * (2 * PRICE);
		assert_eq!(free(&alice) - alice_before, 2 * PRICE - fee);
		assert_eq!(free(&fee_account) - fees_before, fee);
		assert_eq!((free(&dave), escrow_held(&dave)), (dave_before, 0));
		// Eve's transaction fee, burnt, is the only change in issuance: settlement mints and
		// burns nothing.
		let eve_fee = fee_paid_by(&Eve.to_account_id());
		assert_eq!(issuance - Balances::total_issuance(), eve_fee);
	});
}

#[test]
fn a_withdrawn_consent_stops_payment_for_later_epochs() {
	in_local_testnet(|| {
		let listing = list();
		grant_consent();
		buy(listing, 2).expect("bought");
		deliver_key(0);
		confirm(0, 0);
		submit(Ferdie, pallet_consent::Call::<Runtime>::withdraw { consent: 0 })
			.expect("withdrawn");
		confirm(0, 1);
		let purchase = pallet_marketplace::Purchases::<Runtime>::get(0).unwrap();
		assert_eq!(purchase.suspended_from, Some(1));

		start_block(settlement_block());
		let dave = Dave.to_account_id();
		let dave_before = free(&dave);
		submit(Eve, MarketplaceCall::settle { purchase: 0 }).expect("settled");
		assert_eq!(free(&dave) - dave_before, PRICE, "the suspended epoch is refunded");
		assert_eq!(buy(listing, 1), Err(module_error(MarketplaceError::ConsentWithdrawn)));
	});
}

#[test]
fn a_quarantined_sensor_suspends_the_purchase_and_blocks_new_ones() {
	in_local_testnet(|| {
		let listing = list();
		grant_consent();
		buy(listing, 2).expect("bought");
		deliver_key(0);
		confirm(0, 0);
		let quarantine =
			pallet_registry::Call::<Runtime>::quarantine_device { device: SENSOR, reason: H256::zero() };
		assert_eq!(motion(Charlie, 3, quarantine.into(), &[Bob, Charlie, Dave]), Some(Ok(())));
		confirm(0, 1);
		assert_eq!(
			pallet_marketplace::Purchases::<Runtime>::get(0).unwrap().suspended_from,
			Some(1)
		);
		assert_eq!(buy(listing, 1), Err(module_error(MarketplaceError::DeviceQuarantined)));
	});
}

#[test]
fn a_disputed_purchase_is_refunded_by_a_two_city_motion() {
	in_local_testnet(|| {
		let listing = list();
		grant_consent();
		buy(listing, 2).expect("bought");
		deliver_key(0);
		confirm(0, 0);
		let dave = Dave.to_account_id();
		let before_dispute = free(&dave);
		submit(Dave, MarketplaceCall::dispute { purchase: 0, reason: H256::repeat_byte(4) })
			.expect("disputed");
		let bond = msec_runtime::configs::marketplace::DisputeBond::get();
		let fee = fee_paid_by(&dave);
		assert_eq!(before_dispute - free(&dave), bond + fee, "the bond is held");
		start_block(settlement_block());
		assert_eq!(
			submit(Eve, MarketplaceCall::settle { purchase: 0 }),
			Err(module_error(MarketplaceError::TooEarly)),
			"a disputed purchase waits for the arbiter, within its deadline"
		);

		let dave_before = free(&dave);
		let refund = MarketplaceCall::resolve_dispute { purchase: 0, refund: Perbill::one() };
		assert_eq!(motion(Dave, 3, refund.into(), &[Alice, Charlie, Dave]), Some(Ok(())));
		assert_eq!(free(&dave) - dave_before, 2 * PRICE + bond, "the escrow and the bond back");
		assert_eq!(escrow_held(&dave), 0);
	});
}

/// An arbiter that does not decide leaves the chain's own rule: the confirmed epoch is paid,
/// the rest refunded, the bond returned; anyone executes it.
#[test]
fn a_dispute_the_council_leaves_undecided_settles_by_default() {
	in_local_testnet(|| {
		let listing = list();
		grant_consent();
		buy(listing, 2).expect("bought");
		deliver_key(0);
		confirm(0, 0);
		let disputed_at = System::block_number();
		submit(Dave, MarketplaceCall::dispute { purchase: 0, reason: H256::repeat_byte(4) })
			.expect("disputed");
		let purchase = pallet_marketplace::Purchases::<Runtime>::get(0).expect("bought");
		start_block(Marketplace::arbitration_deadline(&purchase, disputed_at) + 1);
		let dave = Dave.to_account_id();
		let dave_before = free(&dave);
		submit(Eve, MarketplaceCall::settle { purchase: 0 }).expect("anyone settles");
		let bond = msec_runtime::configs::marketplace::DisputeBond::get();
		assert_eq!(free(&dave) - dave_before, PRICE + bond, "one epoch refunded, the bond back");
	});
}
