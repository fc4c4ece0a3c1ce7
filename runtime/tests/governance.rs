//! The privileged origin: Root (sudo on test chains), or a council motion carried by 2/3 of the
//! council with an aye of each city (`TwoCities.enact`), and nobody else.
//!
//! On the local testnet the council is Alice, Bob (Santander, registered in the EU), Charlie and
//! Dave (Fujisawa, registered in Japan).

mod common;

use common::{executed, motion, raw_motion, signed};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::Hooks};
use msec_primitives::{Jurisdiction, Roles};
use msec_runtime::{
	Council, CouncilMembership, NodeAuthorization, Registry, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, Session, System, ValidatorSet,
};
use sp_core::{proof_of_possession::ProofOfPossessionGenerator, OpaquePeerId, H256};
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{
	traits::{Dispatchable, Hash as _},
	DispatchError,
};

fn add_eve() -> RuntimeCall {
	RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
		who: Eve.to_account_id(),
	})
}

fn authorize_node() -> RuntimeCall {
	RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_well_known_node {
		node: OpaquePeerId(vec![7; 38]),
		owner: Eve.to_account_id().into(),
	})
}

fn local_testnet() -> sp_io::TestExternalities {
	let mut ext = common::genesis(LOCAL_TESTNET_RUNTIME_PRESET);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn validators() -> Vec<sp_runtime::AccountId32> {
	pallet_validator_set::Validators::<Runtime>::get().to_vec()
}

/// Eve registers session keys, as `author_rotateKeysWithOwner` and `Session.set_keys` do: each
/// key signs the owner's account id.
fn eve_sets_session_keys() {
	let eve = Eve.to_account_id();
	let keys = msec_runtime::SessionKeys {
		aura: Eve.public().into(),
		grandpa: sp_keyring::Ed25519Keyring::Eve.public().into(),
	};
	let owner = eve.encode();
	let proof = (
		Eve.pair().generate_proof_of_possession(&owner),
		sp_keyring::Ed25519Keyring::Eve.pair().generate_proof_of_possession(&owner),
	);
	assert_ok!(Session::set_keys(signed(Eve), keys, proof.encode()));
}

#[test]
fn three_of_four_council_members_add_a_validator() {
	local_testnet().execute_with(|| {
		eve_sets_session_keys();
		assert_eq!(motion(Alice, 3, add_eve(), &[Alice, Bob, Charlie]), Some(Ok(())));
		assert!(validators().contains(&Eve.to_account_id()));
	});
}

/// The review's M8: a validator without session keys was added, then silently dropped.
#[test]
fn a_motion_cannot_add_a_validator_without_session_keys() {
	local_testnet().execute_with(|| {
		let no_keys: sp_runtime::DispatchError =
			pallet_validator_set::Error::<Runtime>::NoSessionKeys.into();
		assert_eq!(motion(Alice, 3, add_eve(), &[Alice, Bob, Charlie]), Some(Err(no_keys)));
	});
}

#[test]
fn one_city_alone_cannot_pass_a_motion() {
	local_testnet().execute_with(|| {
		eve_sets_session_keys();
		// Santander's two members propose with a threshold they can reach themselves.
		let outcome = motion(Alice, 2, add_eve(), &[Alice, Bob]);
		assert_eq!(outcome, Some(Err(DispatchError::BadOrigin)));
		// With the right threshold, two ayes do not close the motion.
		assert_eq!(motion(Alice, 3, add_eve(), &[Alice, Bob]), None);
		// Nor does the call pass without the two-city approval, at any threshold.
		assert_eq!(raw_motion(Alice, 3, add_eve(), &[Alice, Bob, Charlie]), Some(Err(DispatchError::BadOrigin)));
		assert!(!validators().contains(&Eve.to_account_id()));
	});
}

/// The review's M6: with a prime, abstentions counted as ayes when a motion closed after its
/// duration, so one city passed motions by the other's silence.
#[test]
fn one_city_cannot_pass_a_motion_by_abstention() {
	local_testnet().execute_with(|| {
		eve_sets_session_keys();
		assert_ok!(CouncilMembership::set_prime(RuntimeOrigin::root(), Alice.to_account_id().into()));
		let call = RuntimeCall::TwoCities(pallet_two_cities::Call::enact {
			call: Box::new(add_eve()),
		});
		let length = call.encoded_size() as u32;
		let weight = call.get_dispatch_info().call_weight;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		assert_ok!(Council::propose(signed(Alice), 3, Box::new(call), length));
		assert_ok!(Council::vote(signed(Alice), hash, 0, true));
		assert_ok!(Council::vote(signed(Bob), hash, 0, true));
		// Fujisawa stays silent until the motion's week is over.
		let end = System::block_number() + msec_runtime::configs::governance::CouncilMotionDuration::get();
		System::set_block_number(end + 1);
		assert_ok!(Council::close(signed(Alice), hash, 0, weight, length));
		assert_eq!(executed(hash), None, "the silent votes count as nays");
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Council(pallet_collective::Event::Disapproved { .. })
		)));
		assert!(!validators().contains(&Eve.to_account_id()));
	});
}

