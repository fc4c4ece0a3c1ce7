//! The registry in the runtime: the council registers participants, providers register
//! devices against a deposit, and plain accounts change nothing they do not own.

mod common;

use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use msec_primitives::{DeviceKey, DeviceKind, Jurisdiction, Roles};
use msec_runtime::{
	configs::DeviceDeposit, Registry, Runtime, RuntimeHoldReason, RuntimeOrigin, System,
};
use sp_core::H256;
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Ferdie};
use sp_runtime::DispatchError;

fn local_testnet() -> sp_io::TestExternalities {
	let mut ext = common::genesis(LOCAL_TESTNET_RUNTIME_PRESET);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn buyer() -> Roles {
	Roles { provider: false, buyer: true, security: false }
}

#[test]
fn root_registers_a_participant_and_a_signed_account_cannot() {
	local_testnet().execute_with(|| {
		assert_noop!(
			Registry::register_participant(
				RuntimeOrigin::signed(Alice.to_account_id()),
				Ferdie.to_account_id(),
				Jurisdiction::Eu,
				buyer()
			),
			DispatchError::BadOrigin
		);
		assert_ok!(Registry::register_participant(
			RuntimeOrigin::root(),
			Ferdie.to_account_id(),
			Jurisdiction::Eu,
			buyer()
		));
		assert!(pallet_registry::Participants::<Runtime>::contains_key(Ferdie.to_account_id()));
	});
}

#[test]
fn a_provider_registers_a_device_against_a_deposit_and_a_buyer_cannot() {
	local_testnet().execute_with(|| {
		use sp_core::Pair;
		let pair = sp_core::ed25519::Pair::from_seed(&[7; 32]);
		let key = DeviceKey::Ed25519(pair.public());
		let possession = |owner: &msec_runtime::AccountId| {
			let payload =
				msec_primitives::key_possession_payload(System::block_hash(0).as_ref(), owner);
			msec_primitives::DeviceSignature::Ed25519(pair.sign(&payload))
		};
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(Bob.to_account_id()),
				key.clone(),
				DeviceKind::Camera,
				H256::zero(),
				possession(&Bob.to_account_id())
			),
			pallet_registry::Error::<Runtime>::NotProvider
		);
		let reason = RuntimeHoldReason::Registry(pallet_registry::HoldReason::DeviceDeposit);
		let alice = Alice.to_account_id();
		let held_before = pallet_balances::Pallet::<Runtime>::balance_on_hold(&reason, &alice);
		// A proof made out to someone else does not do: the key's holder signs for Alice.
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(alice.clone()),
				key.clone(),
				DeviceKind::Camera,
				H256::zero(),
				possession(&Bob.to_account_id())
			),
			pallet_registry::Error::<Runtime>::BadKeyProof
		);
		assert_ok!(Registry::register_device(
			RuntimeOrigin::signed(alice.clone()),
			key,
			DeviceKind::Camera,
			H256::zero(),
			possession(&alice)
		));
		assert_eq!(
			pallet_balances::Pallet::<Runtime>::balance_on_hold(&reason, &alice),
			held_before + DeviceDeposit::get()
		);
		pallet_registry::Pallet::<Runtime>::do_try_state().expect("registry invariants hold");
	});
}
