//! The shape every preset shares: who validates, who sits on the council, which nodes may
//! connect, who holds funds and (on test chains) sudo.

use alloc::{format, string::String, vec::Vec};
use frame_support::{build_struct_json_patch, BoundedVec};
use msec_primitives::{DeviceKey, DeviceKind, Jurisdiction, Roles};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{OpaquePeerId, H256};

use crate::{
	AccountId, Balance, BlockNumber, BalancesConfig, CouncilMembershipConfig, IdsConfig, MarketplaceConfig,
	NodeAuthorizationConfig, RegistryConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys,
	StreamWorkerConfig, SudoConfig, ValidatorSetConfig,
};

/// A genesis validator: its account and its session keys.
pub struct Validator {
	pub account: AccountId,
	pub aura: AuraId,
	pub grandpa: GrandpaId,
}

/// A node allowed to join the network, and the account that answers for it.
pub struct WellKnownNode {
	pub peer_id: OpaquePeerId,
	pub owner: AccountId,
}

/// Everything a preset decides.
pub struct NetworkGenesis {
	pub validators: Vec<Validator>,
	/// Whether `ValidatorSet` manages the validators. A chain with fewer than
	/// `MIN_VALIDATORS` (the single-node dev chain) leaves them to the session keys alone.
	pub council_manages_validators: bool,
	pub council: Vec<AccountId>,
	pub well_known_nodes: Vec<WellKnownNode>,
	pub balances: Vec<(AccountId, Balance)>,
	pub sudo: Option<AccountId>,
	/// Registered participants: account, jurisdiction, roles.
	pub participants: Vec<(AccountId, Jurisdiction, Roles)>,
	/// Registered devices: owner (a provider above), key, kind, firmware hash.
	pub devices: Vec<(AccountId, DeviceKey, DeviceKind, H256)>,
	/// Devices' X25519 keys (device id, public key), for content keys wrapped for them.
	pub device_encryption_keys: Vec<(u64, [u8; 32])>,
	/// Data-plane proxies: provider, the worker account its node signs with.
	pub data_plane_workers: Vec<(AccountId, AccountId)>,
	/// Published IDS rule sets: version, hash of the rule file, rule count.
	pub rulesets: Vec<(u32, H256, u32)>,
	/// The marketplace's timings, if shorter than the runtime's (test chains).
	pub marketplace_timings: Option<pallet_marketplace::Timings<BlockNumber>>,
}

impl NetworkGenesis {
	/// The JSON patch onto the runtime's default genesis config.
	pub fn into_patch(self) -> Result<Value, String> {
		let council = BoundedVec::try_from(self.council)
			.map_err(|council| format!("a council of {} is too large", council.len()))?;
		let session_keys = self
			.validators
			.iter()
			.map(|v| {
				let keys = SessionKeys { aura: v.aura.clone(), grandpa: v.grandpa.clone() };
				(v.account.clone(), v.account.clone(), keys)
			})
			.collect::<Vec<_>>();
		let initial_validators = if self.council_manages_validators {
			self.validators.into_iter().map(|v| v.account).collect::<Vec<_>>()
		} else {
			Vec::new()
		};
		let nodes = self
			.well_known_nodes
			.into_iter()
			.map(|node| (node.peer_id, node.owner))
			.collect::<Vec<_>>();

		Ok(build_struct_json_patch!(RuntimeGenesisConfig {
			balances: BalancesConfig { balances: self.balances },
			validator_set: ValidatorSetConfig { initial_validators },
			session: SessionConfig { keys: session_keys },
			council_membership: CouncilMembershipConfig { members: council },
			node_authorization: NodeAuthorizationConfig { nodes },
			sudo: SudoConfig { key: self.sudo },
			registry: RegistryConfig {
				participants: self.participants,
				devices: self.devices,
				device_encryption_keys: self.device_encryption_keys,
			},
			ids: IdsConfig { rulesets: self.rulesets },
			stream_worker: StreamWorkerConfig { data_plane_workers: self.data_plane_workers },
			marketplace: MarketplaceConfig { timings: self.marketplace_timings },
		}))
	}
}

/// A libp2p peer id from its base58 text form (`12D3KooW…`), as `msec-node key
/// inspect-node-key` prints it.
pub fn peer_id(base58: &str) -> Result<OpaquePeerId, String> {
	bs58::decode(base58)
		.into_vec()
		.map(OpaquePeerId)
		.map_err(|error| format!("peer id {base58}: {error}"))
}
