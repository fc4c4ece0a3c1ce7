//! The provider key the worker signs its transactions with: an sr25519 key of type `mprv` in
//! the node's keystore, whose account is the provider's account.

use sp_core::sr25519::Signature as Sr25519Signature;
use sp_runtime::{
	app_crypto::{app_crypto, sr25519},
	traits::Verify,
	KeyTypeId, MultiSignature, MultiSigner,
};

/// The keystore key type of provider keys (`author_insertKey("mprv", ..)`).
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"mprv");

mod app {
	#![allow(missing_docs)]
	use super::*;
	app_crypto!(sr25519, KEY_TYPE);
}
pub use app::{Public, Signature};

/// Signs the worker's transactions with a provider key.
pub struct ProviderKey;

impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for ProviderKey {
	type RuntimeAppPublic = Public;
	type GenericSignature = sp_core::sr25519::Signature;
	type GenericPublic = sp_core::sr25519::Public;
}

// For test runtimes whose accounts are plain sr25519 keys.
impl frame_system::offchain::AppCrypto<<Sr25519Signature as Verify>::Signer, Sr25519Signature>
	for ProviderKey
{
	type RuntimeAppPublic = Public;
	type GenericSignature = sp_core::sr25519::Signature;
	type GenericPublic = sp_core::sr25519::Public;
}
