//! Weights of the IDS calls.
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
	/// `attest_alerts` with `MaxRuleIds` rule ids.
	fn attest_alerts() -> Weight;
	/// `corroborate` of an attestation with `MaxCorroborations - 1` corroborations.
	fn corroborate() -> Weight;
	/// `dispute`.
	fn dispute() -> Weight;
}
