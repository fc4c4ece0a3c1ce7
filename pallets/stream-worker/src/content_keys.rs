//! Content keys in the node's persistent local storage: one current key per listing, on the
//! provider's node only. The provider's devices read it there (through the node's
//! `provider_contentKey` RPC, unsafe, local only); it never goes on chain.

use chacha20::{rand_core::SeedableRng, ChaCha20Rng};
use codec::Encode;
use alloc::vec::Vec;
use msec_stream_crypto::{ContentKey, KeyEpoch, ListingId, PurchaseId};
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

const SENT_KEY: &[u8] = b"msec/worker/key-sent/";

/// The purchases this node sent `listing`'s key of `epoch` to whose delivery may not have
/// landed yet (as far as it knows; a stored list it cannot read counts as none).
pub(crate) fn sent_to(listing: ListingId, epoch: KeyEpoch) -> Vec<PurchaseId> {
	match StorageValueRef::persistent(&(SENT_KEY, listing).encode())
		.get::<(KeyEpoch, Vec<PurchaseId>)>()
	{
		Ok(Some((sent_epoch, purchases))) if sent_epoch == epoch => purchases,
		_ => Vec::new(),
	}
}

/// Records that `purchases` were sent `listing`'s key of `epoch` (replacing any other epoch's).
pub(crate) fn record_sent(listing: ListingId, epoch: KeyEpoch, purchases: &[PurchaseId]) {
	StorageValueRef::persistent(&(SENT_KEY, listing).encode()).set(&(epoch, purchases));
}
