//! Content keys in the node's persistent local storage: one current key per listing, on the
//! provider's node only. The provider's devices read it there (through the node's
//! `provider_contentKey` RPC, unsafe, local only); it never goes on chain.

use chacha20::{rand_core::SeedableRng, ChaCha20Rng};
use msec_stream_crypto::{ContentKey, KeyEpoch, ListingId};
use msec_stream_log::content_key_storage_key;
use sp_runtime::offchain::storage::StorageValueRef;

use crate::WorkerError;

/// A random number generator seeded from the node's entropy (off-chain workers only).
pub(crate) fn node_rng() -> ChaCha20Rng {
	ChaCha20Rng::from_seed(sp_io::offchain::random_seed())
}

/// `listing`'s current content key on this node, if it has one.
pub(crate) fn current(listing: ListingId) -> Result<Option<ContentKey>, WorkerError> {
	StorageValueRef::persistent(&content_key_storage_key(listing))
		.get::<ContentKey>()
		.map_err(|_| WorkerError::CorruptContentKey(listing))
}

/// A fresh content key of `epoch` for `listing`, stored as its current one.
pub(crate) fn replace(listing: ListingId, epoch: KeyEpoch, rng: &mut ChaCha20Rng) -> ContentKey {
	let key = ContentKey::generate(epoch, rng);
	StorageValueRef::persistent(&content_key_storage_key(listing)).set(&key);
	key
}
