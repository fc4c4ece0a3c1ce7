//! Weights of the marketplace calls.
//!
//! The runtime's implementation is generated from `benchmarking.rs` by
//! `scripts/bench-weights.sh pallet_marketplace` into `runtime/src/weights/`, never by hand.

use frame_support::weights::Weight;

/// Weight functions needed for `pallet_marketplace`.
pub trait WeightInfo {
	/// `create_listing` with a device and `MaxPurposes` purposes.
	fn create_listing() -> Weight;
	/// `update_listing`.
	fn update_listing() -> Weight;
	/// `close_listing`.
	fn close_listing() -> Weight;
	/// `purchase` of personal data from a device; the consent check's worst case is added by
	/// the call (`ConsentInspect::permitted_weight`).
	fn purchase() -> Weight;
	/// `deliver_key` of `MaxWrappedKeyLen` bytes to a purchase holding `MaxKeysPerPurchase`
	/// keys, whose oldest gives way.
	fn deliver_key() -> Weight;
	/// `confirm_delivery` onto `MaxEpochs - 1` deliveries, with the device check; the consent
	/// check's worst case is added by the call.
	fn confirm_delivery() -> Weight;
	/// `settle` of an open purchase, paying provider, fee and refund.
	fn settle() -> Weight;
	/// `settle` of a dispute the arbiter left undecided: the bond back too.
	fn settle_disputed() -> Weight;
	/// `dispute`, holding the bond.
	fn dispute() -> Weight;
	/// `resolve_dispute` paying provider, fee, refund and the bond.
	fn resolve_dispute() -> Weight;
	/// `rate`, removing `MaxKeysPerPurchase` keys.
	fn rate() -> Weight;
	/// `remove_purchase`, removing `MaxKeysPerPurchase` keys.
	fn remove_purchase() -> Weight;
	/// `rekey`.
	fn rekey() -> Weight;
	/// `require_anonymization`, replacing a policy.
	fn require_anonymization() -> Weight;
	/// `attest_anonymization` with a method name of `MAX_METHOD_LEN` bytes.
	fn attest_anonymization() -> Weight;
}
