use frame_support::assert_ok;
use sp_core::H256;
use sp_runtime::Perbill;

use crate::mock::*;

#[test]
fn a_devices_attestations_come_oldest_first_with_their_confidence() {
	build_and_execute(|| {
		for n in 0..3 {
			assert_ok!(attest(&report(ACTIVE, n * 1_000, (n + 1) * 1_000)));
		}
		assert_ok!(attest(&report(OTHER_SENSOR, 0, 1_000)));
		assert_ok!(corroborate(1, OTHER_GATEWAY));
		assert_ok!(Ids::dispute(RuntimeOrigin::signed(SECURITY), 2, H256::zero()));
		set_now(3_000);

		let attestations = Ids::device_attestations(ACTIVE);
		assert_eq!(attestations.iter().map(|a| a.id).collect::<Vec<_>>(), vec![0, 1, 2]);
		let first = &attestations[0];
		assert_eq!((first.period_start, first.period_end), (0, 1_000));
		assert_eq!((first.submitter, first.rule_ids.clone()), (GATEWAY_OPERATOR, vec![3, 17, 42]));
		// MinCorroborations is 1: none gives half support, one gives full; 2 s of a one-day
		// half-life take a little off.
		assert!(first.confidence < Perbill::from_percent(50));
		assert!(first.confidence > Perbill::from_percent(49));
		assert_eq!(attestations[1].corroborations, vec![OTHER_GATEWAY]);
		assert!(attestations[1].confidence > Perbill::from_percent(99));
		assert_eq!(attestations[2].confidence, Perbill::zero(), "disputed");

		set_now(1_000 + HALF_LIFE);
		let later = Ids::device_attestations(ACTIVE);
		assert_eq!(later[0].confidence, Perbill::from_percent(25), "halved after a half-life");
		assert!(Ids::device_attestations(42).is_empty());
	});
}
