//! Participants and IoT devices as other pallets see them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::H256;
use sp_runtime::DispatchResult;

use crate::Jurisdiction;

/// What a participant may do. A participant has at least one role.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Serialize,
	Deserialize,
)]
pub struct Roles {
	/// Sells data and registers the devices that produce it.
	pub provider: bool,
	/// Buys data.
	pub buyer: bool,
	/// Runs security operations (IDS gateways, honeypots).
	pub security: bool,
}

impl Roles {
	/// Whether no role is set.
	pub fn is_empty(&self) -> bool {
		!(self.provider || self.buyer || self.security)
	}
}

/// A device's number in the registry; it stays when the device's key is rotated.
pub type DeviceId = u64;

/// What kind of device it is.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum DeviceKind {
	/// A sensor: air quality, noise, traffic, a wearable.
	Sensor,
	/// A gateway that relays sensors' data and runs the IDS agent.
	Gateway,
	/// A camera.
	Camera,
}

/// Whether a device's data and reports are trusted.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum DeviceStatus {
	/// In service.
	Active,
	/// Suspected compromised: its data is not sold and its reports not counted until security
	/// restores it.
	Quarantined,
	/// Withdrawn by its owner for good.
	Revoked,
}

/// A device as other pallets see it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeviceInfo<AccountId, DeviceKey> {
	/// The provider that registered it and answers for it.
	pub owner: AccountId,
	/// The key it signs with.
	pub key: DeviceKey,
	/// What it is.
	pub kind: DeviceKind,
	/// Whether it is trusted.
	pub status: DeviceStatus,
	/// Whose personal data it produces, as the registrar or the subject recorded it; `None`
	/// when nobody did. Listings of the device inherit it.
	pub subject: Option<AccountId>,
}

/// The registry, for other pallets.
pub trait RegistryInspect<AccountId> {
	/// The public key type devices sign with.
	type DeviceKey;

	/// The jurisdiction and roles of `who`, if registered.
	fn participant(who: &AccountId) -> Option<(Jurisdiction, Roles)>;

	/// Device `id`, if registered.
	fn device(id: DeviceId) -> Option<DeviceInfo<AccountId, Self::DeviceKey>>;

	/// Puts an active device in quarantine, for the reason with hash `reason`.
	fn quarantine(id: DeviceId, reason: H256) -> DispatchResult;
}

/// What other pallets do when a device leaves the registry: drop what they keep about it.
pub trait OnDeviceRemoved {
	/// Device `id` was deregistered; its id is never given again.
	fn on_device_removed(id: DeviceId);

	/// The most [`OnDeviceRemoved::on_device_removed`] weighs.
	fn weight() -> sp_runtime::Weight;
}

impl OnDeviceRemoved for () {
	fn on_device_removed(_id: DeviceId) {}

	fn weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

/// The domain-separation tag of a device key's proof of possession.
pub const KEY_POSSESSION_CONTEXT: &[u8] = b"msec/registry/key-possession/v1";

/// The domain-separation tag of a data subject's claim on a device.
pub const SUBJECT_CLAIM_CONTEXT: &[u8] = b"msec/registry/subject-claim/v1";

/// The bytes a device key signs to prove that its holder lets `owner` register or rotate to
/// it, on the chain with `genesis_hash`: nobody registers a key whose secret they lack.
pub fn key_possession_payload<AccountId: Encode>(
	genesis_hash: &[u8],
	owner: &AccountId,
) -> alloc::vec::Vec<u8> {
	(KEY_POSSESSION_CONTEXT, genesis_hash, owner).encode()
}

/// The bytes a data subject signs to record that device `device` of `owner` produces their
/// personal data, on the chain with `genesis_hash`.
pub fn subject_claim_payload<AccountId: Encode>(
	genesis_hash: &[u8],
	device: DeviceId,
	owner: &AccountId,
) -> alloc::vec::Vec<u8> {
	(SUBJECT_CLAIM_CONTEXT, genesis_hash, device, owner).encode()
}
