//! Weights of the registry calls.
//!
//! The runtime's implementation is generated from `benchmarking.rs` by
//! `scripts/bench-weights.sh pallet_registry` into `runtime/src/weights/`, never written by hand.

use frame_support::weights::Weight;

/// Weight functions needed for `pallet_registry`.
pub trait WeightInfo {
	/// `register_participant`.
	fn register_participant() -> Weight;
	/// `update_participant`.
	fn update_participant() -> Weight;
	/// `remove_participant`.
	fn remove_participant() -> Weight;
	/// `register_device`, the owner's second-to-last allowed device, checking the key's proof
	/// of possession.
	fn register_device() -> Weight;
	/// `rotate_device_key`, checking the key's proof of possession.
	fn rotate_device_key() -> Weight;
	/// `deregister_device`, without what [`msec_primitives::OnDeviceRemoved`] adds.
	fn deregister_device() -> Weight;
	/// `revoke_device`.
	fn revoke_device() -> Weight;
	/// `quarantine_device`.
	fn quarantine_device() -> Weight;
	/// `restore_device`.
	fn restore_device() -> Weight;
	/// `set_device_subject`.
	fn set_device_subject() -> Weight;
	/// `record_subject`, checking the subject's signature.
	fn record_subject() -> Weight;
	/// `set_device_encryption_key`.
	fn set_device_encryption_key() -> Weight;
}
