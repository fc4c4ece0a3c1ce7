//! End-to-end encryption of M-Sec sensor streams. The node relays what this crate seals
//! without being able to read it:
//!
//! - A listing's data is encrypted under a [`ContentKey`], one per key epoch: the provider
//!   rotates it when a buyer is removed (consent withdrawn, subscription over, dispute lost,
//!   device quarantined), so that removed buyers cannot read what comes after.
//! - Each message is sealed with XChaCha20-Poly1305 ([`seal`], [`open`]) under a random 192-bit
//!   nonce, its associated data binding listing, key epoch and sequence number: the relay can
//!   neither read, alter, reorder nor move a message to another stream unnoticed.
//! - The content key reaches each buyer wrapped with HPKE (RFC 9180, base mode,
//!   DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) for the X25519 key the buyer
//!   named in its purchase ([`wrap_content_key`], [`unwrap_content_key`]), bound to listing,
//!   epoch and purchase.
//! - A device signs each sealed message for the relay ([`publication_payload`], bound to the
//!   chain's genesis), so the relay accepts messages only from the device a listing names and
//!   readers can check who sealed each message.
//!
//! - A node keeps content keys and pseudonym keys sealed under a key only its keystore can
//!   make ([`StorageKek`]).
//!
//! `no_std` + `alloc`, so that runtime code and off-chain workers can use it as tools do.
//! Randomness comes from the caller (`rand_core` 0.10's `CryptoRng`, re-exported as
//! [`rand_core`]).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod at_rest;
mod content_key;
mod error;
mod message;
mod publication;
mod wrap;

#[cfg(test)]
mod kat;

pub use at_rest::{SealedSecret, StorageKek, KEK_DERIVATION_MESSAGE};
pub use content_key::{ContentKey, KeyEpoch, CONTENT_KEY_LEN, KEY_COMMITMENT_CONTEXT};
pub use error::Error;
pub use hpke::rand_core;
pub use message::{open, seal, SealedMessage, StreamPosition, NONCE_LEN, TAG_LEN};
pub use publication::{
	anonymization_request_payload, publication_payload, release_payload, DeviceId, GenesisHash,
};
pub use wrap::{
	device_encryption_secret, unwrap_content_key, unwrap_for_device, wrap_content_key,
	wrap_for_device, BuyerKeypair,
	DeviceKeypair, KeyRecipient, WrappedKey, WRAPPED_KEY_LEN,
};

/// A listing's id on chain (`pallet_marketplace::ListingId`).
pub type ListingId = u64;
/// A purchase's id on chain (`pallet_marketplace::PurchaseId`).
pub type PurchaseId = u64;
