use frame_support::{assert_noop, assert_ok};
use sp_core::H256;

use msec_primitives::Purpose;

use crate::{
	mock::*, AnonymizationAttestation, AnonymizationPolicy, Anonymizations, Error, Event,
	MethodName,
};

const POLICY: AnonymizationPolicy =
	AnonymizationPolicy { geohash_precision: 6, time_bucket_ms: 3_600_000, k: 3 };

fn require(who: u64, listing: u64, policy: AnonymizationPolicy) -> sp_runtime::DispatchResult {
	Marketplace::require_anonymization(RuntimeOrigin::signed(who), listing, policy)
}

fn method() -> MethodName {
	MethodName::truncate_from(b"msec/anonymize/blake2b-geohash-kanon/v1".to_vec())
}

/// Batch `batch` of `listing` under `policy`: 10 records in, 7 out.
fn attest(
	who: u64,
	listing: u64,
	batch: u32,
	policy: AnonymizationPolicy,
) -> sp_runtime::DispatchResult {
	Marketplace::attest_anonymization(
		RuntimeOrigin::signed(who),
		listing,
		batch,
		H256::repeat_byte(1),
		H256::repeat_byte(2),
		method(),
		policy,
		10,
		7,
	)
}

#[test]
fn the_provider_requires_anonymization_and_attests_batches_in_order() {
	build_and_execute(|| {
		let listing = stream_listing();
		assert_ok!(require(PROVIDER, listing, POLICY));
		assert_eq!(last_event(), Event::AnonymizationRequired { listing, policy: POLICY });
		assert_eq!(Anonymizations::<Test>::get(listing).unwrap().next_batch(), 0);
		assert_eq!(crate::Listings::<Test>::get(listing).unwrap().version, 1);

		System::set_block_number(3);
		assert_ok!(attest(PROVIDER, listing, 0, POLICY));
		let expected = AnonymizationAttestation {
			batch: 0,
			input_hash: H256::repeat_byte(1),
			output_hash: H256::repeat_byte(2),
			method: method(),
			policy: POLICY,
			records_in: 10,
			records_out: 7,
			attested_at: 3,
		};
		assert_eq!(
			last_event(),
			Event::AnonymizationAttested { listing, attestation: expected.clone() }
		);
		let anonymization = Anonymizations::<Test>::get(listing).unwrap();
		assert_eq!((anonymization.next_batch(), anonymization.latest), (1, Some(expected)));

		// A coarser release than required is fine.
		let coarser = AnonymizationPolicy { geohash_precision: 5, k: 5, ..POLICY };
		assert_ok!(attest(PROVIDER, listing, 1, coarser));
		assert_eq!(Anonymizations::<Test>::get(listing).unwrap().next_batch(), 2);
	});
}

#[test]
fn a_policy_is_valid_and_only_ever_tightens() {
	build_and_execute(|| {
		let listing = stream_listing();
		for invalid in [
			AnonymizationPolicy { geohash_precision: 0, ..POLICY },
			AnonymizationPolicy { geohash_precision: 13, ..POLICY },
			AnonymizationPolicy { time_bucket_ms: 0, ..POLICY },
			AnonymizationPolicy { k: 1, ..POLICY },
			// Finer than the chain's minimum: 20 m cells, 10-minute buckets, or buckets that
			// do not nest in quarter hours.
			AnonymizationPolicy { geohash_precision: 8, ..POLICY },
			AnonymizationPolicy { time_bucket_ms: 600_000, ..POLICY },
			AnonymizationPolicy { time_bucket_ms: 1_000_000, ..POLICY },
		] {
			assert_noop!(require(PROVIDER, listing, invalid), Error::<Test>::InvalidPolicy);
		}
		assert_noop!(require(OTHER_PROVIDER, listing, POLICY), Error::<Test>::NotListingOwner);
		assert_noop!(require(PROVIDER, 99, POLICY), Error::<Test>::UnknownListing);

		assert_ok!(require(PROVIDER, listing, POLICY));
		assert_ok!(attest(PROVIDER, listing, 0, POLICY));
		for looser in [
			AnonymizationPolicy { geohash_precision: 7, ..POLICY },
			AnonymizationPolicy { time_bucket_ms: 1_800_000, ..POLICY },
			AnonymizationPolicy { k: 2, ..POLICY },
		] {
			assert_noop!(require(PROVIDER, listing, looser), Error::<Test>::PolicyLoosened);
		}
		let stricter = AnonymizationPolicy { k: 10, ..POLICY };
		assert_ok!(require(PROVIDER, listing, stricter));
		let anonymization = Anonymizations::<Test>::get(listing).unwrap();
		assert_eq!(anonymization.policy, stricter);
		assert_eq!(anonymization.next_batch(), 1, "tightening keeps the attested batches");
	});
}

