//! The accounts, devices, consent and listing the workloads need, set up through the chain's
//! own calls (sudo is Alice on a dev chain). Setup transactions are not measured.

use codec::Encode;
use frame_support::BoundedVec;
use msec_primitives::{
	DeviceId, DeviceKey, DeviceKind, Jurisdiction, LegalBasis, Purpose, Roles,
};
use msec_runtime::{constants::currency::MSEC, AccountId, Balance, Hash, RuntimeCall, RuntimeEvent};
use pallet_marketplace::types::{ListingId, ListingKind};
use sp_core::{ed25519, sr25519, Pair, H256};
use sp_io::hashing::blake2_256;
use sp_keyring::Sr25519Keyring;

use crate::{
	follower::Chain,
	rpc::{Error, Node},
	submit::{in_order, Signer},
};

/// Calls per setup batch: well within a block's weight.
const BATCH: usize = 400;
/// Devices one provider may own (`MaxDevicesPerOwner`).
const DEVICES_PER_PROVIDER: usize = 1_000;
/// What each load account gets: fees, the price and deposits of every workload, with room.
const ACCOUNT_FUNDS: Balance = 20 * MSEC;
/// What each provider gets: the deposits of a thousand devices, with room.
const PROVIDER_FUNDS: Balance = 2_000 * MSEC;
/// The purpose every listing, purchase and consent names.
pub const PURPOSE: Purpose = Purpose::PublicBenefit;

/// Everything the workloads act on.
pub struct World {
	/// The chain's genesis hash.
	pub genesis_hash: Hash,
	/// The load accounts: buyers and data subjects, one transaction each per workload.
	pub accounts: Vec<Signer>,
	/// One device per load account, with its key.
	pub devices: Vec<(DeviceId, ed25519::Pair)>,
	/// The provider that owns the listing and that the subjects consent to.
	pub provider: AccountId,
	/// A stream of personal data: purchases check consent and the source device.
	pub listing: ListingId,
	/// Where transfers go.
	pub sink: AccountId,
}

/// A key of this run: `seed` keeps reruns against one chain apart.
fn derive(seed: &str, role: &str, index: usize) -> [u8; 32] {
	blake2_256(&(b"msec-bench", seed, role, index as u64).encode())
}

/// `calls` in one `Utility.batch_all`.
pub fn batch(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn fund(who: AccountId, value: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death { dest: who.into(), value })
}

fn register(who: AccountId, provider: bool, buyer: bool) -> RuntimeCall {
	RuntimeCall::Registry(pallet_registry::Call::register_participant {
		who,
		jurisdiction: Jurisdiction::Eu,
		roles: Roles { provider, buyer, security: false },
	})
}

