//! The permissioned two-city network, run for real: the four validators of `--chain local`
//! (Alice and Bob for Santander, Charlie and Dave for Fujisawa) as processes on 127.0.0.1.
//!
//! Each test starts its own network and stops it, also on failure. They take turns: four
//! networks at once would starve a CI machine of CPU and make block times meaningless.

mod common;

use std::{
	sync::Mutex,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use common::{
	chain::{council_motion, dispatch_result, executed, runtime_error, storage, submit},
	free_port,
	network::LocalNetwork,
	RpcClient,
};
use msec_runtime::{
	genesis_config_presets::LOCAL_TESTNET_PEER_IDS, AccountId, RuntimeCall, RuntimeError,
	RuntimeEvent, SessionKeys,
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::OpaquePeerId;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{generic::DigestItem, DispatchError};

static ONE_NETWORK_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `test` while no other test of this file runs a network.
fn exclusively<T>(test: impl FnOnce() -> T) -> T {
	let _turn = ONE_NETWORK_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
	test()
}

fn runtime() -> tokio::runtime::Runtime {
	tokio::runtime::Builder::new_multi_thread()
		.enable_all()
		.build()
		.expect("tokio runtime")
}

/// A session is ten 6-second blocks; a change lands at the session after next.
const TWO_SESSIONS_AND_A_ROUND: Duration = Duration::from_secs(4 * 60);

fn peer_id(base58: &str) -> OpaquePeerId {
	OpaquePeerId(bs58::decode(base58).into_vec().expect("base58 peer id"))
}

/// The peer id of test node key `0x00…05` (`msec-node key inspect-node-key`).
const PEER_ID_5: &str = "12D3KooWSuTq6MG9gPt7qZqLFKkYrfxMewTZhj9nmRHJkPwzWDG2";

async fn validators(rpc: &RpcClient) -> Vec<AccountId> {
	storage(rpc, "ValidatorSet", "Validators").await.unwrap_or_default()
}

async fn well_known_nodes(rpc: &RpcClient) -> std::collections::BTreeSet<OpaquePeerId> {
	storage(rpc, "NodeAuthorization", "WellKnownNodes").await.unwrap_or_default()
}

#[test]
fn the_network_survives_a_dead_validator_which_catches_up_on_restart() {
	exclusively(|| {
		runtime().block_on(async {
			let mut network = LocalNetwork::start();
			let alice = RpcClient::connect(network.validator(0)).await;
			alice.wait_for_finalized_block(network.validator(0), 3).await;

			let dave = RpcClient::connect(network.validator(3)).await;
			dave.wait_for_best_block(network.validator(3), 3).await;
			let dave_before = dave.block_number(None).await;
			drop(dave);
			network.crash_validator(3);

			// Three of four still author and are above GRANDPA's 2/3.
			let finalized = alice.finalized_number().await;
			alice.wait_for_finalized_block(network.validator(0), finalized + 3).await;

			network.restart_validator(3);
			let dave = RpcClient::connect(network.validator(3)).await;
			let dave_on_restart = dave.block_number(None).await;
			assert!(
				dave_on_restart >= dave_before,
				"Dave restarted at #{dave_on_restart}, before the crash it had #{dave_before}: \
				 its database was lost"
			);
			let target = alice.block_number(None).await;
			dave.wait_for_best_block(network.validator(3), target).await;
			dave.wait_for_finalized_block(network.validator(3), finalized + 3).await;
		})
	})
}

/// `author_rotateKeysWithOwner` on `node`: new session keys in its keystore, and the proof that
/// `owner` holds them.
async fn rotate_keys(rpc: &RpcClient, owner: Sr25519Keyring) -> (SessionKeys, Vec<u8>) {
	let owner = format!("0x{}", hex::encode(owner.to_account_id().encode()));
	let generated: serde_json::Value =
		rpc.request("author_rotateKeysWithOwner", vec![owner.into()]).await;
	let bytes = |field: &str| {
		let text = generated[field].as_str().unwrap_or_else(|| panic!("{field} in {generated}"));
		hex::decode(text.trim_start_matches("0x")).expect("hex")
	};
	let keys = SessionKeys::decode(&mut &bytes("keys")[..]).expect("session keys decode");
	(keys, bytes("proof"))
}

/// The Aura author of the best block: the authority whose turn the block's slot was.
async fn best_block_author(rpc: &RpcClient) -> Option<AuraId> {
	let header: serde_json::Value = rpc.request("chain_getHeader", vec![]).await;
	let slot = header["digest"]["logs"].as_array()?.iter().find_map(|log| {
		let bytes = hex::decode(log.as_str()?.trim_start_matches("0x")).ok()?;
		match DigestItem::decode(&mut &bytes[..]).ok()? {
			DigestItem::PreRuntime(engine, data) if engine == sp_consensus_aura::AURA_ENGINE_ID =>
				u64::decode(&mut &data[..]).ok(),
			_ => None,
		}
	})?;
	let authorities: Vec<AuraId> = storage(rpc, "Aura", "Authorities").await?;
	let index = usize::try_from(slot % u64::try_from(authorities.len()).ok()?).ok()?;
	authorities.get(index).cloned()
}

/// One network for both checks of a newcomer: it syncs nothing before the council authorizes
/// its peer id, then validates after the session change.
#[test]
fn a_node_syncs_only_once_a_council_motion_admits_it_and_then_authors_after_the_session_change() {
	exclusively(|| {
		runtime().block_on(async {
			let network = LocalNetwork::start();
			let alice_node = network.validator(0);
			let alice = RpcClient::connect(alice_node).await;
			// By block 2 every validator's off-chain worker has set reserved-only mode.
			alice.wait_for_best_block(alice_node, 2).await;

			// Eve runs a validator node with keys of its own, not yet authorized.
			let eve_node = network.start_node("eve", 5, free_port(), vec!["--validator".into()]);
			let eve = RpcClient::connect(&eve_node).await;
			let network_best = alice.block_number(None).await;
			// Five slots: ample time to sync if the validators talked to it.
			alice.wait_for_best_block(alice_node, network_best + 5).await;
			assert_eq!(eve.block_number(None).await, 0, "an unauthorized node synced blocks");
			let (keys, proof) = rotate_keys(&eve, Eve).await;
			let eve_aura = keys.aura.clone();
			let set_keys = RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof });
			dispatch_result(&submit(&alice, alice_node, Eve, set_keys).await)
				.expect("Eve registers her session keys");

			// One motion, carried by three of four members from both cities: Eve validates
			// and her node may connect.
			let admit_eve = RuntimeCall::Utility(pallet_utility::Call::batch_all {
				calls: vec![
					RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
						who: Eve.to_account_id(),
					}),
					RuntimeCall::NodeAuthorization(
						pallet_node_authorization::Call::add_well_known_node {
							node: peer_id(PEER_ID_5),
							owner: Eve.to_account_id().into(),
						},
					),
				],
			});
			let outcome =
				council_motion(&alice, alice_node, Alice, 3, &[Alice, Bob, Charlie], admit_eve)
					.await;
			assert_eq!(outcome, Some(Ok(())), "the motion passes and dispatches");
			assert!(validators(&alice).await.contains(&Eve.to_account_id()));
			let target = alice.block_number(None).await;
			eve.wait_for_best_block(&eve_node, target).await;

			// Within two sessions Eve is an authority, and then a block is hers.
			let started = Instant::now();
			let (rpc, eve_aura) = (&alice, &eve_aura);
			alice
				.wait_until(
					alice_node,
					"a block authored by Eve",
					TWO_SESSIONS_AND_A_ROUND,
					move || async move { best_block_author(rpc).await.as_ref() == Some(eve_aura) },
				)
				.await;
			eprintln!("Eve authored {:?} after the motion", started.elapsed());
			drop(eve_node);
		})
	})
}

