//! Test chains with the public dev keys (Alice, Bob, …). Never use them for a real network.

use alloc::{string::String, vec, vec::Vec};
use msec_primitives::{CountryCode, DeviceKey, DeviceKind, Jurisdiction, Roles};
use serde_json::Value;
use sp_core::H256;
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
	Sr25519Keyring::well_known()
		.map(|k| k.to_account_id())
		.chain(EXAMPLE_WORKER_KEYS.map(AccountId::from))
		.map(|account| (account, ENDOWMENT))
		.collect()
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
		participants: example_participants(),
		devices: example_devices(),
		device_encryption_keys: example_device_encryption_keys(),
		data_plane_workers: example_data_plane_workers(),
		rulesets: example_rulesets(),
		// A dApp on the dev chain sees a purchase settle within minutes.
		marketplace_timings: Some(DEV_MARKETPLACE_TIMINGS),
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
		participants: example_participants(),
		devices: example_devices(),
		device_encryption_keys: example_device_encryption_keys(),
		data_plane_workers: example_data_plane_workers(),
		rulesets: example_rulesets(),
		marketplace_timings: None,
	}
	.into_patch()
}

/// Example participants: Alice (Santander's sensor operator and security team, EU), Bob (an EU
/// buyer), Charlie (Fujisawa's sensor operator and security team, Japan), Dave (a Japanese
/// buyer), Eve (a buyer in Korea).
pub fn example_participants() -> Vec<(AccountId, Jurisdiction, Roles)> {
	let operator = Roles { provider: true, buyer: false, security: true };
	let buyer = Roles { provider: false, buyer: true, security: false };
	vec![
		(Sr25519Keyring::Alice.to_account_id(), Jurisdiction::Eu, operator),
		(Sr25519Keyring::Bob.to_account_id(), Jurisdiction::Eu, buyer),
		(Sr25519Keyring::Charlie.to_account_id(), Jurisdiction::Japan, operator),
		(Sr25519Keyring::Dave.to_account_id(), Jurisdiction::Japan, buyer),
		(Sr25519Keyring::Eve.to_account_id(), Jurisdiction::Other(CountryCode(*b"KR")), buyer),
	]
}

/// The development chain's marketplace timings, in 6-second blocks: an epoch is confirmed a
/// block after it ends and within a minute (the stream worker resends a lost transaction
/// after 10 blocks); a buyer has a minute to dispute after that, long enough to follow
/// docs/dapp-guide.md in polkadot.js; the arbiter two minutes to decide; a settled record is
/// kept a minute for its buyer.
pub const DEV_MARKETPLACE_TIMINGS: pallet_marketplace::Timings<crate::BlockNumber> =
	pallet_marketplace::Timings {
		confirmation_delay: 1,
		confirmation_period: 10,
		dispute_window: 10,
		arbitration_period: 20,
		record_retention: 10,
	};

/// Example IDS rule set 1: 500 rules, identified by the hash of its name.
pub fn example_rulesets() -> Vec<(u32, H256, u32)> {
	let rules_hash = <sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(
		b"msec-example-rules-1",
	);
	vec![(1, rules_hash, 500)]
}

/// The ed25519 public keys of the example devices, from the dev derivations
/// `//Alice//air-quality-1`, `//Alice//gateway-1`, `//Charlie//noise-1`,
/// `//Charlie//gateway-1` (`msec-node key inspect --scheme ed25519 <derivation>`).
pub const EXAMPLE_DEVICE_KEYS: [[u8; 32]; 4] = [
	sp_core::hex2array!("2e3f3b756e08e53cdd9e9972840adc40805d97f4155457624e831dc4cf0eef85"),
	sp_core::hex2array!("9b1b98907a072449bd9f7f08f626229f44c66f31262adc38ee9bd8c258ba0db6"),
	sp_core::hex2array!("1a1e28b8d3d72000ea025f8811b7ace4dae4df13b92e6e47915103ca59345528"),
	sp_core::hex2array!("6d9fc45074f67340e6dfb868ae1d0eee98b2d820aff99c0d2b69dda828504521"),
];

/// The X25519 public keys the example devices receive content keys for, in the order of
/// [`EXAMPLE_DEVICE_KEYS`]: each from its device's ed25519 seed by
/// `msec_stream_crypto::device_encryption_secret`, as `msec device register` derives them.
pub const EXAMPLE_DEVICE_ENCRYPTION_KEYS: [[u8; 32]; 4] = [
	sp_core::hex2array!("6e478f5c72a50e901249047e8b5cec26edeb9b031a1d033b834f1aef6194bb65"),
	sp_core::hex2array!("a9bb0ce4a680d9510333efc5b70c61ec48518371f5afc4bc37c1c560935f210e"),
	sp_core::hex2array!("0da18874323528ed306ecfada75e06108f1befca7de6aa7141d9821e49f0a434"),
	sp_core::hex2array!("e4e84c1bfd6177fe8fa92898415efdc3b981eed772b998609873aa65e8ea3378"),
];

/// The sr25519 public keys of the example providers' worker accounts, from the dev derivations
/// `//Alice//worker` and `//Charlie//worker` (`msec-node key inspect <derivation>`): a dev node
/// (`--alice`, `--charlie`) puts its account's worker key in its keystore.
pub const EXAMPLE_WORKER_KEYS: [[u8; 32]; 2] = [
	sp_core::hex2array!("de0890e2f871c4263480188c3c6f27194198a61f1c56da846851a02554e19f3f"),
	sp_core::hex2array!("70b86fb59af3aa4a6aeb778b86a1402731a3c2118772d886d60d08c91027a840"),
];

/// The example providers, Alice and Charlie, each with its worker account as data-plane proxy.
pub fn example_data_plane_workers() -> Vec<(AccountId, AccountId)> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Charlie]
		.into_iter()
		.map(|provider| provider.to_account_id())
		.zip(EXAMPLE_WORKER_KEYS.map(AccountId::from))
		.collect()
}

/// The example devices' encryption keys: device ids 0 to 3.
pub fn example_device_encryption_keys() -> Vec<(u64, [u8; 32])> {
	(0u64..).zip(EXAMPLE_DEVICE_ENCRYPTION_KEYS).collect()
}

/// Example devices: an air-quality sensor and a gateway in Santander (Alice), a noise sensor and
/// a gateway in Fujisawa (Charlie); ids 0 to 3 in this order.
pub fn example_devices() -> Vec<(AccountId, DeviceKey, DeviceKind, H256)> {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let charlie = Sr25519Keyring::Charlie.to_account_id();
	let kinds = [
		(alice.clone(), DeviceKind::Sensor),
		(alice, DeviceKind::Gateway),
		(charlie.clone(), DeviceKind::Sensor),
		(charlie, DeviceKind::Gateway),
	];
	kinds
		.into_iter()
		.zip(EXAMPLE_DEVICE_KEYS)
		.map(|((owner, kind), key)| {
			let key = DeviceKey::Ed25519(sp_core::ed25519::Public::from_raw(key));
			// Example firmware: the hash of its name.
			let firmware = <sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(
				b"msec-example-firmware-1.0",
			);
			(owner, key, kind, firmware)
		})
		.collect()
}
