//! Pseudonyms: a keyed BLAKE2b-128 of the subject's identifier. The same subject gets the same
//! pseudonym under one key (so a buyer can follow a series), different ones under different
//! keys, and nobody without the key can test a guess.

use blake2::{
	digest::{consts::U16, Mac},
	Blake2bMac,
};
use codec::Encode;

/// A subject's pseudonym.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Encode)]
pub struct Pseudonym(pub [u8; 16]);

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

	/// The pseudonym of `subject`.
	pub fn pseudonym(&self, subject: &[u8]) -> Pseudonym {
		let mut mac = self.mac.clone();
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
	fn a_subject_keeps_its_pseudonym_under_one_key() {
		let pseudonymizer = Pseudonymizer::new(&[1; 32]);
		assert_eq!(pseudonymizer.pseudonym(b"card-0042"), pseudonymizer.pseudonym(b"card-0042"));
		assert_ne!(pseudonymizer.pseudonym(b"card-0042"), pseudonymizer.pseudonym(b"card-0043"));
	}

	#[test]
	fn another_key_gives_unlinkable_pseudonyms() {
		let first = Pseudonymizer::new(&[1; 32]).pseudonym(b"card-0042");
		let second = Pseudonymizer::new(&[2; 32]).pseudonym(b"card-0042");
		assert_ne!(first, second);
	}

	/// Keyed BLAKE2b-128 of "abc" under the key 00 01 .. 1f, as computed by Python's
	/// `hashlib.blake2b(b"abc", key=bytes(range(32)), digest_size=16)`.
	#[test]
	fn the_pseudonym_is_keyed_blake2b_128() {
		let key: [u8; 32] = core::array::from_fn(|i| i as u8);
		let pseudonym = Pseudonymizer::new(&key).pseudonym(b"abc");
		assert_eq!(
			pseudonym.0,
			[
				0x1a, 0x64, 0xbe, 0x47, 0xe4, 0x72, 0x9d, 0x95, 0x1c, 0x30, 0x2e, 0xe5, 0x43, 0xf9,
				0x7c, 0xf3
			]
		);
	}
}
