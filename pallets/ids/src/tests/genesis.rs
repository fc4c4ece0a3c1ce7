use frame_support::traits::BuildGenesisConfig;
use sp_core::H256;

use crate::{mock::*, GenesisConfig, LatestRuleset, Rulesets};

#[test]
fn genesis_publishes_its_rule_sets() {
	sp_io::TestExternalities::default().execute_with(|| {
		GenesisConfig::<Test> {
			rulesets: vec![(1, H256::repeat_byte(1), 10), (3, H256::repeat_byte(3), 12)],
			..Default::default()
		}
		.build();
		assert_eq!(LatestRuleset::<Test>::get(), 3);
		assert_eq!(Rulesets::<Test>::get(3).map(|r| r.rule_count), Some(12));
		Ids::do_try_state().expect("IDS invariants hold");
	});
}

#[test]
#[should_panic(expected = "genesis rule set 1")]
fn genesis_refuses_versions_out_of_order() {
	sp_io::TestExternalities::default().execute_with(|| {
		GenesisConfig::<Test> {
			rulesets: vec![(2, H256::repeat_byte(2), 10), (1, H256::repeat_byte(1), 10)],
			..Default::default()
		}
		.build();
	});
}
