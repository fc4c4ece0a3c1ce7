//! The keys devices sign with, and their signatures.
//!
//! Two schemes: ed25519, which every IoT crypto library offers, and sr25519, which Substrate
//! tools and wallets use by default.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::{ed25519, sr25519};
use sp_runtime::traits::{IdentifyAccount, Lazy, Verify};

/// A device's public key.
#[derive(
	Clone,
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
pub enum DeviceKey {
	/// An ed25519 key.
	Ed25519(ed25519::Public),
	/// An sr25519 key.
	Sr25519(sr25519::Public),
}

/// A signature by a device key.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum DeviceSignature {
	/// An ed25519 signature.
	Ed25519(ed25519::Signature),
	/// An sr25519 signature.
	Sr25519(sr25519::Signature),
}

impl DeviceKey {
	/// Whether `signature` is this key's signature of `message`. A signature of the other
	/// scheme never verifies.
	pub fn verify(&self, message: &[u8], signature: &DeviceSignature) -> bool {
		match (self, signature) {
			(Self::Ed25519(key), DeviceSignature::Ed25519(sig)) => sig.verify(message, key),
			(Self::Sr25519(key), DeviceSignature::Sr25519(sig)) => sig.verify(message, key),
			_ => false,
		}
	}
}

/// A device key names itself: pallets that take signatures through [`Verify`] (the registry's
/// proof of possession) check them against the key.
impl IdentifyAccount for DeviceKey {
	type AccountId = DeviceKey;

	fn into_account(self) -> DeviceKey {
		self
	}
}

impl Verify for DeviceSignature {
	type Signer = DeviceKey;

	fn verify<L: Lazy<[u8]>>(&self, mut message: L, signer: &DeviceKey) -> bool {
		signer.verify(message.get(), self)
	}
}

#[cfg(all(test, feature = "std"))]
mod tests {
	use super::*;
	use sp_core::Pair;

	#[test]
	fn a_key_verifies_its_own_signature_only() {
		let ed = ed25519::Pair::from_seed(&[1; 32]);
		let sr = sr25519::Pair::from_seed(&[2; 32]);
		let message = b"alerts";
		let ed_key = DeviceKey::Ed25519(ed.public());
		let sr_key = DeviceKey::Sr25519(sr.public());
		let ed_sig = DeviceSignature::Ed25519(ed.sign(message));
		let sr_sig = DeviceSignature::Sr25519(sr.sign(message));

		assert!(ed_key.verify(message, &ed_sig));
		assert!(sr_key.verify(message, &sr_sig));
		assert!(!ed_key.verify(b"other", &ed_sig));
		assert!(!ed_key.verify(message, &sr_sig));
		assert!(!sr_key.verify(message, &ed_sig));
		let other = DeviceKey::Ed25519(ed25519::Pair::from_seed(&[3; 32]).public());
		assert!(!other.verify(message, &ed_sig));
	}
}
