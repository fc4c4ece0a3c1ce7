//! Weights of the IDS calls and of its idle-time upkeep.
//!
//! The runtime's implementation is generated from `benchmarking.rs` by
//! `scripts/bench-weights.sh pallet_ids` into `runtime/src/weights/`, never written by hand.

use frame_support::weights::Weight;

/// Weight functions needed for `pallet_ids`.
pub trait WeightInfo {
	/// `publish_ruleset`.
	fn publish_ruleset() -> Weight;
	/// `retire_ruleset`.
	fn retire_ruleset() -> Weight;
	/// `attest_alerts` of a severe report naming `r` rule ids (each a `RuleHits` write).
	fn attest_alerts(r: u32) -> Weight;
	/// `corroborate` that completes an attestation's corroborations and quarantines its
	/// device on `MaxRecentSevere` attestations.
	fn corroborate() -> Weight;
	/// `dispute`.
	fn dispute() -> Weight;
	/// Expiring one attestation in `on_idle`: releasing its deposit, removing its indexes.
	fn expire_attestation() -> Weight;
	/// Removing one aggregate entry in `on_idle`.
	fn prune_aggregate_entry() -> Weight;
	/// Dropping a deregistered device's period cursor (`OnDeviceRemoved`).
	fn on_device_removed() -> Weight;
}
