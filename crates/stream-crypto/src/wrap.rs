//! Content keys wrapped for buyers and for devices: HPKE (RFC 9180) base mode with
//! DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and ChaCha20-Poly1305, through the `hpke` crate. A
//! wrapped key names nothing but is bound to the listing and epoch (HPKE `info`, with one
//! context for buyers and another for devices) and to the purchase or the device (`aad`): it
//! opens only for the recipient's key, and only as the key of that listing, epoch and purchase
//! or device.

use alloc::vec::Vec;
use blake2::{digest::consts::U32, Blake2b, Digest};
use codec::{Decode, Encode};
use hpke::{
	aead::ChaCha20Poly1305, kdf::HkdfSha256, kem::X25519HkdfSha256, rand_core::CryptoRng,
	Deserializable, Kem, OpModeR, OpModeS, Serializable,
};

use crate::{ContentKey, DeviceId, Error, KeyEpoch, ListingId, PurchaseId, CONTENT_KEY_LEN};

type Suite = X25519HkdfSha256;
type PrivateKey = <Suite as Kem>::PrivateKey;
type PublicKey = <Suite as Kem>::PublicKey;
type EncappedKey = <Suite as Kem>::EncappedKey;

/// Bytes of an X25519 key, public or secret.
const X25519_LEN: usize = 32;
/// Bytes of a wrapped key: the encapsulated key, then the content key sealed with its tag.
pub const WRAPPED_KEY_LEN: usize = X25519_LEN + CONTENT_KEY_LEN + crate::TAG_LEN;

/// Domain separation of the HPKE `info` of a key wrapped for a buyer.
const WRAP_CONTEXT: &[u8; 16] = b"msec/key-wrap/v1";
/// Domain separation of the HPKE `info` of a key wrapped for a device: a device's wrapped key
/// never opens as a buyer's, nor the other way round.
const DEVICE_WRAP_CONTEXT: &[u8; 16] = b"msec/dev-wrap/v1";

/// A buyer's X25519 key pair; the public half goes into `Marketplace.purchase` as
/// `buyer_key`. A device's is the same kind of key pair ([`DeviceKeypair`]), its public half
/// registered with `Registry.set_device_encryption_key`. The secret is wiped when dropped (the
/// `hpke` crate zeroizes its keys).
pub struct BuyerKeypair {
	secret: PrivateKey,
	public: [u8; X25519_LEN],
}

impl BuyerKeypair {
	/// A fresh random key pair.
	pub fn generate(rng: &mut impl CryptoRng) -> Self {
		let (secret, public) = Suite::gen_keypair_with_rng(rng);
		Self::from_parts(secret, &public)
	}

	/// The key pair of a stored secret key.
	pub fn from_secret_bytes(secret: &[u8; X25519_LEN]) -> Result<Self, Error> {
		let secret = PrivateKey::from_bytes(secret).map_err(|_| Error::Malformed)?;
		let public = Suite::sk_to_pk(&secret);
		Ok(Self::from_parts(secret, &public))
	}

	fn from_parts(secret: PrivateKey, public: &PublicKey) -> Self {
		let mut bytes = [0u8; X25519_LEN];
		public.write_exact(&mut bytes);
		Self { secret, public: bytes }
	}

	/// The public key, as a purchase names it.
	pub fn public_key(&self) -> [u8; X25519_LEN] {
		self.public
	}

	/// The secret key, to store (encrypted) in the buyer's wallet.
	pub fn secret_bytes(&self) -> [u8; X25519_LEN] {
		let mut bytes = [0u8; X25519_LEN];
		self.secret.write_exact(&mut bytes);
		bytes
	}
}

/// A device's X25519 key pair, for which its provider's node wraps its listing's content key.
pub type DeviceKeypair = BuyerKeypair;

/// Domain separation of a device's X25519 secret derived from its signing seed.
const DEVICE_ENCRYPTION_CONTEXT: &[u8] = b"msec/device-x25519/v1";

/// The X25519 secret a device derives from its ed25519 seed: BLAKE2b-256 of a context tag and
/// the seed. One secret to keep on the device, two keys that are never the same (`msec`
/// derives it so; a device may as well keep an independent X25519 key).
pub fn device_encryption_secret(ed25519_seed: &[u8; 32]) -> [u8; X25519_LEN] {
	let mut hasher = Blake2b::<U32>::new();
	hasher.update(DEVICE_ENCRYPTION_CONTEXT);
	hasher.update(ed25519_seed);
	hasher.finalize().into()
}

