//! The worker key the worker signs its transactions and the releases of anonymized listings
//! with: an sr25519 key of type `mprv` in the node's keystore, whose account a provider
//! appointed its data-plane proxy ([`crate::data_plane`]).

use sp_core::sr25519::Signature as Sr25519Signature;
use sp_runtime::{
	app_crypto::{app_crypto, sr25519},
	traits::Verify,
	KeyTypeId, MultiSignature, MultiSigner,
};

/// The keystore key type of worker keys (`author_insertKey("mprv", ..)`).
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"mprv");

mod app {
	#![allow(missing_docs)]
	use super::*;
	app_crypto!(sr25519, KEY_TYPE);
}
pub use app::{Public, Signature};

/// Signs the worker's transactions with a worker key.
pub struct WorkerKey;

impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for WorkerKey {
	type RuntimeAppPublic = Public;
	type GenericSignature = sp_core::sr25519::Signature;
	type GenericPublic = sp_core::sr25519::Public;
}

// For test runtimes whose accounts are plain sr25519 keys.
impl frame_system::offchain::AppCrypto<<Sr25519Signature as Verify>::Signer, Sr25519Signature>
	for WorkerKey
{
	type RuntimeAppPublic = Public;
	type GenericSignature = sp_core::sr25519::Signature;
	type GenericPublic = sp_core::sr25519::Public;
}
