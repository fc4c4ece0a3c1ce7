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