impl core::fmt::Debug for BuyerKeypair {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "BuyerKeypair {{ public: 0x")?;
		self.public.iter().try_for_each(|byte| write!(f, "{byte:02x}"))?;
		write!(f, ", .. }}")
	}
}

/// Who a content key is wrapped for: the purchase, its listing and the buyer's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyRecipient {
	/// The listing bought.
	pub listing: ListingId,
	/// The purchase the key is delivered for.
	pub purchase: PurchaseId,
	/// The buyer's X25519 public key, from the purchase.
	pub buyer_key: [u8; X25519_LEN],
}

/// A content key wrapped for one buyer. `Marketplace.deliver_key` carries its SCALE encoding:
/// the key epoch (`u32`, little endian) followed by the [`WRAPPED_KEY_LEN`] bytes.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct WrappedKey {
	/// The key epoch of the content key inside.
	pub epoch: KeyEpoch,
	/// The encapsulated key followed by the sealed content key.
	pub bytes: [u8; WRAPPED_KEY_LEN],
}

impl WrappedKey {
	/// A wrapped key of `epoch` as read from chain; [`Error::Malformed`] if `bytes` has not
	/// exactly [`WRAPPED_KEY_LEN`] bytes.
	pub fn from_slice(epoch: KeyEpoch, bytes: &[u8]) -> Result<Self, Error> {
		let bytes = bytes.try_into().map_err(|_| Error::Malformed)?;
		Ok(Self { epoch, bytes })
	}
}

fn info(context: &[u8; 16], listing: ListingId, epoch: KeyEpoch) -> Vec<u8> {
	(context, listing, epoch).encode()
}

/// Wraps `key` for `recipient`, with a fresh ephemeral key from `rng`.
pub fn wrap_content_key(
	key: &ContentKey,
	recipient: &KeyRecipient,
	rng: &mut impl CryptoRng,
) -> Result<WrappedKey, Error> {
	let info = info(WRAP_CONTEXT, recipient.listing, key.epoch());
	seal_key(key, &recipient.buyer_key, &info, &recipient.purchase.encode(), rng)
}

/// Unwraps the content key `wrapped` carries, delivered to `buyer` for `purchase` of `listing`.
pub fn unwrap_content_key(
	buyer: &BuyerKeypair,
	listing: ListingId,
	purchase: PurchaseId,
	wrapped: &WrappedKey,
) -> Result<ContentKey, Error> {
	let info = info(WRAP_CONTEXT, listing, wrapped.epoch);
	open_key(buyer, &info, &purchase.encode(), wrapped)
}

/// Wraps `key` of `listing` for `device`, whose X25519 public key the chain registers as
/// `device_key`, with a fresh ephemeral key from `rng`.
pub fn wrap_for_device(
	key: &ContentKey,
	listing: ListingId,
	device: DeviceId,
	device_key: &[u8; X25519_LEN],
	rng: &mut impl CryptoRng,
) -> Result<WrappedKey, Error> {
	let info = info(DEVICE_WRAP_CONTEXT, listing, key.epoch());
	seal_key(key, device_key, &info, &device.encode(), rng)
}

/// Unwraps the content key of `listing` that `wrapped` carries for `device`.
pub fn unwrap_for_device(
	device_keypair: &DeviceKeypair,
	listing: ListingId,
	device: DeviceId,
	wrapped: &WrappedKey,
) -> Result<ContentKey, Error> {
	let info = info(DEVICE_WRAP_CONTEXT, listing, wrapped.epoch);
	open_key(device_keypair, &info, &device.encode(), wrapped)
}

fn seal_key(
	key: &ContentKey,
	recipient: &[u8; X25519_LEN],
	info: &[u8],
	aad: &[u8],
	rng: &mut impl CryptoRng,
) -> Result<WrappedKey, Error> {
	let recipient = PublicKey::from_bytes(recipient).map_err(|_| Error::InvalidPublicKey)?;
	let (encapped, sealed) = hpke::single_shot_seal_with_rng::<ChaCha20Poly1305, HkdfSha256, Suite>(
		&OpModeS::Base,
		&recipient,
		info,
		key.expose_bytes(),
		aad,
		rng,
	)
	// The only failure left for a well-formed key: a low-order point, whose shared secret
	// is all zeros.
	.map_err(|_| Error::InvalidPublicKey)?;
	let mut bytes = [0u8; WRAPPED_KEY_LEN];
	let (encapped_bytes, sealed_bytes) = bytes.split_at_mut(X25519_LEN);
	encapped.write_exact(encapped_bytes);
	if sealed.len() != sealed_bytes.len() {
		return Err(Error::Encryption);
	}
	sealed_bytes.copy_from_slice(&sealed);
	Ok(WrappedKey { epoch: key.epoch(), bytes })
}

