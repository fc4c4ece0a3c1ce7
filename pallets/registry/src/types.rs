//! The records the registry stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use msec_primitives::{DeviceKind, DeviceStatus, Jurisdiction, Roles};
use scale_info::TypeInfo;
use sp_core::H256;

/// A registered participant: a citizen, company, city department or security team.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Participant<BlockNumber> {
	/// Where it is established.
	pub jurisdiction: Jurisdiction,
	/// What it may do.
	pub roles: Roles,
	/// When it was registered.
	pub registered_at: BlockNumber,
}

/// A registered IoT device.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Device<AccountId, DeviceKey, Balance> {
	/// The provider that registered it.
	pub owner: AccountId,
	/// The key it signs with.
	pub key: DeviceKey,
	/// What it is.
	pub kind: DeviceKind,
	/// Hash of the firmware image it runs.
	pub firmware: H256,
	/// Whether it is trusted.
	pub status: DeviceStatus,
	/// Held from the owner while registered.
	pub deposit: Balance,
	/// Whose personal data it produces, recorded by the registrar or with the subject's
	/// signature; the owner cannot remove it.
	pub subject: Option<AccountId>,
}