/// Sets up a world of `count` load accounts and devices.
pub async fn set_up(node: &Node, chain: &Chain, count: usize, seed: &str) -> Result<World, Error> {
	let genesis_hash = node.genesis_hash().await?;
	let mut alice = Signer::new(node, Sr25519Keyring::Alice.pair()).await?;

	let accounts: Vec<sr25519::Pair> =
		(0..count).map(|i| sr25519::Pair::from_seed(&derive(seed, "account", i))).collect();
	let device_keys: Vec<ed25519::Pair> =
		(0..count).map(|i| ed25519::Pair::from_seed(&derive(seed, "device", i))).collect();
	let providers: Vec<sr25519::Pair> = (0..count.div_ceil(DEVICES_PER_PROVIDER).max(1))
		.map(|i| sr25519::Pair::from_seed(&derive(seed, "provider", i)))
		.collect();
	let subject = sr25519::Pair::from_seed(&derive(seed, "subject", 0));
	let account_ids: Vec<AccountId> = accounts.iter().map(|p| p.public().into()).collect();
	let provider_ids: Vec<AccountId> = providers.iter().map(|p| p.public().into()).collect();

	let mut funding: Vec<RuntimeCall> =
		account_ids.iter().map(|who| fund(who.clone(), ACCOUNT_FUNDS)).collect();
	funding.extend(provider_ids.iter().map(|who| fund(who.clone(), PROVIDER_FUNDS)));
	funding.push(fund(subject.public().into(), ACCOUNT_FUNDS));
	let mut registrations: Vec<RuntimeCall> =
		account_ids.iter().map(|who| register(who.clone(), false, true)).collect();
	registrations.extend(provider_ids.iter().map(|who| register(who.clone(), true, false)));

	let setup: Vec<Vec<u8>> = funding
		.chunks(BATCH)
		.map(|calls| batch(calls.to_vec()))
		.chain(registrations.chunks(BATCH).map(|calls| sudo(batch(calls.to_vec()))))
		.map(|call| alice.sign(call, genesis_hash))
		.collect();
	eprintln!("setup: funding and registering {count} accounts ({} transactions)", setup.len());
	in_order(node, chain, "funding and registering", setup).await?;

	eprintln!("setup: registering {count} devices with {} providers", providers.len());
	let mut owners = Vec::with_capacity(providers.len());
	for pair in &providers {
		owners.push(Signer::new(node, pair.clone()).await?);
	}
	let registrations: Vec<Vec<u8>> = device_keys
		.chunks(DEVICES_PER_PROVIDER)
		.zip(owners.iter_mut())
		.flat_map(|(keys, owner)| {
			let owner_id: AccountId = owner.pair.public().into();
			keys.chunks(BATCH)
				.map(|keys| {
					let calls = keys
						.iter()
						.map(|key| {
							register_device(key, DeviceKind::Gateway, &owner_id, genesis_hash)
						})
						.collect();
					owner.sign(batch(calls), genesis_hash)
				})
				.collect::<Vec<_>>()
		})
		.collect();
	let events = in_order(node, chain, "registering devices", registrations).await?;
	let device_ids = registered_devices(&events);
	if device_ids.len() != count {
		return Err(format!("registered {} devices of {count}", device_ids.len()).into());
	}
	let listing_device = *device_ids.first().ok_or("no devices")?;
	let devices = device_ids.into_iter().zip(device_keys).collect();

	eprintln!("setup: the data subject consents, the provider lists a personal data stream");
	let provider = owners.first_mut().ok_or("no provider")?;
	let provider_id: AccountId = provider.pair.public().into();
	let mut subject = Signer::new(node, subject).await?;
	let consent = subject.sign(grant(provider_id.clone()), genesis_hash);
	in_order(node, chain, "granting the listing's consent", vec![consent]).await?;
	let listing = provider.sign(
		stream_listing(listing_device, Some(subject.pair.public().into())),
		genesis_hash,
	);
	let events = in_order(node, chain, "creating the listing", vec![listing]).await?;
	let listing = events
		.iter()
		.flatten()
		.find_map(|event| match event {
			RuntimeEvent::Marketplace(pallet_marketplace::Event::ListingCreated {
				listing, ..
			}) => Some(*listing),
			_ => None,
		})
		.ok_or("the listing was created without a ListingCreated event")?;

	// The load accounts have signed nothing yet: their nonces start at 0.
	let accounts = accounts.into_iter().map(|pair| Signer { pair, nonce: 0 }).collect();
	let sink = Sr25519Keyring::Ferdie.to_account_id();
	Ok(World { genesis_hash, accounts, devices, provider: provider_id, listing, sink })
}

/// The ids of the devices registered in `events`, in order.
pub fn registered_devices(events: &[Vec<RuntimeEvent>]) -> Vec<DeviceId> {
	events
		.iter()
		.flatten()
		.filter_map(|event| match event {
			RuntimeEvent::Registry(pallet_registry::Event::DeviceRegistered { device, .. }) => {
				Some(*device)
			},
			_ => None,
		})
		.collect()
}

/// `owner` registers the device with ed25519 `key`, of `kind`, on the chain with
/// `genesis_hash`; the key signs its proof of possession.
pub fn register_device(
	key: &ed25519::Pair,
	kind: DeviceKind,
	owner: &AccountId,
	genesis_hash: H256,
) -> RuntimeCall {
	let payload = msec_primitives::key_possession_payload(genesis_hash.as_ref(), owner);
	RuntimeCall::Registry(pallet_registry::Call::register_device {
		key: DeviceKey::Ed25519(key.public()),
		kind,
		firmware: H256::repeat_byte(0xf1),
		possession: msec_primitives::DeviceSignature::Ed25519(key.sign(&payload)),
	})
}

/// Lists a stream from `device` (epochs of 100 blocks, 1 MSEC each, for [`PURPOSE`]), of
/// `subject`'s personal data if any.
pub fn stream_listing(device: DeviceId, subject: Option<AccountId>) -> RuntimeCall {
	RuntimeCall::Marketplace(pallet_marketplace::Call::create_listing {
		kind: ListingKind::Stream { epoch_length: 100 },
		metadata_hash: H256::repeat_byte(0x11),
		price: MSEC,
		purposes: BoundedVec::truncate_from(vec![PURPOSE]),
		subject,
		device: Some(device),
	})
}

/// A consent to `controller` for [`PURPOSE`], without transfers outside the EU and Japan.
pub fn grant(controller: AccountId) -> RuntimeCall {
	RuntimeCall::Consent(pallet_consent::Call::grant {
		controller,
		purposes: BoundedVec::truncate_from(vec![PURPOSE]),
		legal_basis: LegalBasis::Consent,
		transfer_to: BoundedVec::default(),
		expires_at: None,
		notice_hash: H256::repeat_byte(0x42),
	})
}
