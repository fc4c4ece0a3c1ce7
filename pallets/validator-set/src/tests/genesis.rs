use sp_runtime::BuildStorage;

use crate::mock::Test;

fn build(initial_validators: Vec<u64>) {
	let _ = crate::GenesisConfig::<Test> { initial_validators }.build_storage();
}

#[test]
#[should_panic(expected = "a validator is listed twice")]
fn genesis_rejects_a_duplicate_validator() {
	build(vec![1, 2, 2]);
}

#[test]
#[should_panic(expected = "fewer than MinValidators")]
fn genesis_rejects_too_few_validators() {
	build(vec![1]);
}

#[test]
#[should_panic(expected = "more than MaxValidators")]
fn genesis_rejects_too_many_validators() {
	build(vec![1, 2, 3, 4, 5]);
}

#[test]
fn an_empty_genesis_set_leaves_the_session_validators_unmanaged() {
	use frame_support::assert_noop;

	use crate::{mock::*, Error, Validators};

	let mut ext: sp_io::TestExternalities = RuntimeGenesisConfig::default()
		.build_storage()
		.expect("default genesis builds")
		.into();
	ext.execute_with(|| {
		assert!(Validators::<Test>::get().is_empty());
		pallet_session::NextKeys::<Test>::insert(4, sp_runtime::testing::UintAuthorityId(4));
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4), Error::<Test>::TooFew);
		ValidatorSet::do_try_state().expect("an empty set is valid");
	});
}
