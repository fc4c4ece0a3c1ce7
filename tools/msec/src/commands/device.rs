//! `msec device register`.

use anyhow::{anyhow, Result};
use sp_core::{ed25519, Pair};
use subxt::utils::H256;

use crate::{
	args::DeviceKindArg,
	commands::stream::device_encryption_keypair,
	chain::{event, send, signer, Client},
	runtime::msec::{self, runtime_types},
};

/// The provider `owner` registers the device whose ed25519 key derives from `device_key`, then
/// names the X25519 key the device derives from it (for which its provider's node wraps the
/// listing's content key); prints the new device id.
pub async fn register(
	client: &Client,
	owner: &str,
	device_key: &str,
	kind: DeviceKindArg,
	firmware: H256,
) -> Result<()> {
	let owner = signer(owner)?;
	let device = ed25519::Pair::from_string(device_key, None)
		.map_err(|e| anyhow!("cannot derive the device's ed25519 key: {e:?}"))?;
	let key = runtime_types::msec_primitives::device_key::DeviceKey::Ed25519(device.public().0);
	// The device key signs that `owner` may register it: nobody registers a key it lacks.
	let genesis_hash = client.api.genesis_hash();
	let owner_id = owner.public_key().to_account_id();
	let payload = msec_primitives::key_possession_payload(genesis_hash.as_ref(), &owner_id.0);
	let possession = runtime_types::msec_primitives::device_key::DeviceSignature::Ed25519(
		device.sign(&payload).0,
	);
	let call =
		msec::transactions().registry().register_device(key, kind.into(), firmware, possession);
	let events = send(client, "Registry.register_device", &call, &owner).await?;
	let registered =
		event::<msec::registry::events::DeviceRegistered>(&events, "Registry.DeviceRegistered")?;
	let encryption_key = device_encryption_keypair(&device)?.public_key();
	let call = msec::transactions()
		.registry()
		.set_device_encryption_key(registered.device, encryption_key);
	send(client, "Registry.set_device_encryption_key", &call, &owner).await?;
	eprintln!(
		"✓ device {} registered; it receives content keys for X25519 key 0x{}",
		registered.device,
		hex::encode(encryption_key)
	);
	println!("{}", registered.device);
	Ok(())
}
