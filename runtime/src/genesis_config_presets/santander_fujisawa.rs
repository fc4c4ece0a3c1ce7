//! The production network: no sudo; validators, council and well-known nodes come from the
//! committed public keys file `chain-specs/santander-fujisawa.keys.json`.

use alloc::{format, string::String, vec::Vec};
use serde::Deserialize;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;

use super::genesis::{peer_id, NetworkGenesis, Validator, WellKnownNode};
use msec_primitives::{Jurisdiction, Roles};

use crate::{constants::currency::MSEC, AccountId, Balance};

/// The keys file, compiled in so that every node builds the same genesis.
pub const KEYS_FILE: &str = include_str!("../../../chain-specs/santander-fujisawa.keys.json");

/// MSEC each validator and council account starts with, to pay fees and the session key
/// deposit.
pub const OPERATOR_ENDOWMENT: Balance = 10_000 * MSEC;

/// The keys file: SS58 addresses (any prefix) and base58 peer ids.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeysFile {
	/// What the file is; for people only.
	pub about: String,
	pub validators: Vec<ValidatorKeys>,
	pub council: Vec<CouncilMember>,
	pub nodes: Vec<NodeKeys>,
}

/// One council member: an operator of either city. Genesis registers it in its city's
/// jurisdiction, which is what its aye counts for in a two-city motion.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilMember {
	/// Who it is, e.g. `santander-1`.
	pub operator: String,
	/// `santander` or `fujisawa`.
	pub city: String,
	pub account: AccountId,
}

/// The jurisdiction a city's operators are registered in.
pub fn city_jurisdiction(city: &str) -> Result<Jurisdiction, String> {
	match city {
		"santander" => Ok(Jurisdiction::Eu),
		"fujisawa" => Ok(Jurisdiction::Japan),
		other => Err(format!("unknown city {other:?}: santander or fujisawa")),
	}
}

/// One validator's public keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidatorKeys {
	/// Who runs it, e.g. `santander-1`.
	pub operator: String,
	/// `santander` or `fujisawa`.
	pub city: String,
	pub account: AccountId,
	pub aura: AuraId,
	pub grandpa: GrandpaId,
}

/// One well-known node.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeKeys {
	pub operator: String,
	pub peer_id: String,
	pub owner: AccountId,
}

/// Parses [`KEYS_FILE`].
pub fn keys_file() -> Result<KeysFile, String> {
	serde_json::from_str(KEYS_FILE)
		.map_err(|error| format!("santander-fujisawa.keys.json: {error}"))
}

/// The `santander_fujisawa` preset.
pub fn santander_fujisawa() -> Result<Value, String> {
	let keys = keys_file()?;
	let well_known_nodes = keys
		.nodes
		.iter()
		.map(|node| {
			Ok(WellKnownNode { peer_id: peer_id(&node.peer_id)?, owner: node.owner.clone() })
		})
		.collect::<Result<Vec<_>, String>>()?;
	let mut funded: Vec<AccountId> = keys
		.validators
		.iter()
		.map(|v| v.account.clone())
		.chain(keys.council.iter().map(|member| member.account.clone()))
		.collect();
	funded.sort();
	funded.dedup();
	NetworkGenesis {
		validators: keys
			.validators
			.into_iter()
			.map(|v| Validator { account: v.account, aura: v.aura, grandpa: v.grandpa })
			.collect(),
		council_manages_validators: true,
		council: keys.council.iter().map(|member| member.account.clone()).collect(),
		well_known_nodes,
		balances: funded.into_iter().map(|account| (account, OPERATOR_ENDOWMENT)).collect(),
		sudo: None,
		// The council's members, each in its city's jurisdiction, so that a motion can show an
		// aye of each city; everyone else is registered by the council once the chain runs.
		participants: council_participants(&keys.council)?,
		devices: Vec::new(),
		device_encryption_keys: Vec::new(),
		// Providers appoint their workers' accounts themselves (`Proxy.add_proxy`).
		data_plane_workers: Vec::new(),
		// So are IDS rule sets, by the council as the security origin.
		rulesets: Vec::new(),
		marketplace_timings: None,
	}
	.into_patch()
}

/// The council's members as registry participants: their city's jurisdiction, the security
/// role.
fn council_participants(
	council: &[CouncilMember],
) -> Result<Vec<(AccountId, Jurisdiction, Roles)>, String> {
	let roles = Roles { provider: false, buyer: false, security: true };
	council
		.iter()
		.map(|member| Ok((member.account.clone(), city_jurisdiction(&member.city)?, roles)))
		.collect()
}
