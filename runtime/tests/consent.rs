//! The consent pallet in the runtime: a citizen grants and withdraws, the council appoints a
//! guardian who acts for a person in care, and what other pallets see through ConsentInspect.

mod common;

use frame_support::{assert_noop, assert_ok, BoundedVec};
use msec_primitives::{ConsentInspect, ConsentRefusal, Jurisdiction, LegalBasis, Purpose};
use msec_runtime::{Consent, Runtime, RuntimeCall, RuntimeOrigin, System};
use sp_core::H256;
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Charlie, Dave, Ferdie};
use sp_runtime::{AccountId32, DispatchError};

fn local_testnet() -> sp_io::TestExternalities {
	let mut ext = common::genesis(LOCAL_TESTNET_RUNTIME_PRESET);
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000);
	});
	ext
}

/// `granted_by` consents for `subject` to Alice (Santander's sensor operator) processing
/// their data for public-benefit planning.
fn grant(granted_by: &AccountId32, subject: Option<&AccountId32>) -> sp_runtime::DispatchResult {
	let purposes = BoundedVec::truncate_from(vec![Purpose::PublicBenefit]);
	let origin = RuntimeOrigin::signed(granted_by.clone());
	let notice = H256::repeat_byte(0x17);
	match subject {
		None => Consent::grant(
			origin,
			Alice.to_account_id(),
			purposes,
			LegalBasis::Consent,
			BoundedVec::new(),
			None,
			notice,
		),
		Some(subject) => Consent::grant_on_behalf(
			origin,
			subject.clone(),
			Alice.to_account_id(),
			purposes,
			LegalBasis::Consent,
			BoundedVec::new(),
			None,
			notice,
		),
	}
}

fn permitted(subject: &AccountId32) -> Result<u64, ConsentRefusal> {
	Consent::permitted(
		subject,
		&Alice.to_account_id(),
		Purpose::PublicBenefit,
		Jurisdiction::Eu,
		Jurisdiction::Japan,
	)
}

#[test]
fn a_citizen_grants_and_withdraws_and_the_marketplace_sees_it_at_once() {
	local_testnet().execute_with(|| {
		let citizen = Ferdie.to_account_id();
		assert_eq!(permitted(&citizen), Err(ConsentRefusal::Missing));
		assert_ok!(grant(&citizen, None));
		assert_eq!(permitted(&citizen), Ok(0), "EU to Japan: mutual adequacy");
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(citizen.clone()), 0));
		assert_eq!(permitted(&citizen), Err(ConsentRefusal::Withdrawn));
		assert_eq!(Consent::consents_of(&citizen).len(), 1, "the record stays in the view");
	});
}

#[test]
fn only_a_two_city_motion_or_the_ward_appoints_a_guardian() {
	local_testnet().execute_with(|| {
		let ward = AccountId32::new([7; 32]);
		let daughter = Dave.to_account_id();
		assert_noop!(
			Consent::set_guardian(
				RuntimeOrigin::signed(daughter.clone()),
				ward.clone(),
				Some(daughter.clone())
			),
			DispatchError::BadOrigin
		);
		// On a court's decision, the council appoints Dave: a motion both cities vote for.
		let appoint = RuntimeCall::Consent(pallet_consent::Call::set_guardian {
			ward: ward.clone(),
			guardian: Some(daughter.clone()),
		});
		assert_eq!(common::motion(Alice, 3, appoint, &[Alice, Charlie, Dave]), Some(Ok(())));
		assert_ok!(grant(&daughter, Some(&ward)));
		assert_eq!(permitted(&ward), Ok(0));
		// The ward cannot undo the appointment.
		assert_noop!(
			Consent::set_guardian(RuntimeOrigin::signed(ward.clone()), ward.clone(), None),
			pallet_consent::Error::<Runtime>::GuardianAppointed
		);
		msec_runtime::invariants::holds_have_records().expect("every hold has its record");
	});
}