/// Makes the council Alice, Bob, Eve and Ferdie for Santander (all registered in the EU) and
/// Charlie and Dave for Fujisawa: 2/3 of six is four, which Santander reaches alone.
fn four_and_two_seats() {
	assert_ok!(Registry::update_participant(
		RuntimeOrigin::root(),
		Eve.to_account_id(),
		Jurisdiction::Eu,
		Roles { provider: false, buyer: true, security: true }
	));
	assert_ok!(Registry::register_participant(
		RuntimeOrigin::root(),
		Ferdie.to_account_id(),
		Jurisdiction::Eu,
		Roles { provider: false, buyer: false, security: true }
	));
	let members = [Alice, Bob, Eve, Ferdie, Charlie, Dave].map(|k| k.to_account_id()).to_vec();
	assert_ok!(CouncilMembership::reset_members(RuntimeOrigin::root(), members));
}

#[test]
fn a_city_with_more_seats_cannot_pass_a_motion_alone() {
	local_testnet().execute_with(|| {
		four_and_two_seats();
		let outcome = motion(Alice, 4, authorize_node(), &[Alice, Bob, Eve, Ferdie]);
		let city_missing: DispatchError = pallet_two_cities::Error::<Runtime>::CityMissing.into();
		assert_eq!(outcome, Some(Err(city_missing)));
		// Three Santander ayes and one of Fujisawa carry it.
		assert_eq!(motion(Alice, 4, authorize_node(), &[Alice, Bob, Eve, Charlie]), Some(Ok(())));
	});
}

/// The review of this change: a city with 2/3 of the seats proposed `Utility.batch_all` of an
/// `enact` whose ayes it borrowed from another city's open motion of the same call.
#[test]
fn a_city_cannot_borrow_another_motions_ayes_through_a_batch() {
	local_testnet().execute_with(|| {
		four_and_two_seats();
		let enact = RuntimeCall::TwoCities(pallet_two_cities::Call::enact {
			call: Box::new(authorize_node()),
		});
		// Fujisawa's Charlie proposes the enactment and votes aye; it stays open.
		let length = enact.encoded_size() as u32;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&enact);
		assert_ok!(Council::propose(signed(Charlie), 4, Box::new(enact.clone()), length));
		assert_ok!(Council::vote(signed(Charlie), hash, 0, true));
		// Santander alone carries a batch of the same enactment.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![enact] });
		let outcome = raw_motion(Alice, 4, batch, &[Alice, Bob, Eve, Ferdie]);
		assert_eq!(outcome, Some(Err(frame_system::Error::<Runtime>::CallFiltered.into())));
		let nodes = pallet_node_authorization::WellKnownNodes::<Runtime>::get();
		assert!(!nodes.contains(&OpaquePeerId(vec![7; 38])));
	});
}

#[test]
fn a_member_outside_both_cities_stands_for_neither() {
	local_testnet().execute_with(|| {
		// Eve (Korea) replaces Dave: Alice, Bob and Eve reach 3 of 4 without Fujisawa.
		assert_ok!(CouncilMembership::swap_member(
			RuntimeOrigin::root(),
			Dave.to_account_id().into(),
			Eve.to_account_id().into()
		));
		let city_missing: DispatchError = pallet_two_cities::Error::<Runtime>::CityMissing.into();
		assert_eq!(motion(Alice, 3, authorize_node(), &[Alice, Bob, Eve]), Some(Err(city_missing)));
	});
}

/// The review's H2: nothing turned a council motion into Root, so the production chain could
/// never be upgraded. The node test `two_city_network` applies the code on a running network.
#[test]
fn both_cities_authorize_a_runtime_upgrade_and_one_alone_cannot() {
	local_testnet().execute_with(|| {
		let code_hash = H256::repeat_byte(0x42);
		let authorize = || RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		assert_eq!(motion(Charlie, 2, authorize(), &[Charlie, Dave]), Some(Err(DispatchError::BadOrigin)));
		assert!(System::authorized_upgrade().is_none());
		assert_eq!(motion(Alice, 3, authorize(), &[Alice, Bob, Dave]), Some(Ok(())));
		assert_eq!(System::authorized_upgrade().map(|a| *a.code_hash()), Some(code_hash));
	});
}

