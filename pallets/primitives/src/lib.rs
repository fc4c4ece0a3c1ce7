//! Types and traits shared by M-Sec chain's pallets.
//!
//! Pallets never depend on each other's crates: the registry implements [`RegistryInspect`]
//! and the consent pallet [`ConsentInspect`], and the IDS and marketplace pallets take them as
//! `Config` types.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod consent;
mod device_key;
mod helpers;
mod jurisdiction;
mod registry;

pub use consent::{
	transfer_allowed, ConsentId, ConsentInspect, ConsentRefusal, LegalBasis, Purpose,
};
pub use device_key::{DeviceKey, DeviceSignature};
pub use helpers::{decrement_count, is_strictly_increasing};
pub use jurisdiction::{CountryCode, Jurisdiction};
pub use registry::{
	key_possession_payload, subject_claim_payload, DeviceId, DeviceInfo, DeviceKind, DeviceStatus,
	OnDeviceRemoved, RegistryInspect, Roles, KEY_POSSESSION_CONTEXT, SUBJECT_CLAIM_CONTEXT,
};
