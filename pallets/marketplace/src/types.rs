//! What the marketplace stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

/// A listing's number.
pub type ListingId = u64;

/// A purchase's number.
pub type PurchaseId = u64;

/// A content key's number within its listing: each rekey takes a higher one.
pub type KeyEpoch = u32;

/// The current content key of a listing as the chain knows it: its epoch and a commitment
/// to the key, `BLAKE2b-256("msec/key-commit/v1", listing, epoch, key)` (SCALE-encoded), which
/// buyers check after unwrapping and relays read to refuse older epochs.
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
pub struct ListingKey {
	/// The key epoch devices seal under from now on.
	pub epoch: KeyEpoch,
	/// The commitment to that epoch's key.
	pub commitment: H256,
}

/// How long each step of a purchase may take, in blocks. The runtime sets them
/// ([`crate::Config`]); a test chain's genesis may shorten them.
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
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Timings<BlockNumber> {
	/// After an epoch ends, blocks before its confirmation is accepted: late messages reach
	/// the relay's log and the epoch's blocks are final.
	pub confirmation_delay: BlockNumber,
	/// Blocks after that in which the confirmation must land; later, the epoch is refunded.
	pub confirmation_period: BlockNumber,
	/// Blocks after the last confirmation could land in which the buyer may dispute.
	pub dispute_window: BlockNumber,
	/// Blocks the arbiter has to decide a dispute; after them anyone settles by the default
	/// outcome.
	pub arbitration_period: BlockNumber,
	/// Blocks after settlement after which anyone may remove the record, returning its
	/// deposit to the buyer.
	pub record_retention: BlockNumber,
}

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
pub enum PurchaseState<BlockNumber, Balance> {
	/// Escrow held; the provider delivers.
	Open,
	/// The buyer disputed it: the escrow and the buyer's bond stay held until the arbiter
	/// decides, or its time runs out.
	Disputed {
		/// Hash of the buyer's reasons.
		reason: H256,
		/// The block it was disputed in.
		at: BlockNumber,
		/// The bond held from the buyer.
		bond: Balance,
	},
	/// Paid out; the buyer may rate, and the record goes.
	Settled {
		/// The block it was settled in.
		at: BlockNumber,
	},
}

impl<BlockNumber, Balance> PurchaseState<BlockNumber, Balance> {
	/// Whether the provider still delivers: neither disputed nor settled.
	pub fn is_open(&self) -> bool {
		matches!(self, Self::Open)
	}

	/// Whether it is paid out.
	pub fn is_settled(&self) -> bool {
		matches!(self, Self::Settled { .. })
	}
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
	/// Messages sent in it: at least one, as an empty epoch is not paid.
	pub message_count: u32,
	/// BLAKE2b-256 of the relay log's hash chain before and after them
	/// (`msec_stream_log::DeliveryProof`), which a buyer recomputes from the messages.
	pub digest: H256,
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
	/// The source device was quarantined, revoked or deregistered.
	DeviceNotActive,
	/// A consent covers the purpose, but no longer the transfer between the provider's and
	/// the buyer's jurisdictions as registered now.
	TransferNotAllowed,
	/// The provider is no longer a registered provider.
	ProviderNotRegistered,
	/// The buyer is no longer a registered buyer.
	BuyerNotRegistered,
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

/// Longest name of an anonymization method.
pub const MAX_METHOD_LEN: u32 = 64;

/// The name of an anonymization method, such as `msec/anonymize/blake2b-geohash-kanon/v1`.
pub type MethodName =
	frame_support::BoundedVec<u8, frame_support::traits::ConstU32<MAX_METHOD_LEN>>;

/// How coarse the records a listing sells must be: locations to geohash cells, times to
/// buckets, and every (cell, bucket) group with at least `k` distinct subjects.
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
pub struct AnonymizationPolicy {
	/// Geohash characters kept, 1 to 7: 5 is about 5 km, 6 about 1.2 km, 7 about 150 m.
	pub geohash_precision: u8,
	/// Width of a time bucket in milliseconds (3,600,000 for hours): a whole multiple of 15
	/// minutes.
	pub time_bucket_ms: u64,
	/// Fewest distinct subjects a released group holds; at least 2.
	pub k: u32,
}

/// The finest policy the chain accepts for any listing: cells of about 150 m (geohash 7),
/// buckets of 15 minutes, groups of 2 subjects. Providers choose coarser ones for what they
/// sell; none can sell finer.
pub const MINIMUM_POLICY: AnonymizationPolicy =
	AnonymizationPolicy { geohash_precision: 7, time_bucket_ms: 900_000, k: 2 };

impl AnonymizationPolicy {
	/// Whether the policy is one the chain accepts: at least [`MINIMUM_POLICY`], with cells of
	/// at least one geohash character and buckets whole multiples of the minimum's (so that
	/// every policy's buckets nest in a coarser one's).
	pub fn is_valid(&self) -> bool {
		self.geohash_precision >= 1 && self.satisfies(&MINIMUM_POLICY)
	}

	/// Whether a release under `self` is at least as coarse as `required` asks, and nests in
	/// it: no finer cells (a geohash cell lies inside its prefix's), buckets that are whole
	/// multiples of the required ones (each covers whole required buckets: two releases cut
	/// at different times would reveal finer times between their edges), no smaller groups.
	pub fn satisfies(&self, required: &Self) -> bool {
		self.geohash_precision <= required.geohash_precision
			&& self.time_bucket_ms >= required.time_bucket_ms
			&& self.time_bucket_ms.checked_rem(required.time_bucket_ms) == Some(0)
			&& self.k >= required.k
	}
}

/// The provider's attestation of one anonymized batch: what went in, what came out, how.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct AnonymizationAttestation<BlockNumber> {
	/// The batch's number: 0 for a listing's first, then one more each.
	pub batch: u32,
	/// BLAKE2b-256 of a random salt and the raw records (SCALE-encoded), which never leave the
	/// provider: without the salt, nobody tests a guess of the records against it.
	pub input_hash: H256,
	/// BLAKE2b-256 of the released records (SCALE-encoded), which buyers decrypt.
	pub output_hash: H256,
	/// The method applied.
	pub method: MethodName,
	/// The policy applied: at least as coarse as the listing's.
	pub policy: AnonymizationPolicy,
	/// Raw records that went in.
	pub records_in: u32,
	/// Records released; the rest were suppressed with their too-small groups.
	pub records_out: u32,
	/// The block it was recorded in.
	pub attested_at: BlockNumber,
}

/// A listing whose records must be anonymized before they are sold.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Anonymization<BlockNumber> {
	/// What the provider committed to; it may only become stricter.
	pub policy: AnonymizationPolicy,
	/// The latest batch's attestation; earlier ones are in the events.
	pub latest: Option<AnonymizationAttestation<BlockNumber>>,
}

impl<BlockNumber> Anonymization<BlockNumber> {
	/// The number the next attested batch must carry.
	pub fn next_batch(&self) -> u32 {
		self.latest.as_ref().map_or(0, |latest| latest.batch.saturating_add(1))
	}
}
