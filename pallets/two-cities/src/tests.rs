//! A motion is enacted with Root only with an aye of every city.

use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event};

/// A Root-only call: what a privileged change looks like.
fn privileged() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::set_storage {
		items: vec![(b"city".to_vec(), b"both".to_vec())],
	})
}

fn enact(call: RuntimeCall) -> frame_support::dispatch::DispatchResultWithPostInfo {
	TwoCities::enact(RuntimeOrigin::signed(MOTION), Box::new(call))
}

#[test]
fn a_motion_with_an_aye_of_each_city_is_enacted_with_root() {
	new_test_ext().execute_with(|| {
		vote(&privileged(), &[2, 3]);
		assert_ok!(enact(privileged()));
		assert_eq!(sp_io::storage::get(b"city").as_deref(), Some(&b"both"[..]));
		let motion = TwoCities::motion_hash(&privileged());
		System::assert_last_event(Event::Enacted { motion, result: Ok(()) }.into());
	});
}

#[test]
fn one_city_cannot_pass_a_motion_alone() {
	new_test_ext().execute_with(|| {
		// Both Santander members, or both Fujisawa members, are not enough, whatever the
		// threshold said.
		for ayes in [&[1, 2][..], &[3, 4][..]] {
			vote(&privileged(), ayes);
			assert_noop!(enact(privileged()), Error::<Test>::CityMissing);
		}
		assert_eq!(sp_io::storage::get(b"city"), None);
	});
}

#[test]
fn a_member_of_no_city_does_not_stand_for_one() {
	new_test_ext().execute_with(|| {
		vote(&privileged(), &[1, 2, 5]);
		assert_noop!(enact(privileged()), Error::<Test>::CityMissing);
	});
}

#[test]
fn a_call_no_open_vote_carries_is_not_enacted() {
	new_test_ext().execute_with(|| {
		// A motion executed when proposed (threshold 1), or another call than voted on.
		vote(&privileged(), &[1, 3]);
		let other = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		assert_noop!(enact(other), Error::<Test>::NotAMotion);
	});
}

#[test]
fn only_a_motion_at_its_threshold_enacts() {
	new_test_ext().execute_with(|| {
		vote(&privileged(), &[1, 3]);
		for origin in [RuntimeOrigin::signed(1), RuntimeOrigin::root()] {
			assert_noop!(
				TwoCities::enact(origin, Box::new(privileged())),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn a_failing_call_leaves_nothing_and_says_why() {
	new_test_ext().execute_with(|| {
		// A call Root may not make (a nested enact needs a motion) fails; its error is what the
		// motion reports, and its `Enacted` event is gone with everything else.
		let inner = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		let broken = RuntimeCall::TwoCities(crate::Call::enact { call: Box::new(inner) });
		vote(&broken, &[1, 3]);
		let error = enact(broken).expect_err("Root is no motion");
		assert_eq!(error.error, DispatchError::BadOrigin);
		assert!(System::events().is_empty());
	});
}

#[test]
fn the_weight_covers_the_enacted_call() {
	let call = privileged();
	let outer = RuntimeCall::TwoCities(crate::Call::enact { call: Box::new(call.clone()) });
	assert!(
		outer.get_dispatch_info().call_weight.ref_time() > call.get_dispatch_info().call_weight.ref_time()
	);
}
