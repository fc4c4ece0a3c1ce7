//! Messages of a stream: XChaCha20-Poly1305 under the epoch's content key, with a random nonce
//! and associated data that binds the message to its place in the stream.

use alloc::vec::Vec;
use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	XChaCha20Poly1305,
};
use codec::{Decode, Encode};
use hpke::rand_core::CryptoRng;

use crate::{ContentKey, Error, KeyEpoch, ListingId};

/// Bytes of a message nonce: 192 bits, so random nonces never repeat in practice.
pub const NONCE_LEN: usize = 24;
/// Bytes the authentication tag adds to a message.
pub const TAG_LEN: usize = 16;

/// Domain separation of the associated data: a message sealed for anything else never opens
/// as a stream message.
const MESSAGE_CONTEXT: &[u8; 16] = b"msec/stream/v1\0\0";

/// Where a message belongs: the listing's stream, the key epoch, the publisher's sequence
/// number. All three are authenticated, none is secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub struct StreamPosition {
	/// The listing whose stream it is.
	pub listing: ListingId,
	/// The key epoch whose content key sealed it.
	pub key_epoch: KeyEpoch,
	/// The publisher's sequence number, increasing within the stream.
	pub sequence: u64,
}

impl StreamPosition {
	/// The associated data: context tag, listing, epoch, sequence (SCALE, little endian).
	pub fn associated_data(&self) -> Vec<u8> {
		(MESSAGE_CONTEXT, self).encode()
	}
}

/// A sealed message as the relay stores and forwards it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct SealedMessage {
	/// Where it belongs (authenticated).
	pub position: StreamPosition,
	/// The random nonce it was sealed with.
	pub nonce: [u8; NONCE_LEN],
	/// Ciphertext followed by the tag.
	pub ciphertext: Vec<u8>,
}

/// Seals `plaintext` at `position` under `key`, with a fresh nonce from `rng`.
///
/// The key's epoch must be the position's: sealing under another epoch's key is refused
/// ([`Error::Encryption`]) rather than producing a message its readers would fail to open.
pub fn seal(
	key: &ContentKey,
	position: StreamPosition,
	plaintext: &[u8],
	rng: &mut impl CryptoRng,
) -> Result<SealedMessage, Error> {
	if key.epoch() != position.key_epoch {
		return Err(Error::Encryption);
	}
	let mut nonce = [0u8; NONCE_LEN];
	rng.fill_bytes(&mut nonce);
	let ciphertext = seal_raw(key, &nonce, &position.associated_data(), plaintext)?;
	Ok(SealedMessage { position, nonce, ciphertext })
}

/// Opens `message` with `key`: its plaintext, if the key is right for its epoch and nothing
/// (ciphertext, nonce, position) was altered.
pub fn open(key: &ContentKey, message: &SealedMessage) -> Result<Vec<u8>, Error> {
	if key.epoch() != message.position.key_epoch {
		return Err(Error::Decryption);
	}
	if message.ciphertext.len() < TAG_LEN {
		return Err(Error::Malformed);
	}
	cipher(key)
		.decrypt(
			&message.nonce.into(),
			Payload { msg: &message.ciphertext, aad: &message.position.associated_data() },
		)
		.map_err(|_| Error::Decryption)
}

/// The AEAD itself: XChaCha20-Poly1305 of `plaintext` with `nonce` and `aad`.
pub(crate) fn seal_raw(
	key: &ContentKey,
	nonce: &[u8; NONCE_LEN],
	aad: &[u8],
	plaintext: &[u8],
) -> Result<Vec<u8>, Error> {
	cipher(key)
		.encrypt(&(*nonce).into(), Payload { msg: plaintext, aad })
		.map_err(|_| Error::Encryption)
}

fn cipher(key: &ContentKey) -> XChaCha20Poly1305 {
	XChaCha20Poly1305::new(&(*key.expose_bytes()).into())
}

#[cfg(test)]
mod tests {
	use super::*;
	use chacha20::ChaCha20Rng;
	use hpke::rand_core::SeedableRng;