#[test]
fn a_provider_cannot_tighten_to_buckets_that_cut_across_the_earlier_ones() {
	// Hours, then 90 minutes: a buyer of both releases would learn on which side of 10:30
	// a record of the 10:00 hour fell. Coarser, but not nested: refused; two hours nest.
	build_and_execute(|| {
		let listing = stream_listing();
		assert_ok!(require(PROVIDER, listing, POLICY));
		let across = AnonymizationPolicy { time_bucket_ms: 5_400_000, ..POLICY };
		assert_noop!(require(PROVIDER, listing, across), Error::<Test>::PolicyLoosened);
		assert_noop!(attest(PROVIDER, listing, 0, across), Error::<Test>::PolicyTooWeak);
		let nested = AnonymizationPolicy { time_bucket_ms: 7_200_000, ..POLICY };
		assert_ok!(require(PROVIDER, listing, nested));
	});
}

#[test]
fn anonymizing_a_personal_listing_does_not_waive_the_subjects_consent() {
	// The records stay the subject's personal data after anonymization: a buyer still needs
	// the subject's consent for its purpose.
	build_and_execute(|| {
		let listing = stream_listing();
		assert_ok!(require(PROVIDER, listing, POLICY));
		let research = Purpose::AcademicResearch;
		assert_noop!(buy(BUYER, listing, 1, research), Error::<Test>::ConsentMissing);
		set_consent(BUYER, research, Ok(0));
		assert_ok!(buy(BUYER, listing, 1, research));
	});
}

#[test]
fn every_refused_attestation_has_its_reason() {
	build_and_execute(|| {
		let listing = stream_listing();
		assert_noop!(attest(PROVIDER, listing, 0, POLICY), Error::<Test>::AnonymizationNotRequired);
		assert_ok!(require(PROVIDER, listing, POLICY));
		assert_noop!(attest(OTHER_PROVIDER, listing, 0, POLICY), Error::<Test>::NotListingOwner);
		assert_noop!(attest(PROVIDER, 99, 0, POLICY), Error::<Test>::UnknownListing);
		assert_noop!(attest(PROVIDER, listing, 1, POLICY), Error::<Test>::WrongBatch);
		let finer = AnonymizationPolicy { geohash_precision: 8, ..POLICY };
		assert_noop!(attest(PROVIDER, listing, 0, finer), Error::<Test>::PolicyTooWeak);
		let invalid = AnonymizationPolicy { time_bucket_ms: u64::MAX, k: 1, ..POLICY };
		assert_noop!(attest(PROVIDER, listing, 0, invalid), Error::<Test>::PolicyTooWeak);
		let call = |method: MethodName, records_in: u32, records_out: u32| {
			Marketplace::attest_anonymization(
				RuntimeOrigin::signed(PROVIDER),
				listing,
				0,
				H256::zero(),
				H256::zero(),
				method,
				POLICY,
				records_in,
				records_out,
			)
		};
		assert_noop!(call(MethodName::default(), 1, 1), Error::<Test>::NoMethod);
		assert_noop!(call(method(), 1, 2), Error::<Test>::InvalidCounts);

		assert_ok!(attest(PROVIDER, listing, 0, POLICY));
		assert_noop!(attest(PROVIDER, listing, 0, POLICY), Error::<Test>::WrongBatch);
	});
}

#[test]
fn closing_the_listing_removes_its_policy() {
	build_and_execute(|| {
		let listing = stream_listing();
		assert_ok!(require(PROVIDER, listing, POLICY));
		assert_ok!(Marketplace::close_listing(RuntimeOrigin::signed(PROVIDER), listing));
		assert_eq!(Anonymizations::<Test>::get(listing), None);
		assert_noop!(attest(PROVIDER, listing, 0, POLICY), Error::<Test>::UnknownListing);
	});
}

/// What is sold changes when a listing is anonymized: a purchase signed against the raw
/// listing does not go through.
#[test]
fn a_purchase_signed_before_anonymization_was_required_fails() {
	build_and_execute(|| {
		let listing = stream_listing();
		set_consent(BUYER, msec_primitives::Purpose::PublicBenefit, Ok(0));
		assert_ok!(require(PROVIDER, listing, POLICY));
		assert_noop!(
			Marketplace::purchase(
				RuntimeOrigin::signed(BUYER),
				listing,
				1,
				msec_primitives::Purpose::PublicBenefit,
				[9; 32],
				PRICE,
				0
			),
			Error::<Test>::ListingChanged
		);
	});
}