fn open_key(
	recipient: &BuyerKeypair,
	info: &[u8],
	aad: &[u8],
	wrapped: &WrappedKey,
) -> Result<ContentKey, Error> {
	let (encapped, sealed) = wrapped.bytes.split_at(X25519_LEN);
	let encapped = EncappedKey::from_bytes(encapped).map_err(|_| Error::Malformed)?;
	let opened = hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, Suite>(
		&OpModeR::Base,
		&recipient.secret,
		&encapped,
		info,
		sealed,
		aad,
	)
	.map_err(|_| Error::Decryption)?;
	let bytes: [u8; CONTENT_KEY_LEN] = opened.as_slice().try_into().map_err(|_| Error::Malformed)?;
	Ok(ContentKey::from_bytes(wrapped.epoch, bytes))
}

/// HPKE's seal with the suite above, for the RFC 9180 known-answer test: the encapsulated key
/// and the ciphertext.
#[cfg(test)]
pub(crate) fn seal_with_suite(
	public: &[u8; X25519_LEN],
	info: &[u8],
	aad: &[u8],
	plaintext: &[u8],
	rng: &mut impl CryptoRng,
) -> Result<(Vec<u8>, Vec<u8>), Error> {
	let public = PublicKey::from_bytes(public).map_err(|_| Error::InvalidPublicKey)?;
	let (encapped, sealed) = hpke::single_shot_seal_with_rng::<ChaCha20Poly1305, HkdfSha256, Suite>(
		&OpModeS::Base,
		&public,
		info,
		plaintext,
		aad,
		rng,
	)
	.map_err(|_| Error::Encryption)?;
	Ok((encapped.to_bytes().to_vec(), sealed))
}

/// HPKE's open with the suite above, for the RFC 9180 known-answer test.
#[cfg(test)]
pub(crate) fn open_with_suite(
	secret: &[u8; X25519_LEN],
	encapped: &[u8],
	info: &[u8],
	aad: &[u8],
	ciphertext: &[u8],
) -> Result<Vec<u8>, Error> {
	let secret = PrivateKey::from_bytes(secret).map_err(|_| Error::Malformed)?;
	let encapped = EncappedKey::from_bytes(encapped).map_err(|_| Error::Malformed)?;
	hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, Suite>(
		&OpModeR::Base,
		&secret,
		&encapped,
		info,
		ciphertext,
		aad,
	)
	.map_err(|_| Error::Decryption)
}

#[cfg(test)]
mod tests {
	use super::*;
	use chacha20::ChaCha20Rng;
	use hpke::rand_core::SeedableRng;

	fn setup() -> (ChaCha20Rng, ContentKey, BuyerKeypair, KeyRecipient) {
		let mut rng = ChaCha20Rng::from_seed([3; 32]);
		let key = ContentKey::generate(5, &mut rng);
		let buyer = BuyerKeypair::generate(&mut rng);
		let recipient = KeyRecipient { listing: 7, purchase: 11, buyer_key: buyer.public_key() };
		(rng, key, buyer, recipient)
	}

	#[test]
	fn the_buyer_unwraps_the_content_key() {
		let (mut rng, key, buyer, recipient) = setup();
		let wrapped = wrap_content_key(&key, &recipient, &mut rng).expect("wraps");
		assert_eq!(wrapped.epoch, 5);
		assert!(!wrapped.bytes.windows(8).any(|w| w == &key.expose_bytes()[..8]));
		assert_eq!(unwrap_content_key(&buyer, 7, 11, &wrapped), Ok(key));
	}

	#[test]
	fn another_buyer_cannot_unwrap() {
		let (mut rng, key, _, recipient) = setup();
		let wrapped = wrap_content_key(&key, &recipient, &mut rng).expect("wraps");
		let other = BuyerKeypair::generate(&mut rng);
		assert_eq!(unwrap_content_key(&other, 7, 11, &wrapped), Err(Error::Decryption));
	}

	#[test]
	fn a_wrapped_key_is_bound_to_listing_purchase_and_epoch() {
		let (mut rng, key, buyer, recipient) = setup();
		let wrapped = wrap_content_key(&key, &recipient, &mut rng).expect("wraps");
		assert_eq!(unwrap_content_key(&buyer, 8, 11, &wrapped), Err(Error::Decryption));
		assert_eq!(unwrap_content_key(&buyer, 7, 12, &wrapped), Err(Error::Decryption));
		let relabelled = WrappedKey { epoch: 6, ..wrapped };
		assert_eq!(unwrap_content_key(&buyer, 7, 11, &relabelled), Err(Error::Decryption));
	}

