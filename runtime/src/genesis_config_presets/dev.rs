//! Test chains with the public dev keys (Alice, Bob, …). Never use them for a real network.

use alloc::{string::String, vec, vec::Vec};
use serde_json::Value;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use super::genesis::{peer_id, NetworkGenesis, Validator, WellKnownNode};
use crate::{constants::currency::MSEC, AccountId, Balance};

/// MSEC each dev account starts with: one million.
pub const ENDOWMENT: Balance = 1_000_000 * MSEC;

/// Peer ids of the local testnet's nodes, for the test node keys `0x00…01` to `0x00…04`
/// (`msec-node key inspect-node-key`), run by Alice, Bob, Charlie and Dave in that order.
pub const LOCAL_TESTNET_PEER_IDS: [&str; 4] = [
	"12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp",
	"12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD",
	"12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x",
	"12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st",
];

/// The local testnet's operators: Alice and Bob for Santander, Charlie and Dave for Fujisawa.
pub const LOCAL_TESTNET_OPERATORS: [Sr25519Keyring; 4] =
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];

fn dev_validator(who: Sr25519Keyring) -> Validator {
	let grandpa = match who {
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		Sr25519Keyring::Ferdie => Ed25519Keyring::Ferdie,
		_ => Ed25519Keyring::Alice,
	};
	Validator {
		account: who.to_account_id(),
		aura: who.public().into(),
		grandpa: grandpa.public().into(),
	}
}

/// Every well-known dev account, including the `//stash` ones, with [`ENDOWMENT`].
fn dev_balances() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::well_known().map(|k| (k.to_account_id(), ENDOWMENT)).collect()
}

fn operators_council() -> Vec<AccountId> {
	LOCAL_TESTNET_OPERATORS.iter().map(|k| k.to_account_id()).collect()
}

/// `msec-node --dev`: Alice validates alone, so the validator set stays unmanaged (one is
/// below the minimum); the four operators form the council; Alice holds sudo.
pub fn development() -> Result<Value, String> {
	NetworkGenesis {
		validators: vec![dev_validator(Sr25519Keyring::Alice)],
		council_manages_validators: false,
		council: operators_council(),
		well_known_nodes: Vec::new(),
		balances: dev_balances(),
		sudo: Some(Sr25519Keyring::Alice.to_account_id()),
	}
	.into_patch()
}

/// `msec-node --chain local`: the two-city network on one machine. The four operators
/// validate, form the council and own the well-known nodes; Alice holds sudo.
pub fn local_testnet() -> Result<Value, String> {
	let well_known_nodes = LOCAL_TESTNET_PEER_IDS
		.iter()
		.zip(LOCAL_TESTNET_OPERATORS)
		.map(|(id, owner)| {
			Ok(WellKnownNode { peer_id: peer_id(id)?, owner: owner.to_account_id() })
		})
		.collect::<Result<Vec<_>, String>>()?;
	NetworkGenesis {
		validators: LOCAL_TESTNET_OPERATORS.into_iter().map(dev_validator).collect(),
		council_manages_validators: true,
		council: operators_council(),
		well_known_nodes,
		balances: dev_balances(),
		sudo: Some(Sr25519Keyring::Alice.to_account_id()),
	}
	.into_patch()
}
