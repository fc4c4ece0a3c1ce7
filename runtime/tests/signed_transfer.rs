//! A signed transfer goes through `Executive` as a block would apply it: the signature is
//! checked, the nonce advances, the fee is charged and the funds move; bad transactions change
//! nothing.

mod common;

use frame_support::traits::fungible::Inspect;
use msec_runtime::{
	constants::currency::MSEC, signing::sign_call, AccountId, Balances, BalancesCall, Executive,
	Header, RuntimeCall, RuntimeEvent, System,
};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};
use sp_runtime::{
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
};

const AMOUNT: u128 = 5 * MSEC;

fn transfer_to_dave() -> RuntimeCall {
	RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
		dest: Dave.to_account_id().into(),
		value: AMOUNT,
	})
}

fn balance(who: &AccountId) -> u128 {
	Balances::balance(who)
}

/// Runs `test` in block 1 of the development chain.
fn in_block_one(test: impl FnOnce()) {
	common::genesis(DEV_RUNTIME_PRESET).execute_with(|| {
		let parent = System::block_hash(0);
		Executive::initialize_block(&Header::new(
			1,
			Default::default(),
			Default::default(),
			parent,
			Default::default(),
		));
		test();
	});
}

fn genesis_hash() -> msec_runtime::Hash {
	System::block_hash(0)
}

#[test]
fn signed_transfer_moves_funds_and_pays_its_fee() {
	in_block_one(|| {
		let alice = Alice.to_account_id();
		let dave = Dave.to_account_id();
		let (alice_before, dave_before) = (balance(&alice), balance(&dave));

		let xt = sign_call(transfer_to_dave(), &Alice.pair(), 0, genesis_hash());
		assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));

		let fee = System::events()
			.into_iter()
			.find_map(|record| match record.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid {
						who, actual_fee, ..
					},
				) if who == alice => Some(actual_fee),
				_ => None,
			})
			.expect("TransactionFeePaid event");
		assert!(fee > 0, "a transfer is not free");
		assert_eq!(balance(&dave), dave_before + AMOUNT);
		assert_eq!(balance(&alice), alice_before - AMOUNT - fee);
		assert_eq!(System::account_nonce(&alice), 1);
		System::assert_has_event(RuntimeEvent::Balances(pallet_balances::Event::Transfer {
			from: alice,
			to: dave,
			amount: AMOUNT,
		}));
	});
}

#[test]
fn transfer_signed_by_another_key_is_rejected_and_changes_nothing() {
	in_block_one(|| {
		let mut xt = sign_call(transfer_to_dave(), &Alice.pair(), 0, genesis_hash());
		// Claim Bob sent what Alice signed.
		if let sp_runtime::generic::Preamble::Signed(ref mut address, _, _) = xt.preamble {
			*address = Bob.to_account_id().into();
		}
		let bob_before = balance(&Bob.to_account_id());

		assert_eq!(
			Executive::apply_extrinsic(xt),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		assert_eq!(balance(&Bob.to_account_id()), bob_before);
		assert_eq!(System::account_nonce(Bob.to_account_id()), 0);
	});
}

#[test]
fn transfer_with_a_used_nonce_is_rejected() {
	in_block_one(|| {
		let first = sign_call(transfer_to_dave(), &Alice.pair(), 0, genesis_hash());
		assert_eq!(Executive::apply_extrinsic(first.clone()), Ok(Ok(())));
		let alice_after_first = balance(&Alice.to_account_id());

		assert_eq!(
			Executive::apply_extrinsic(first),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		assert_eq!(balance(&Alice.to_account_id()), alice_after_first);
	});
}

#[test]
fn transfer_for_another_chain_is_rejected() {
	in_block_one(|| {
		let other_chain = msec_runtime::Hash::repeat_byte(7);
		let xt = sign_call(transfer_to_dave(), &Alice.pair(), 0, other_chain);
		assert_eq!(
			Executive::apply_extrinsic(xt),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
	});
}

#[test]
fn transfer_beyond_the_balance_fails_but_still_pays_the_fee() {
	in_block_one(|| {
		let alice = Alice.to_account_id();
		let before = balance(&alice);
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: Dave.to_account_id().into(),
			value: before * 2,
		});
		let xt = sign_call(call, &Alice.pair(), 0, genesis_hash());
		let outcome = Executive::apply_extrinsic(xt).expect("valid transaction");
		assert!(outcome.is_err(), "dispatch must fail: {outcome:?}");
		let after = balance(&alice);
		assert!(after < before, "the fee was charged");
		assert!(before - after < MSEC, "only the fee was charged: {}", before - after);
	});
}
