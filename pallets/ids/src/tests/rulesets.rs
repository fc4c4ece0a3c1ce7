use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event, LatestRuleset, Rulesets};

#[test]
fn security_publishes_a_newer_rule_set() {
	build_and_execute(|| {
		assert_ok!(Ids::publish_ruleset(
			RuntimeOrigin::signed(SECURITY),
			2,
			H256::repeat_byte(2),
			120
		));
		let ruleset = Rulesets::<Test>::get(2).unwrap();
		assert_eq!(
			(ruleset.rules_hash, ruleset.rule_count, ruleset.retired),
			(H256::repeat_byte(2), 120, false)
		);
		assert_eq!(LatestRuleset::<Test>::get(), 2);
		assert_eq!(
			last_event(),
			Event::RulesetPublished {
				version: 2,
				rules_hash: H256::repeat_byte(2),
				rule_count: 120
			}
		);
	});
}

#[test]
fn publish_ruleset_fails_for_others_old_versions_and_empty_sets() {
	build_and_execute(|| {
		assert_noop!(
			Ids::publish_ruleset(RuntimeOrigin::signed(GATEWAY_OPERATOR), 2, H256::zero(), 1),
			DispatchError::BadOrigin
		);
		for version in [0, 1] {
			assert_noop!(
				Ids::publish_ruleset(RuntimeOrigin::signed(SECURITY), version, H256::zero(), 1),
				Error::<Test>::VersionNotIncreasing
			);
		}
		assert_noop!(
			Ids::publish_ruleset(RuntimeOrigin::signed(SECURITY), 2, H256::zero(), 0),
			Error::<Test>::EmptyRuleset
		);
	});
}

#[test]
fn security_retires_a_rule_set() {
	build_and_execute(|| {
		assert_ok!(Ids::retire_ruleset(RuntimeOrigin::signed(SECURITY), 1));
		assert!(Rulesets::<Test>::get(1).unwrap().retired);
		assert_eq!(last_event(), Event::RulesetRetired { version: 1 });
	});
}

#[test]
fn retire_ruleset_fails_for_others_unknown_and_retired_sets() {
	build_and_execute(|| {
		assert_noop!(
			Ids::retire_ruleset(RuntimeOrigin::signed(GATEWAY_OPERATOR), 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Ids::retire_ruleset(RuntimeOrigin::signed(SECURITY), 9),
			Error::<Test>::UnknownRuleset
		);
		assert_ok!(Ids::retire_ruleset(RuntimeOrigin::signed(SECURITY), 1));
		assert_noop!(
			Ids::retire_ruleset(RuntimeOrigin::signed(SECURITY), 1),
			Error::<Test>::RulesetRetired
		);
	});
}
