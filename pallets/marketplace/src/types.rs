//! What the marketplace stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

/// A listing's number.
pub type ListingId = u64;

/// A purchase's number.
pub type PurchaseId = u64;

/// What is sold.
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
)]
pub enum ListingKind<BlockNumber> {
	/// A dataset: one delivery, for the price, within `DatasetDeliveryPeriod` blocks.
	Dataset,
	/// A stream: the price buys one epoch of `epoch_length` blocks.
	Stream {
		/// Blocks per epoch.
		epoch_length: BlockNumber,
	},
}

/// Where a purchase stands.
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
)]
pub enum PurchaseState {
	/// Escrow held; the provider delivers.
	Open,
	/// The buyer disputed it: the escrow stays held until the arbiter decides.
	Disputed {
		/// Hash of the buyer's reasons.
		reason: H256,
	},
	/// Paid out; only the buyer's rating is left.
	Settled,
}

/// What the provider confirms it delivered in one epoch.
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
)]
pub struct Delivery {
	/// The epoch.
	pub epoch: u32,
	/// Messages sent in it.
	pub message_count: u32,
	/// Merkle root of their ciphertexts.
	pub merkle_root: H256,
}

/// Why no further epoch of a purchase is payable.
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
)]
pub enum SuspensionReason {
	/// The subject withdrew the consent.
	ConsentWithdrawn,
	/// The consent expired.
	ConsentExpired,
	/// No consent covers the purchase any more.
	ConsentMissing,
	/// The source device was quarantined or revoked.
	DeviceNotActive,
}

/// A provider's ratings: how many, and their sum (average = sum / count).
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
)]
pub struct Reputation {
	/// Ratings received.
	pub count: u32,
	/// Sum of their scores (1 to 5 each).
	pub sum: u64,
}
