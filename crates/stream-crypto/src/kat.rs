//! Known-answer tests: the primitives against their published vectors, and our wire layouts
//! pinned byte for byte (a change to either breaks every stored message and delivered key).

use core::convert::Infallible;

use hpke::rand_core::{TryCryptoRng, TryRng};

use crate::{message::seal_raw, wrap, ContentKey, StreamPosition};

fn unhex(text: &str) -> Vec<u8> {
	hex::decode(text).expect("test vector hex")
}

fn unhex32(text: &str) -> [u8; 32] {
	unhex(text).try_into().expect("32 bytes")
}

/// An "RNG" that hands out fixed bytes: how a vector's ephemeral key material gets into the
/// sealing code unchanged.
struct Replay(Vec<u8>);

impl TryRng for Replay {
	type Error = Infallible;

	fn try_next_u32(&mut self) -> Result<u32, Infallible> {
		let mut bytes = [0u8; 4];
		self.try_fill_bytes(&mut bytes)?;
		Ok(u32::from_le_bytes(bytes))
	}

	fn try_next_u64(&mut self) -> Result<u64, Infallible> {
		let mut bytes = [0u8; 8];
		self.try_fill_bytes(&mut bytes)?;
		Ok(u64::from_le_bytes(bytes))
	}

	fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
		assert!(dst.len() <= self.0.len(), "the vector has no more bytes");
		let rest = self.0.split_off(dst.len());
		dst.copy_from_slice(&self.0);
		self.0 = rest;
		Ok(())
	}
}

impl TryCryptoRng for Replay {}

/// draft-irtf-cfrg-xchacha-03, A.3.1: AEAD_XChaCha20_Poly1305.
#[test]
fn xchacha20_poly1305_matches_the_draft_vector() {
	let key = ContentKey::from_bytes(0, unhex32(
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
	));
	let nonce: [u8; 24] =
		unhex("404142434445464748494a4b4c4d4e4f5051525354555657").try_into().expect("24 bytes");
	let aad = unhex("50515253c0c1c2c3c4c5c6c7");
	let plaintext = b"Ladies and Gentlemen of the class of '99: If I could offer you only one \
		tip for the future, sunscreen would be it.";
	let expected = unhex(concat!(
		"bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb",
		"731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452",
		"2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9",
		"21f9664c97637da9768812f615c68b13b52e",
		"c0875924c1c7987947deafd8780acf49",
	));
	assert_eq!(seal_raw(&key, &nonce, &aad, plaintext).expect("seals"), expected);
}

// RFC 9180, A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base mode,
// sequence number 0 (a single-shot seal).
const RFC_IKM_E: &str = "909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b";
const RFC_PK_RM: &str = "4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a";
const RFC_SK_RM: &str = "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb";
const RFC_ENC: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
const RFC_INFO: &str = "4f6465206f6e2061204772656369616e2055726e";
const RFC_AAD: &str = "436f756e742d30";
const RFC_PT: &str = "4265617574792069732074727574682c20747275746820626561757479";
const RFC_CT: &str =
	"1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28";

#[test]
fn hpke_seal_matches_rfc_9180_a_2_1() {
	let mut ephemeral = Replay(unhex(RFC_IKM_E));
	let (enc, ciphertext) = wrap::seal_with_suite(
		&unhex32(RFC_PK_RM),
		&unhex(RFC_INFO),
		&unhex(RFC_AAD),
		&unhex(RFC_PT),
		&mut ephemeral,
	)
	.expect("seals");
	assert_eq!(enc, unhex(RFC_ENC));
	assert_eq!(ciphertext, unhex(RFC_CT));
}

#[test]
fn hpke_open_matches_rfc_9180_a_2_1() {
	let plaintext = wrap::open_with_suite(
		&unhex32(RFC_SK_RM),
		&unhex(RFC_ENC),
		&unhex(RFC_INFO),
		&unhex(RFC_AAD),
		&unhex(RFC_CT),
	)
	.expect("opens");
	assert_eq!(plaintext, b"Beauty is truth, truth beauty");
}

#[test]
fn the_associated_data_layout_is_fixed() {
	let position = StreamPosition { listing: 0x0102, key_epoch: 3, sequence: 0x0a0b };
	assert_eq!(
		hex::encode(position.associated_data()),
		concat!(
			"6d7365632f73747265616d2f76310000", // "msec/stream/v1\0\0"
			"0201000000000000",                 // listing, u64 LE
			"03000000",                         // key epoch, u32 LE
			"0b0a000000000000",                 // sequence, u64 LE
		)
	);
}

/// The key commitment, checked against Python's `hashlib.blake2b(digest_size=32)` over the
/// same SCALE bytes: compact length 18 and the tag, listing u64 LE, epoch u32 LE, the key.
#[test]
fn the_key_commitment_is_blake2b_256_of_the_scale_preimage() {
	let key = crate::ContentKey::from_bytes(3, [7; 32]);
	assert_eq!(
		hex::encode(key.commitment(0x0102)),
		"4b07fd90c0db258d55817600cf2f49773e863c3abd5524d1bb3ba0320b7aebf9"
	);
	assert_ne!(key.commitment(0x0102), crate::ContentKey::from_bytes(4, [7; 32]).commitment(0x0102));
	assert_ne!(key.commitment(0x0102), key.commitment(0x0103));
}