#[test]
fn no_lone_member_outsider_or_plain_account_changes_validators_or_peers_and_both_cities_upgrade_the_runtime(
) {
	exclusively(|| {
		runtime().block_on(async {
			let network = LocalNetwork::start();
			let node = network.validator(0);
			let rpc = RpcClient::connect(node).await;
			rpc.wait_for_best_block(node, 1).await;
			let validators_before = validators(&rpc).await;
			let nodes_before = well_known_nodes(&rpc).await;
			assert_eq!(validators_before.len(), 4);
			assert_eq!(nodes_before.len(), LOCAL_TESTNET_PEER_IDS.len());

			let add_ferdie = || {
				RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
					who: Ferdie.to_account_id(),
				})
			};
			let drop_alices_node = || {
				RuntimeCall::NodeAuthorization(
					pallet_node_authorization::Call::remove_well_known_node {
						node: peer_id(LOCAL_TESTNET_PEER_IDS[0]),
					},
				)
			};

			// A lone council member: a threshold-1 motion runs at once as 1 of 4, too few.
			for call in [add_ferdie(), drop_alices_node()] {
				let propose = RuntimeCall::Council(pallet_collective::Call::propose {
					threshold: 1,
					length_bound: u32::try_from(call.encoded_size()).expect("small"),
					proposal: Box::new(call),
				});
				let events = submit(&rpc, node, Dave, propose).await;
				assert_eq!(executed(&events), Some(Err(DispatchError::BadOrigin)));
			}

			// One city: Charlie and Dave (Fujisawa) pass a motion at a threshold of two, but
			// 2 of 4 is below the 2/3 the call requires.
			let outcome =
				council_motion(&rpc, node, Charlie, 2, &[Charlie, Dave], add_ferdie()).await;
			assert_eq!(outcome, Some(Err(DispatchError::BadOrigin)));

			// Not a council member.
			let outsider = RuntimeCall::Council(pallet_collective::Call::propose {
				threshold: 3,
				length_bound: u32::try_from(add_ferdie().encoded_size()).expect("small"),
				proposal: Box::new(add_ferdie()),
			});
			let error = dispatch_result(&submit(&rpc, node, Eve, outsider).await).unwrap_err();
			assert!(
				matches!(
					runtime_error(error),
					Some(RuntimeError::Council(pallet_collective::Error::NotMember))
				),
				"{error:?}"
			);

			// A plain signed account calling the pallets directly.
			for call in [add_ferdie(), drop_alices_node()] {
				let error = dispatch_result(&submit(&rpc, node, Ferdie, call).await).unwrap_err();
				assert_eq!(error, DispatchError::BadOrigin);
			}

			assert_eq!(validators(&rpc).await, validators_before);
			assert_eq!(well_known_nodes(&rpc).await, nodes_before);

			// The runtime upgrade: one city cannot authorize it; a motion with both does, and
			// anyone then applies the code. Blocks go on being produced and finalized under
			// the new spec version. Last in the test: this client signs for the old version.
			let code = msec_runtime::next_spec_version::WASM_BINARY
				.expect("built with the next spec version")
				.to_vec();
			let code_hash = <sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(&code);
			let authorize = || RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
			let one_city =
				council_motion(&rpc, node, Charlie, 2, &[Charlie, Dave], authorize()).await;
			assert_eq!(one_city, Some(Err(DispatchError::BadOrigin)));
			let both = council_motion(&rpc, node, Alice, 3, &[Alice, Bob, Charlie], authorize()).await;
			assert_eq!(both, Some(Ok(())), "the cities authorize the upgrade");
			let apply = RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code });
			let events = submit(&rpc, node, Ferdie, apply).await;
			dispatch_result(&events).expect("the authorized code applies");
			assert!(events
				.iter()
				.any(|event| matches!(event, RuntimeEvent::System(frame_system::Event::CodeUpdated { .. }))));
			let upgraded_at = rpc.block_number(None).await;
			rpc.wait_for_finalized_block(node, upgraded_at + 3).await;
			let version: serde_json::Value = rpc.request("state_getRuntimeVersion", vec![]).await;
			assert_eq!(
				version["specVersion"].as_u64(),
				Some(u64::from(msec_runtime::VERSION.spec_version) + 1),
				"blocks after the upgrade run the new runtime"
			);
		})
	})
}