	fn rng() -> ChaCha20Rng {
		ChaCha20Rng::from_seed([7; 32])
	}

	const POSITION: StreamPosition = StreamPosition { listing: 3, key_epoch: 1, sequence: 42 };

	fn sealed(plaintext: &[u8]) -> (ContentKey, SealedMessage) {
		let mut rng = rng();
		let key = ContentKey::generate(1, &mut rng);
		let message = seal(&key, POSITION, plaintext, &mut rng).expect("seals");
		(key, message)
	}

	#[test]
	fn a_sealed_message_opens_with_its_key_and_hides_the_plaintext() {
		let plaintext = b"PM2.5 12 ug/m3 at Plaza del Ayuntamiento";
		let (key, message) = sealed(plaintext);
		assert_eq!(message.ciphertext.len(), plaintext.len() + TAG_LEN);
		assert!(!message.ciphertext.windows(5).any(|w| w == b"PM2.5"));
		assert_eq!(open(&key, &message).expect("opens"), plaintext);
	}

	#[test]
	fn an_empty_message_round_trips() {
		let (key, message) = sealed(b"");
		assert_eq!(open(&key, &message).expect("opens"), b"");
	}

	#[test]
	fn two_seals_of_one_message_differ() {
		let mut rng = rng();
		let key = ContentKey::generate(1, &mut rng);
		let first = seal(&key, POSITION, b"same", &mut rng).expect("seals");
		let second = seal(&key, POSITION, b"same", &mut rng).expect("seals");
		assert_ne!(first.nonce, second.nonce);
		assert_ne!(first.ciphertext, second.ciphertext);
	}

	#[test]
	fn any_altered_byte_is_detected() {
		let (key, message) = sealed(b"noise 61 dB");
		for index in 0..message.ciphertext.len() {
			let mut altered = message.clone();
			altered.ciphertext[index] ^= 0x01;
			assert_eq!(open(&key, &altered), Err(Error::Decryption), "byte {index}");
		}
		let mut altered = message.clone();
		altered.nonce[0] ^= 0x80;
		assert_eq!(open(&key, &altered), Err(Error::Decryption));
	}

	#[test]
	fn a_message_moved_to_another_place_does_not_open() {
		let (key, message) = sealed(b"traffic 312 vehicles/h");
		let moves = [
			StreamPosition { listing: 4, ..POSITION },
			StreamPosition { sequence: 43, ..POSITION },
		];
		for position in moves {
			let moved = SealedMessage { position, ..message.clone() };
			assert_eq!(open(&key, &moved), Err(Error::Decryption), "{position:?}");
		}
	}

	#[test]
	fn another_epochs_key_does_not_open() {
		let (_, message) = sealed(b"humidity 71%");
		let mut rng = ChaCha20Rng::from_seed([9; 32]);
		let wrong_key = ContentKey::generate(1, &mut rng);
		assert_eq!(open(&wrong_key, &message), Err(Error::Decryption));
		let next_epoch = ContentKey::generate(2, &mut rng);
		assert_eq!(open(&next_epoch, &message), Err(Error::Decryption));
	}

	#[test]
	fn sealing_under_another_epochs_key_is_refused() {
		let mut rng = rng();
		let key = ContentKey::generate(2, &mut rng);
		assert_eq!(seal(&key, POSITION, b"x", &mut rng), Err(Error::Encryption));
	}

	#[test]
	fn a_truncated_message_is_malformed() {
		let (key, mut message) = sealed(b"x");
		message.ciphertext.truncate(TAG_LEN - 1);
		assert_eq!(open(&key, &message), Err(Error::Malformed));
	}

	#[test]
	fn a_sealed_message_survives_scale_encoding() {
		let (key, message) = sealed(b"temperature 18.5 C");
		let decoded = SealedMessage::decode(&mut &message.encode()[..]).expect("decodes");
		assert_eq!(open(&key, &decoded).expect("opens"), b"temperature 18.5 C");
	}
}
