//! Where a participant is established: what decides whether personal data may cross a border.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// An ISO 3166-1 alpha-2 country code, two upper-case ASCII letters (`"KR"`, `"US"`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Serialize,
	Deserialize,
)]
pub struct CountryCode(pub [u8; 2]);

impl CountryCode {
	/// Whether both bytes are upper-case ASCII letters.
	pub fn is_well_formed(&self) -> bool {
		self.0.iter().all(u8::is_ascii_uppercase)
	}
}

/// The legal area a participant is established in. The EU (GDPR) and Japan (APPI) recognise
/// each other's protection as adequate; every other country is named by its code.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum Jurisdiction {
	/// A member state of the European Union (GDPR).
	Eu,
	/// Japan (APPI).
	Japan,
	/// Any other country.
	Other(CountryCode),
}

impl Jurisdiction {
	/// Whether the jurisdiction is well formed: `Other` carries a valid code that is neither
	/// Japan's nor a way around naming the EU.
	pub fn is_well_formed(&self) -> bool {
		match self {
			Self::Eu | Self::Japan => true,
			Self::Other(code) => code.is_well_formed() && code.0 != *b"JP" && code.0 != *b"EU",
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn other_needs_an_upper_case_code_that_is_not_jp_or_eu() {
		assert!(Jurisdiction::Other(CountryCode(*b"KR")).is_well_formed());
		assert!(!Jurisdiction::Other(CountryCode(*b"kr")).is_well_formed());
		assert!(!Jurisdiction::Other(CountryCode(*b"J1")).is_well_formed());
		assert!(!Jurisdiction::Other(CountryCode(*b"JP")).is_well_formed());
		assert!(!Jurisdiction::Other(CountryCode(*b"EU")).is_well_formed());
		assert!(Jurisdiction::Eu.is_well_formed() && Jurisdiction::Japan.is_well_formed());
	}
}
