//! Sending the worker's transactions. One run signs a batch with consecutive nonces; the next
//! runs send nothing for that provider until the chain has taken the batch (its account nonce
//! caught up) or [`RESEND_AFTER`] blocks passed (the batch was dropped), so that no
//! transaction competes with one still in the pool and nothing is sent twice.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_system::{
	offchain::{CreateSignedTransaction, SubmitTransaction},
	pallet_prelude::BlockNumberFor,
};
use sp_runtime::{offchain::storage::StorageValueRef, traits::Saturating};

use crate::{Config, MarketplaceCall, WorkerError};

/// Blocks after which an unconfirmed batch counts as dropped.
pub const RESEND_AFTER: u32 = 10;
/// Most transactions one run sends for one provider.
pub const MAX_BATCH: usize = 32;

const OUTBOX_KEY: &[u8] = b"msec/worker/outbox/";

/// The last batch sent for a provider.
#[derive(Encode, Decode)]
struct Batch<Nonce, BlockNumber> {
	/// The provider's account nonce once the whole batch is in.
	nonce_after: Nonce,
	/// The block whose worker sent it.
	sent_at: BlockNumber,
}

fn outbox_key<T: Config>(provider: &T::AccountId) -> Vec<u8> {
	(OUTBOX_KEY, provider).encode()
}

/// Whether `provider`'s last batch is still on its way at block `now`.
pub(crate) fn awaiting<T: Config>(
	provider: &T::AccountId,
	chain_nonce: T::Nonce,
	now: BlockNumberFor<T>,
) -> bool {
	let batch = StorageValueRef::persistent(&outbox_key::<T>(provider))
		.get::<Batch<T::Nonce, BlockNumberFor<T>>>();
	match batch {
		Ok(Some(batch)) => {
			chain_nonce < batch.nonce_after
				&& now < batch.sent_at.saturating_add(RESEND_AFTER.into())
		},
		// Nothing sent yet, or a record this version cannot read: send afresh.
		Ok(None) | Err(_) => false,
	}
}

/// Signs `calls` (at most [`MAX_BATCH`]) as `provider` with nonces from `chain_nonce` on and
/// hands them to the transaction pool; how many went.
pub(crate) fn send<T: Config>(
	public: &T::Public,
	provider: &T::AccountId,
	chain_nonce: T::Nonce,
	calls: Vec<MarketplaceCall<T>>,
	now: BlockNumberFor<T>,
) -> Result<usize, WorkerError> {
	let mut nonce = chain_nonce;
	let mut sent = 0;
	let mut outcome = Ok(());
	for call in calls.into_iter().take(MAX_BATCH) {
		let Some(transaction) =
			<T as CreateSignedTransaction<MarketplaceCall<T>>>::create_signed_transaction::<
				T::AuthorityId,
			>(call.into(), public.clone(), provider.clone(), nonce)
		else {
			outcome = Err(WorkerError::Signing);
			break;
		};
		if SubmitTransaction::<T, MarketplaceCall<T>>::submit_transaction(transaction).is_err() {
			outcome = Err(WorkerError::Submission);
			break;
		}
		nonce = nonce.saturating_add(1u32.into());
		sent = sent.saturating_add(1);
	}
	if sent > 0 {
		StorageValueRef::persistent(&outbox_key::<T>(provider))
			.set(&Batch { nonce_after: nonce, sent_at: now });
	}
	outcome.map(|()| sent)
}
