//! Talking to the runtime over JSON-RPC: signed calls and their events, council motions,
//! storage reads.

use codec::{Decode, Encode};
use frame_support::dispatch::GetDispatchInfo;
use msec_runtime::{signing::sign_call, Hash, Runtime, RuntimeCall, RuntimeError, RuntimeEvent};
use serde_json::Value;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Hash as _, DispatchError};

use super::{NodeProcess, RpcClient};

/// An event with the phase it was emitted in.
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

/// Signs `call` as `signer` with its next nonce, submits it through `node` and returns the
/// events of that extrinsic once it is in a block.
pub async fn submit(
	rpc: &RpcClient,
	node: &NodeProcess,
	signer: Sr25519Keyring,
	call: RuntimeCall,
) -> Vec<RuntimeEvent> {
	submit_in_block(rpc, node, signer, call).await.1
}

/// As [`submit`], with the hash of the block the extrinsic is in.
pub async fn submit_in_block(
	rpc: &RpcClient,
	node: &NodeProcess,
	signer: Sr25519Keyring,
	call: RuntimeCall,
) -> (Hash, Vec<RuntimeEvent>) {
	let genesis_hash: Hash = rpc.request("chain_getBlockHash", vec![0.into()]).await;
	// On a dev node Alice is also the provider whose stream worker signs transactions: it may
	// take the nonce between our read and our submission. Then sign again with the next one.
	let mut attempts = 0;
	let (extrinsic, block_hash) = loop {
		attempts += 1;
		let nonce: u32 = rpc
			.request("system_accountNextIndex", vec![signer.to_account_id().to_string().into()])
			.await;
		let extrinsic = sign_call(call.clone(), &signer.pair(), nonce, genesis_hash).encode();
		match rpc.try_submit_and_wait_in_block(node, &extrinsic).await {
			Ok(block_hash) => break (extrinsic, block_hash),
			Err(failure)
				if attempts < 5 &&
					(failure.contains("Priority is too low") || failure.contains("usurped")) =>
			{
				tokio::time::sleep(std::time::Duration::from_secs(1)).await
			},
			Err(failure) => panic!("{failure}"),
		}
	};

	let block: Value = rpc
		.request("chain_getBlock", vec![serde_json::to_value(block_hash).expect("hash")])
		.await;
	let ours = format!("0x{}", hex::encode(&extrinsic));
	let index = block["block"]["extrinsics"]
		.as_array()
		.and_then(|all| all.iter().position(|e| e.as_str() == Some(ours.as_str())))
		.unwrap_or_else(|| panic!("extrinsic not in block {block_hash:?}"));
	let index = u32::try_from(index).expect("few extrinsics");

	let events = rpc.events_at(block_hash).await;
	let events = Vec::<EventRecord>::decode(&mut &events[..])
		.expect("System.Events decodes")
		.into_iter()
		.filter(|record| record.phase == frame_system::Phase::ApplyExtrinsic(index))
		.map(|record| record.event)
		.collect();
	(block_hash, events)
}

/// How a dispatched extrinsic ended, from its events.
pub fn dispatch_result(events: &[RuntimeEvent]) -> Result<(), DispatchError> {
	for event in events {
		match event {
			RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }) => return Ok(()),
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) => return Err(*dispatch_error),
			_ => {},
		}
	}
	panic!("neither ExtrinsicSuccess nor ExtrinsicFailed in {events:?}")
}

/// The pallet error behind `error`, if it is one.
pub fn runtime_error(error: DispatchError) -> Option<RuntimeError> {
	RuntimeError::from_dispatch_error(error)
}

/// What became of a council motion's call: dispatched with this result, or never run.
pub fn executed(events: &[RuntimeEvent]) -> Option<Result<(), DispatchError>> {
	events.iter().find_map(|event| match event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(*result),
		_ => None,
	})
}

/// A privileged change: a council motion, proposed by `proposer` at `threshold` ayes and
/// voted aye by `ayes`, that enacts `call` with both cities' approval
/// (`TwoCities.enact(call)`). Returns what the motion's dispatch returned, `None` if it never
/// ran.
pub async fn council_motion(
	rpc: &RpcClient,
	node: &NodeProcess,
	proposer: Sr25519Keyring,
	threshold: u32,
	ayes: &[Sr25519Keyring],
	call: RuntimeCall,
) -> Option<Result<(), DispatchError>> {
	let enact = RuntimeCall::TwoCities(pallet_two_cities::Call::enact { call: Box::new(call) });
	raw_council_motion(rpc, node, proposer, threshold, ayes, enact).await
}

