//! Weights of the two-city approval.
//!
//! The runtime's implementation is generated from `benchmarking.rs` by
//! `scripts/bench-weights.sh pallet_two_cities` into `runtime/src/weights/`, never by hand.

use frame_support::weights::Weight;

/// Weight functions needed for `pallet_two_cities`.
pub trait WeightInfo {
	/// `enact` of a motion with `a` ayes, without the enacted call's own weight.
	fn enact(a: u32) -> Weight;
}
