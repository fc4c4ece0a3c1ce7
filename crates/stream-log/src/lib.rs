//! The stream relay's log as it lies in the node's off-chain database, readable by the relay
//! (node side) and by off-chain workers (runtime side) alike, and the delivery proof a
//! provider anchors on chain for an epoch of a stream.
//!
//! Each listing has a head ([`LogHead`]) and its messages ([`LoggedMessage`]) under
//! [`head_key`] and [`message_key`], in the persistent local storage of off-chain workers
//! (`sp_core::offchain::STORAGE_PREFIX`). The provider's off-chain worker keeps each listing's
//! current content key there too, sealed at rest ([`content_key_storage_key`]), for the
//! provider's own devices,
//! and takes the node's anonymization attestations from there ([`attestation_queue_key`]).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod attestations;
mod layout;
mod proof;
mod secrets;

pub use attestations::{attestation_queue_key, PendingAttestation};
pub use layout::{
	head_key, local_key_epoch, message_key, read_head, read_message, releases_from_key,
	window_received_between, LogError, LogHead, LogWindow, LoggedMessage,
};
pub use secrets::{
	anonymized_from_key, content_key_storage_key, erasure_receipt_key, key_sent_storage_key,
	listing_secret_keys,
	decode_index, open_content_key, pseudonym_key_storage_key, seal_content_key, with_listing,
	without_listing, ErasureReceipt,
	StoredContentKey, LISTINGS_WITH_DATA,
};
pub use proof::{delivery_proof, link, DeliveryProof};
