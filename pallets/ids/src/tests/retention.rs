use frame_support::{
	assert_ok,
	traits::{fungible::InspectHold, Hooks},
	weights::{constants::RocksDbWeight, Weight},
};

use crate::{
	mock::*, Attestations, DeviceAttestations, Event, HoldReason, OldestAttestation, RecentSevere,
	WeightInfo,
};

fn held() -> u64 {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Ids(HoldReason::AttestationDeposit),
		&GATEWAY_OPERATOR,
	)
}

fn stored() -> usize {
	Attestations::<Test>::iter().count()
}

/// Device ACTIVE's reports for [0, 1000) and [1000, 2000), submitted at blocks 1 and 2.
fn two_attestations() {
	assert_ok!(attest(&report(ACTIVE, 0, 1_000)));
	System::set_block_number(2);
	assert_ok!(attest(&report(ACTIVE, 1_000, 2_000)));
}

#[test]
fn attestations_expire_after_the_retention_and_release_their_deposits() {
	build_and_execute(|| {
		two_attestations();
		assert_eq!(held(), 2 * DEPOSIT);

		Ids::on_idle(RETENTION, Weight::MAX);
		assert_eq!(stored(), 2, "not yet: submitted at block 1");

		Ids::on_idle(1 + RETENTION, Weight::MAX);
		assert_eq!(Attestations::<Test>::get(0), None);
		assert!(Attestations::<Test>::get(1).is_some());
		assert_eq!(held(), DEPOSIT);
		assert_eq!(OldestAttestation::<Test>::get(), 1);
		assert!(!DeviceAttestations::<Test>::contains_key(ACTIVE, 0));
		assert_eq!(RecentSevere::<Test>::get(ACTIVE).unwrap().to_vec(), vec![1]);
		assert_eq!(
			last_event(),
			Event::AttestationExpired { attestation: 0, submitter: GATEWAY_OPERATOR }
		);

		Ids::on_idle(2 + RETENTION, Weight::MAX);
		assert_eq!((stored(), held()), (0, 0));
		assert_eq!(RecentSevere::<Test>::get(ACTIVE), None);
	});
}

#[test]
fn expiry_stops_at_the_weight_it_is_given() {
	build_and_execute(|| {
		two_attestations();
		let bookkeeping = RocksDbWeight::get().reads_writes(2, 1);
		let one = bookkeeping + <Test as crate::Config>::WeightInfo::expire_attestation();

		let used = Ids::on_idle(100, one);
		assert_eq!(stored(), 1, "one expiry fits");
		assert!(used.all_lte(one));

		Ids::on_idle(101, Weight::zero());
		assert_eq!(stored(), 1, "no weight, no work");
	});
}