/// The review's L10: fees accumulated in the marketplace account with no way to spend them.
#[test]
fn both_cities_spend_the_marketplace_fees() {
	local_testnet().execute_with(|| {
		use frame_support::traits::fungible::{Inspect, Mutate};
		let fees = pallet_marketplace::Pallet::<Runtime>::fee_account();
		let collected = 5 * msec_runtime::constants::currency::MSEC;
		assert_ok!(msec_runtime::Balances::mint_into(&fees, collected));
		let spend = RuntimeCall::Balances(pallet_balances::Call::force_transfer {
			source: fees.clone().into(),
			dest: Charlie.to_account_id().into(),
			value: collected,
		});
		let before = msec_runtime::Balances::balance(&Charlie.to_account_id());
		assert_eq!(motion(Bob, 3, spend, &[Bob, Charlie, Dave]), Some(Ok(())));
		assert_eq!(msec_runtime::Balances::balance(&Charlie.to_account_id()) - before, collected);
	});
}

#[test]
fn a_lone_member_cannot_change_validators_or_peers() {
	local_testnet().execute_with(|| {
		// Threshold 1 dispatches at once, as a 1-of-4 council origin.
		assert_eq!(motion(Dave, 1, add_eve(), &[]), Some(Err(DispatchError::BadOrigin)));
		assert_eq!(motion(Dave, 1, authorize_node(), &[]), Some(Err(DispatchError::BadOrigin)));
		assert_eq!(validators().len(), 4);
		assert_eq!(pallet_node_authorization::WellKnownNodes::<Runtime>::get().len(), 4);
	});
}

#[test]
fn non_members_and_signed_accounts_are_refused() {
	local_testnet().execute_with(|| {
		let not_member = Council::propose(signed(Eve), 3, Box::new(add_eve()), 100);
		assert!(not_member.is_err());
		assert_noop!(
			ValidatorSet::add_validator(signed(Alice), Eve.to_account_id()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			NodeAuthorization::add_well_known_node(
				signed(Alice),
				OpaquePeerId(vec![7; 38]),
				Eve.to_account_id().into()
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_motion_authorizes_a_peer() {
	local_testnet().execute_with(|| {
		assert_eq!(motion(Charlie, 3, authorize_node(), &[Alice, Charlie, Dave]), Some(Ok(())));
		let nodes = pallet_node_authorization::WellKnownNodes::<Runtime>::get();
		assert!(nodes.contains(&OpaquePeerId(vec![7; 38])));
	});
}

#[test]
fn an_added_validator_with_keys_joins_at_the_session_after_next() {
	local_testnet().execute_with(|| {
		let eve = Eve.to_account_id();
		eve_sets_session_keys();
		assert_eq!(motion(Alice, 3, add_eve(), &[Alice, Bob, Dave]), Some(Ok(())));

		let start = Session::current_index();
		while Session::current_index() < start + 2 {
			let next = System::block_number() + 1;
			System::set_block_number(next);
			Session::on_initialize(next);
		}
		assert!(pallet_session::Validators::<Runtime>::get().contains(&eve));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 5);
	});
}

#[test]
fn no_account_claims_a_peer_id_outside_the_council() {
	local_testnet().execute_with(|| {
		let node = OpaquePeerId(vec![9; 38]);
		let claim = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node {
			node: node.clone(),
		});
		let result = claim.dispatch(signed(Eve)).map_err(|error| error.error);
		assert_eq!(result, Err(frame_system::Error::<Runtime>::CallFiltered.into()));
		assert_eq!(pallet_node_authorization::Owners::<Runtime>::get(&node), None);
	});
}

#[test]
fn an_owner_adds_connections_to_their_own_node_only() {
	local_testnet().execute_with(|| {
		let alices_node = OpaquePeerId(
			bs58::decode(msec_runtime::genesis_config_presets::LOCAL_TESTNET_PEER_IDS[0])
				.into_vec()
				.unwrap(),
		);
		let archive = OpaquePeerId(vec![8; 38]);
		assert_ok!(NodeAuthorization::add_connections(
			signed(Alice),
			alices_node.clone(),
			vec![archive.clone()]
		));
		assert!(pallet_node_authorization::AdditionalConnections::<Runtime>::get(&alices_node)
			.contains(&archive));
		assert!(
			NodeAuthorization::add_connections(signed(Bob), alices_node, vec![archive]).is_err()
		);
	});
}
