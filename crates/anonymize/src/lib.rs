//! Anonymization of personal sensor records (a wearable's heart rate, a card's trips) before a
//! listing that requires it sells them. The provider's node runs it on raw records handed to it
//! locally; only the result is encrypted and published, and its attestation (input hash, output
//! hash, method, k) goes on chain.
//!
//! 1. Pseudonymization: the subject's identifier becomes a keyed BLAKE2b-128 of it and the
//!    batch's random salt ([`Pseudonymizer`]); without the provider's key nobody can recompute
//!    or reverse it, and nothing links a subject's pseudonyms of two batches.
//! 2. Generalization: the location becomes a geohash cell of the policy's precision, the time
//!    the start of its bucket ([`Policy`]).
//! 3. k-anonymity over what a buyer links: a subject's trajectory in the batch (the set of
//!    (cell, time bucket) pairs its records fall in, all under one pseudonym) must be shared
//!    by at least `k` subjects, or the subject's records are suppressed ([`anonymize`]).
//!
//! The readings themselves are released as they came: a reading that identifies its subject
//! (a name, a rare value) is not hidden by any of this.
//!
//! [`RawRecord`] and [`PublishedRecord`] are the JSON a device hands its node and a buyer
//! decrypts.

mod generalize;
mod kanon;
mod pseudonym;
mod wire;

pub use generalize::{Policy, MAX_GEOHASH_PRECISION};
pub use kanon::{
	anonymize, digest, salted_commitment, AnonymizedRecord, Record, Release, METHOD,
};
pub use pseudonym::{BatchSalt, Pseudonym, Pseudonymizer};
pub use wire::{PublishedRecord, RawRecord};

/// Why records could not be anonymized.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
	/// The policy cannot anonymize: what is wrong with it.
	InvalidPolicy(&'static str),
	/// Record `index` has a latitude or longitude out of range (or not a number).
	InvalidCoordinate {
		/// Its position in the input.
		index: usize,
	},
}

impl core::fmt::Display for Error {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Error::InvalidPolicy(reason) => write!(f, "invalid anonymization policy: {reason}"),
			Error::InvalidCoordinate { index } => {
				write!(f, "record {index}: latitude or longitude out of range")
			},
		}
	}
}

impl std::error::Error for Error {}
