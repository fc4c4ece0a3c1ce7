//! `msec device register`.

use anyhow::{anyhow, Result};
use sp_core::{ed25519, Pair};
use subxt::utils::H256;

use crate::{
	args::DeviceKindArg,
	chain::{event, send, signer, Client},
	runtime::msec::{self, runtime_types},
};

/// The provider `owner` registers the device whose ed25519 key derives from `device_key`;
/// prints the new device id.
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
	eprintln!("✓ device {} registered", registered.device);
	println!("{}", registered.device);
	Ok(())
}
