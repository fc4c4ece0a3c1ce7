//! The privileged origin: Root or a 2/3 council motion, and nobody else.
//!
//! On the local testnet the council is Alice, Bob (Santander), Charlie and Dave (Fujisawa):
//! 2/3 of four is three ayes, so neither city passes a motion alone.

mod common;

use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::Hooks};
use msec_runtime::{
	Council, NodeAuthorization, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, Session, System,
	ValidatorSet,
};
use sp_core::{proof_of_possession::ProofOfPossessionGenerator, OpaquePeerId, H256};
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::{
	traits::{Dispatchable, Hash as _},
	DispatchError,
};

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

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

/// Runs a council motion: `proposer` proposes `call` with `threshold`, `ayes` vote for it,
/// then it is closed. Returns the outcome of the dispatched call, `None` if it never ran.
fn motion(
	proposer: Sr25519Keyring,
	threshold: u32,
	call: RuntimeCall,
	ayes: &[Sr25519Keyring],
) -> Option<Result<(), DispatchError>> {
	let length = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	System::reset_events();
	assert_ok!(Council::propose(signed(proposer), threshold, Box::new(call), length));
	if threshold >= 2 {
		let index = pallet_collective::ProposalCount::<Runtime, _>::get() - 1;
		for voter in ayes {
			assert_ok!(Council::vote(signed(*voter), hash, index, true));
		}
		// Closing early only works once the ayes reach the threshold.
		let _ = Council::close(signed(proposer), hash, index, weight, length);
	}
	executed(hash)
}

fn executed(hash: H256) -> Option<Result<(), DispatchError>> {
	System::events().into_iter().find_map(|record| match record.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { proposal_hash, result })
			if proposal_hash == hash =>
			Some(result),
		_ => None,
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

#[test]
fn three_of_four_council_members_add_a_validator() {
	local_testnet().execute_with(|| {
		assert_eq!(motion(Alice, 3, add_eve(), &[Alice, Bob, Charlie]), Some(Ok(())));
		assert!(validators().contains(&Eve.to_account_id()));
	});
}

#[test]
fn one_city_alone_cannot_pass_a_motion() {
	local_testnet().execute_with(|| {
		// Santander's two members propose with a threshold they can reach themselves.
		let outcome = motion(Alice, 2, add_eve(), &[Alice, Bob]);
		assert_eq!(outcome, Some(Err(DispatchError::BadOrigin)));
		// With the right threshold, two ayes do not close the motion.
		assert_eq!(motion(Alice, 3, add_eve(), &[Alice, Bob]), None);
		assert!(!validators().contains(&Eve.to_account_id()));
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
		let keys = msec_runtime::SessionKeys {
			aura: Eve.public().into(),
			grandpa: sp_keyring::Ed25519Keyring::Eve.public().into(),
		};
		// What `author_rotateKeysWithOwner` returns: each key signs the owner's account id.
		let owner = eve.encode();
		let proof = (
			Eve.pair().generate_proof_of_possession(&owner),
			sp_keyring::Ed25519Keyring::Eve.pair().generate_proof_of_possession(&owner),
		);
		assert_ok!(Session::set_keys(signed(Eve), keys, proof.encode()));
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
