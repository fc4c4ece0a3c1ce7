//! Pseudonyms: a keyed BLAKE2b-128 of a batch's random salt and the subject's identifier. The
//! same subject gets the same pseudonym within one batch (so a buyer can count subjects and
//! follow one within the batch), unlinkable ones in other batches (even two batches that got
//! the same number) or under other keys, and nobody without the key can test a guess.

use blake2::{
	digest::{consts::U16, Mac},
	Blake2bMac,
};
use codec::Encode;

/// A subject's pseudonym.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Encode)]
pub struct Pseudonym(pub [u8; 16]);

/// A batch's random salt: drawn for each batch and kept nowhere, so that nothing links a
/// subject's pseudonyms of two batches.
pub type BatchSalt = [u8; 16];

/// Makes pseudonyms under the provider's secret key.
#[derive(Clone)]
pub struct Pseudonymizer {
	mac: Blake2bMac<U16>,
}

impl Pseudonymizer {
	/// A pseudonymizer with the provider's 32-byte secret key.
	pub fn new(key: &[u8; 32]) -> Self {
		// BLAKE2b takes keys of up to 64 bytes: 32 always fits.
		let mac = <Blake2bMac<U16> as Mac>::new_from_slice(key)
			.unwrap_or_else(|_| unreachable!("a 32-byte key is a valid BLAKE2b key"));
		Self { mac }
	}

	/// The pseudonym of `subject` in the batch whose random salt is `batch_salt`.
	pub fn pseudonym(&self, batch_salt: &BatchSalt, subject: &[u8]) -> Pseudonym {
		let mut mac = self.mac.clone();
		// Fixed length first: no (salt, subject) pair encodes like another.
		mac.update(batch_salt);
		mac.update(subject);
		Pseudonym(mac.finalize().into_bytes().into())
	}
}

impl core::fmt::Debug for Pseudonymizer {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str("Pseudonymizer { .. }")
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_subject_keeps_its_pseudonym_within_a_batch() {
		let pseudonymizer = Pseudonymizer::new(&[1; 32]);
		assert_eq!(
			pseudonymizer.pseudonym(&[3; 16], b"card-0042"),
			pseudonymizer.pseudonym(&[3; 16], b"card-0042")
		);
		assert_ne!(
			pseudonymizer.pseudonym(&[3; 16], b"card-0042"),
			pseudonymizer.pseudonym(&[3; 16], b"card-0043")
		);
	}

	#[test]
	fn a_buyer_cannot_link_a_subject_across_batches_or_keys() {
		let pseudonymizer = Pseudonymizer::new(&[1; 32]);
		assert_ne!(
			pseudonymizer.pseudonym(&[3; 16], b"card-0042"),
			pseudonymizer.pseudonym(&[4; 16], b"card-0042")
		);
		let other_key = Pseudonymizer::new(&[2; 32]).pseudonym(&[3; 16], b"card-0042");
		assert_ne!(pseudonymizer.pseudonym(&[3; 16], b"card-0042"), other_key);
	}

	/// Keyed BLAKE2b-128 of a zero salt (16 bytes) and "abc" under the key 00 01 .. 1f, as
	/// computed by Python's
	/// `hashlib.blake2b(bytes(16) + b"abc", key=bytes(range(32)), digest_size=16)`.
	#[test]
	fn the_pseudonym_is_keyed_blake2b_128() {
		let key: [u8; 32] = core::array::from_fn(|i| i as u8);
		let pseudonym = Pseudonymizer::new(&key).pseudonym(&[0; 16], b"abc");
		assert_eq!(
			pseudonym.0,
			[
				0xf1, 0x59, 0xb5, 0x96, 0x0d, 0x18, 0x0e, 0x1c, 0x54, 0x6b, 0xf9, 0x1f, 0x3a, 0xaa,
				0x25, 0xc7
			]
		);
	}
}
