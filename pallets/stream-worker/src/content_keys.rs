//! Content keys in the node's persistent local storage: one current key per listing, on the
//! provider's node only, sealed under the node's key-encryption key ([`crate::at_rest`]). The
//! provider's devices read it there (through the node's `provider_contentKey` RPC, unsafe,
//! local only); it never goes on chain.

use alloc::vec::Vec;
use chacha20::{rand_core::SeedableRng, ChaCha20Rng};
use msec_stream_crypto::{ContentKey, KeyEpoch, ListingId, PurchaseId};
use codec::{Decode, Encode};
use msec_stream_log::{
	anonymized_from_key, content_key_storage_key, key_sent_storage_key, open_content_key,
	seal_content_key, with_listing, LISTINGS_WITH_DATA,
};
use sp_core::offchain::StorageKind;
use sp_runtime::offchain::storage::StorageValueRef;

use crate::{at_rest, WorkerError, LOG_TARGET};

/// A random number generator seeded from the node's entropy (off-chain workers only).
pub(crate) fn node_rng() -> ChaCha20Rng {
	ChaCha20Rng::from_seed(sp_io::offchain::random_seed())
}

/// `listing`'s current content key on this node, if it has one that opens. A stored key that
/// does not open (written through `offchain_localStorageSet`, moved from another listing, or
/// sealed under a keystore key the node no longer has) is never used: a new key replaces it.
pub(crate) fn current(listing: ListingId) -> Option<ContentKey> {
	let stored = sp_io::offchain::local_storage_get(
		StorageKind::PERSISTENT,
		&content_key_storage_key(listing),
	)?;
	open_content_key(at_rest::kek_of, listing, &stored)
		.inspect_err(|_| {
			log::warn!(
				target: LOG_TARGET,
				"listing {listing}: the stored content key does not open under this node's \
				 keystore; a new key replaces it"
			)
		})
		.ok()
}

/// A fresh content key of `epoch` for `listing`, sealed and stored as its current one, once
/// the listing is in the node's index of listings to erase on close.
pub(crate) fn replace(
	listing: ListingId,
	epoch: KeyEpoch,
	rng: &mut ChaCha20Rng,
) -> Result<ContentKey, WorkerError> {
	let kek = at_rest::current_kek().ok_or(WorkerError::NoAtRestKey)?;
	let key = ContentKey::generate(epoch, rng);
	let stored =
		seal_content_key(&kek, listing, &key, rng).map_err(|_| WorkerError::NoAtRestKey)?;
	remember_listing(listing)?;
	sp_io::offchain::local_storage_set(
		StorageKind::PERSISTENT,
		&content_key_storage_key(listing),
		&stored,
	);
	Ok(key)
}

/// The first key epoch this node made for `listing` once it required anonymization, if any.
pub(crate) fn anonymized_from(listing: ListingId) -> Option<KeyEpoch> {
	let stored =
		sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, &anonymized_from_key(listing))?;
	KeyEpoch::decode(&mut stored.as_slice()).ok()
}

/// Records `epoch` as the first key of `listing` that no raw reading was sealed under.
pub(crate) fn record_anonymized_from(listing: ListingId, epoch: KeyEpoch) {
	sp_io::offchain::local_storage_set(
		StorageKind::PERSISTENT,
		&anonymized_from_key(listing),
		&epoch.encode(),
	);
}

/// Adds `listing` to the node's index of listings it keeps data for, which the node reads to
/// erase a listing's data when it closes. Compare-and-set: the relay and other runs add too.
fn remember_listing(listing: ListingId) -> Result<(), WorkerError> {
	for _ in 0..8 {
		let old = sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, LISTINGS_WITH_DATA);
		let Some(new) = with_listing(old.as_deref(), listing).map_err(WorkerError::Log)? else {
			return Ok(());
		};
		if sp_io::offchain::local_storage_compare_and_set(
			StorageKind::PERSISTENT,
			LISTINGS_WITH_DATA,
			old,
			&new,
		) {
			return Ok(());
		}
	}
	Err(WorkerError::Index)
}

/// The purchases this node sent `listing`'s key of `epoch` to whose delivery may not have
/// landed yet (as far as it knows; a stored list it cannot read counts as none).
pub(crate) fn sent_to(listing: ListingId, epoch: KeyEpoch) -> Vec<PurchaseId> {
	match StorageValueRef::persistent(&key_sent_storage_key(listing))
		.get::<(KeyEpoch, Vec<PurchaseId>)>()
	{
		Ok(Some((sent_epoch, purchases))) if sent_epoch == epoch => purchases,
		_ => Vec::new(),
	}
}

/// Records that `purchases` were sent `listing`'s key of `epoch` (replacing any other epoch's).
pub(crate) fn record_sent(listing: ListingId, epoch: KeyEpoch, purchases: &[PurchaseId]) {
	StorageValueRef::persistent(&key_sent_storage_key(listing)).set(&(epoch, purchases));
}
