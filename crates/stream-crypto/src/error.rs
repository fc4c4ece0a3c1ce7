//! Why sealing or opening failed. Deliberately coarse: telling a wrong key from tampering
//! would help an attacker, and neither can be repaired by the caller.

/// Why a message or a wrapped key could not be opened (or sealed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
	/// Wrong key, or the ciphertext, nonce or bound context was altered.
	Decryption,
	/// The sealed message or wrapped key has the wrong length or shape.
	Malformed,
	/// The buyer's X25519 public key is not a usable curve point.
	InvalidPublicKey,
	/// The AEAD refused to encrypt (a message beyond its length limit).
	Encryption,
}

impl core::fmt::Display for Error {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(match self {
			Error::Decryption => "cannot decrypt: wrong key, or the data or its context was altered",
			Error::Malformed => "malformed ciphertext",
			Error::InvalidPublicKey => "the recipient's X25519 public key is invalid",
			Error::Encryption => "cannot encrypt this message",
		})
	}
}

impl core::error::Error for Error {}
