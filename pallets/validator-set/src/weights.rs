//! Weights of the validator-set calls.
//!
//! The runtime's implementation is generated from `benchmarking.rs` by
//! `scripts/bench-weights.sh pallet_validator_set` into `runtime/src/weights/`, never written by
//! hand.

use frame_support::weights::Weight;

/// Weight functions needed for `pallet_validator_set`.
pub trait WeightInfo {
	/// `add_validator` with a set of `MaxValidators - 1`.
	fn add_validator() -> Weight;
	/// `remove_validator` of the last member of a full set.
	fn remove_validator() -> Weight;
}