	#[test]
	fn any_altered_byte_is_detected() {
		let (mut rng, key, buyer, recipient) = setup();
		let wrapped = wrap_content_key(&key, &recipient, &mut rng).expect("wraps");
		for index in 0..WRAPPED_KEY_LEN {
			let mut altered = wrapped.clone();
			altered.bytes[index] ^= 0x01;
			assert!(unwrap_content_key(&buyer, 7, 11, &altered).is_err(), "byte {index}");
		}
	}

	#[test]
	fn a_low_order_buyer_key_is_refused() {
		let (mut rng, key, _, recipient) = setup();
		// The all-zero point: every shared secret with it is zero.
		let recipient = KeyRecipient { buyer_key: [0; 32], ..recipient };
		assert_eq!(wrap_content_key(&key, &recipient, &mut rng), Err(Error::InvalidPublicKey));
	}

	#[test]
	fn a_wrapped_key_of_the_wrong_length_is_malformed() {
		assert_eq!(WrappedKey::from_slice(1, &[0; WRAPPED_KEY_LEN - 1]), Err(Error::Malformed));
		assert!(WrappedKey::from_slice(1, &[0; WRAPPED_KEY_LEN]).is_ok());
	}

	#[test]
	fn a_stored_secret_gives_back_the_key_pair() {
		let (mut rng, key, buyer, recipient) = setup();
		let restored = BuyerKeypair::from_secret_bytes(&buyer.secret_bytes()).expect("restores");
		assert_eq!(restored.public_key(), buyer.public_key());
		let wrapped = wrap_content_key(&key, &recipient, &mut rng).expect("wraps");
		assert_eq!(unwrap_content_key(&restored, 7, 11, &wrapped), Ok(key));
	}

	#[test]
	fn a_device_unwraps_only_its_own_listings_key() {
		let (mut rng, key, _, _) = setup();
		let device = DeviceKeypair::generate(&mut rng);
		let wrapped = wrap_for_device(&key, 7, 3, &device.public_key(), &mut rng).expect("wraps");
		assert_eq!(unwrap_for_device(&device, 7, 3, &wrapped), Ok(key));
		// Not as another listing's key or another device's, nor for anyone else's key.
		assert_eq!(unwrap_for_device(&device, 8, 3, &wrapped), Err(Error::Decryption));
		assert_eq!(unwrap_for_device(&device, 7, 4, &wrapped), Err(Error::Decryption));
		let other = DeviceKeypair::generate(&mut rng);
		assert_eq!(unwrap_for_device(&other, 7, 3, &wrapped), Err(Error::Decryption));
	}

	#[test]
	fn a_key_wrapped_for_a_device_never_opens_as_a_buyers_nor_the_reverse() {
		// A buyer whose purchase id equals a device id must not take a device's wrapped key as
		// a delivery, nor a device a buyer's: the HPKE contexts differ.
		let (mut rng, key, holder, recipient) = setup();
		let for_device =
			wrap_for_device(&key, 7, 11, &holder.public_key(), &mut rng).expect("wraps");
		assert_eq!(unwrap_content_key(&holder, 7, 11, &for_device), Err(Error::Decryption));
		let for_buyer = wrap_content_key(&key, &recipient, &mut rng).expect("wraps");
		assert_eq!(unwrap_for_device(&holder, 7, 11, &for_buyer), Err(Error::Decryption));
	}

	#[test]
	fn a_devices_encryption_key_derives_from_its_seed_as_the_dev_chain_registers_it() {
		// `//Alice//air-quality-1`'s ed25519 seed (`msec-node key inspect --scheme ed25519`)
		// and the X25519 key the dev chain registers for device 0.
		let seed: [u8; 32] =
			hex::decode("3e9c724e6ba7a2c547fc0d4d3a1cbc186d2f90d1e58168cd2f4b792eccfe3da6")
				.expect("hex")
				.try_into()
				.expect("32 bytes");
		let device =
			DeviceKeypair::from_secret_bytes(&device_encryption_secret(&seed)).expect("a key");
		assert_eq!(
			hex::encode(device.public_key()),
			"6e478f5c72a50e901249047e8b5cec26edeb9b031a1d033b834f1aef6194bb65"
		);
	}
}
