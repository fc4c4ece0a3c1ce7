//! The hand-off of anonymization attestations from the provider's node, which anonymizes and
//! publishes a batch, to its off-chain worker, which signs and sends `attest_anonymization`.
//! Each listing has one queue under [`attestation_queue_key`]: a SCALE `Vec` of
//! [`PendingAttestation`] in batch order. The node appends; the worker removes the batches the
//! chain has recorded.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use msec_stream_crypto::ListingId;

const QUEUE_KEY: &[u8] = b"msec/worker/attestations/";

/// A batch the node anonymized and published, waiting for its attestation on chain.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct PendingAttestation {
	/// The batch's number in the listing.
	pub batch: u32,
	/// BLAKE2b-256 of the raw records, SCALE-encoded.
	pub input_hash: [u8; 32],
	/// BLAKE2b-256 of the released records, SCALE-encoded.
	pub output_hash: [u8; 32],
	/// The method applied.
	pub method: Vec<u8>,
	/// Geohash characters kept.
	pub geohash_precision: u8,
	/// Time bucket width, milliseconds.
	pub time_bucket_ms: u64,
	/// Fewest distinct subjects per released group.
	pub k: u32,
	/// Raw records that went in.
	pub records_in: u32,
	/// Records released.
	pub records_out: u32,
}

/// The key of `listing`'s queue of pending attestations.
pub fn attestation_queue_key(listing: ListingId) -> Vec<u8> {
	(QUEUE_KEY, listing).encode()
}
