//! Weights of the consent calls and of its idle-time clean-up.
//!
//! The runtime's implementation is generated from `benchmarking.rs` by
//! `scripts/bench-weights.sh pallet_consent` into `runtime/src/weights/`, never written by hand.

use frame_support::weights::Weight;

/// Weight functions needed for `pallet_consent`.
pub trait WeightInfo {
	/// `grant` with `MaxPurposes` purposes and `MaxTransfers` transfer jurisdictions.
	fn grant() -> Weight;
	/// `grant_on_behalf`, as `grant` plus the guardian check.
	fn grant_on_behalf() -> Weight;
	/// `withdraw` by the guardian.
	fn withdraw() -> Weight;
	/// `set_guardian`.
	fn set_guardian() -> Weight;
	/// `record_erasure` onto `MaxErasures - 1` receipts.
	fn record_erasure() -> Weight;
	/// Removing one record in `on_idle`: releasing its deposit, removing its indexes.
	fn remove_consent() -> Weight;
	/// [`msec_primitives::ConsentInspect::permitted`] walking all `r` records of a subject
	/// (none matches), with the `ConsentCount` read that sizes the walk: what other pallets
	/// charge for a consent check.
	fn check_consent(r: u32) -> Weight;
}
