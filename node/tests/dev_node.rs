//! End to end: the built `msec-node --dev --tmp` produces and finalizes blocks and executes a
//! signed transfer submitted over JSON-RPC.

mod common;

use codec::{Decode, Encode};
use common::{NodeProcess, RpcClient};
use msec_runtime::{
	constants::currency::MSEC, signing::sign_call, BalancesCall, Hash, Runtime, RuntimeCall,
	RuntimeEvent,
};
use sp_keyring::Sr25519Keyring;

type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_finalizes_blocks_and_executes_a_signed_transfer() {
	let mut node = NodeProcess::start_dev();
	let rpc = RpcClient::connect(&mut node).await;

	// Blocks are produced and finalized.
	rpc.wait_for_best_block(&node, 2).await;
	rpc.wait_for_finalized_block(&node, 1).await;

	// The chain tells wallets its token without custom types.
	let properties = rpc.request::<serde_json::Value>("system_properties", vec![]).await;
	assert_eq!(properties["tokenSymbol"], "MSEC", "{properties}");
	assert_eq!(properties["tokenDecimals"], 12, "{properties}");
	assert_eq!(properties["ss58Format"], 42, "{properties}");

	// Alice sends Dave 7 MSEC.
	let alice = Sr25519Keyring::Alice;
	let dave = Sr25519Keyring::Dave;
	let amount = 7 * MSEC;
	let genesis_hash: Hash = rpc.request("chain_getBlockHash", vec![0.into()]).await;
	let nonce: u32 = rpc
		.request("system_accountNextIndex", vec![alice.to_account_id().to_string().into()])
		.await;
	let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
		dest: dave.to_account_id().into(),
		value: amount,
	});
	let extrinsic = sign_call(call, &alice.pair(), nonce, genesis_hash);
	let block_hash = rpc.submit_and_wait_in_block(&node, &extrinsic.encode()).await;

	let events = rpc.events_at(block_hash).await;
	let events = Vec::<EventRecord>::decode(&mut &events[..]).expect("System.Events decodes");
	let transferred = events.iter().any(|record| {
		record.event ==
			RuntimeEvent::Balances(pallet_balances::Event::<Runtime>::Transfer {
				from: alice.to_account_id(),
				to: dave.to_account_id(),
				amount,
			})
	});
	assert!(transferred, "no Transfer event in block {block_hash:?}: {events:?}");
	let fee_paid = events.iter().any(|record| {
		matches!(
			&record.event,
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, .. }
			) if *who == alice.to_account_id() && *actual_fee > 0
		)
	});
	assert!(fee_paid, "Alice paid no fee in block {block_hash:?}: {events:?}");
}
