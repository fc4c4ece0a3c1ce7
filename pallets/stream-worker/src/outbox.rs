//! Sending the worker's transactions. One run signs a batch with consecutive nonces; the next
//! runs send nothing for that worker until the chain has taken the batch (its account nonce
//! caught up) or [`RESEND_AFTER`] blocks passed (the batch was dropped), so that no
//! transaction competes with one still in the pool and nothing is sent twice.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_system::{
	offchain::{CreateSignedTransaction, CreateTransactionBase, SubmitTransaction},
	pallet_prelude::BlockNumberFor,
};
use sp_runtime::{offchain::storage::StorageValueRef, traits::Saturating};

use crate::{Config, MarketplaceCall, WorkerError};

/// Blocks after which an unconfirmed batch counts as dropped.
pub const RESEND_AFTER: u32 = 10;
/// Most transactions one run sends for one worker account.
pub const MAX_BATCH: usize = 32;

const OUTBOX_KEY: &[u8] = b"msec/worker/outbox/";

/// The last batch a worker account sent.
#[derive(Encode, Decode)]
struct Batch<Nonce, BlockNumber> {
	/// The worker's account nonce once the whole batch is in.
	nonce_after: Nonce,
	/// The block whose worker sent it.
	sent_at: BlockNumber,
}

/// A call as the runtime takes it from the worker.
pub type WorkerCall<T> = <T as CreateTransactionBase<MarketplaceCall<T>>>::RuntimeCall;

fn outbox_key<T: Config>(worker: &T::AccountId) -> Vec<u8> {
	(OUTBOX_KEY, worker).encode()
}

/// Whether `worker`'s last batch is still on its way at block `now`.
pub(crate) fn awaiting<T: Config>(
	worker: &T::AccountId,
	chain_nonce: T::Nonce,
	now: BlockNumberFor<T>,
) -> bool {
	let batch = StorageValueRef::persistent(&outbox_key::<T>(worker))
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

/// Signs `calls` (at most [`MAX_BATCH`]) as `worker` with nonces from `chain_nonce` on and
/// hands them to the transaction pool; how many went.
pub(crate) fn send<T: Config>(
	public: &T::Public,
	worker: &T::AccountId,
	chain_nonce: T::Nonce,
	calls: Vec<WorkerCall<T>>,
	now: BlockNumberFor<T>,
) -> Result<usize, WorkerError> {
	let mut nonce = chain_nonce;
	let mut sent = 0;
	let mut outcome = Ok(());
	for call in calls.into_iter().take(MAX_BATCH) {
		let Some(transaction) =
			<T as CreateSignedTransaction<MarketplaceCall<T>>>::create_signed_transaction::<
				T::AuthorityId,
			>(call, public.clone(), worker.clone(), nonce)
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
		StorageValueRef::persistent(&outbox_key::<T>(worker))
			.set(&Batch { nonce_after: nonce, sent_at: now });
	}
	outcome.map(|()| sent)
}