/// A council motion of `call` itself, as `council_motion` but without the two-city wrapper.
pub async fn raw_council_motion(
	rpc: &RpcClient,
	node: &NodeProcess,
	proposer: Sr25519Keyring,
	threshold: u32,
	ayes: &[Sr25519Keyring],
	call: RuntimeCall,
) -> Option<Result<(), DispatchError>> {
	let length = u32::try_from(call.encoded_size()).expect("small call");
	let weight = call.get_dispatch_info().call_weight;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let propose = RuntimeCall::Council(pallet_collective::Call::propose {
		threshold,
		proposal: Box::new(call),
		length_bound: length,
	});
	let events = submit(rpc, node, proposer, propose).await;
	dispatch_result(&events).expect("a member's proposal is accepted");
	let index = events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Council(pallet_collective::Event::Proposed {
				proposal_index, ..
			}) => Some(*proposal_index),
			_ => None,
		})
		.expect("Proposed event");
	for voter in ayes {
		let vote = RuntimeCall::Council(pallet_collective::Call::vote {
			proposal: hash,
			index,
			approve: true,
		});
		dispatch_result(&submit(rpc, node, *voter, vote).await).expect("a member's vote counts");
	}
	let close = RuntimeCall::Council(pallet_collective::Call::close {
		proposal_hash: hash,
		index,
		proposal_weight_bound: weight,
		length_bound: length,
	});
	executed(&submit(rpc, node, proposer, close).await)
}

/// The value of storage item `item` of `pallet` at the best block, if set.
pub async fn storage<T: Decode>(rpc: &RpcClient, pallet: &str, item: &str) -> Option<T> {
	rpc.storage_value(pallet, item, None).await.map(|bytes| {
		T::decode(&mut &bytes[..]).unwrap_or_else(|e| panic!("{pallet}.{item} decodes: {e}"))
	})
}

/// The entry under `key` of the `Twox64Concat` map `item` of the marketplace at the best
/// block, if set.
async fn marketplace_entry<K: Encode, V: Decode>(rpc: &RpcClient, item: &str, key: K) -> Option<V> {
	let hashed_key = [&sp_io::hashing::twox_64(&key.encode())[..], &key.encode()].concat();
	rpc.storage_entry("Marketplace", item, &hashed_key, None).await.map(|bytes| {
		Decode::decode(&mut &bytes[..])
			.unwrap_or_else(|e| panic!("Marketplace.{item} decodes: {e}"))
	})
}

/// Listing `id` at the best block, while open.
pub async fn listing(
	rpc: &RpcClient,
	id: pallet_marketplace::ListingId,
) -> Option<pallet_marketplace::Listing<Runtime>> {
	marketplace_entry(rpc, "Listings", id).await
}

/// The keys purchase `id` keeps at the best block, oldest first: epoch, the listing's
/// commitment, the wrapped key (SCALE `WrappedKey`), as `MarketplaceApi.purchase_keys`
/// answers.
pub async fn delivered_keys(
	rpc: &RpcClient,
	id: pallet_marketplace::PurchaseId,
) -> Vec<(pallet_marketplace::KeyEpoch, sp_core::H256, Vec<u8>)> {
	let reply: String = rpc
		.request(
			"state_call",
			vec!["MarketplaceApi_purchase_keys".into(), format!("0x{}", hex::encode(id.encode())).into()],
		)
		.await;
	let bytes = hex::decode(reply.trim_start_matches("0x")).expect("state_call answers hex");
	Decode::decode(&mut &bytes[..]).expect("MarketplaceApi.purchase_keys decodes")
}

/// Purchase `id` at the best block, if it exists.
pub async fn purchase(
	rpc: &RpcClient,
	id: pallet_marketplace::PurchaseId,
) -> Option<pallet_marketplace::Purchase<Runtime>> {
	marketplace_entry(rpc, "Purchases", id).await
}

/// The anonymization listing `id` requires, at the best block, if any.
pub async fn anonymization(
	rpc: &RpcClient,
	id: pallet_marketplace::ListingId,
) -> Option<pallet_marketplace::Anonymization<msec_runtime::BlockNumber>> {
	marketplace_entry(rpc, "Anonymizations", id).await
}
