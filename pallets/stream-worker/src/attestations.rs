//! Anonymization attestations: the provider's node queues one per batch it anonymized and
//! published (`msec_stream_log::PendingAttestation`); the worker sends `attest_anonymization`
//! for each batch the chain has not recorded and drops the recorded ones from the queue.

use alloc::vec::Vec;
use msec_stream_crypto::ListingId;
use msec_stream_log::{attestation_queue_key, PendingAttestation};
use pallet_marketplace::{AnonymizationPolicy, Anonymizations, MethodName};
use sp_core::H256;
use sp_runtime::offchain::storage::{MutateStorageError, StorageValueRef};

use crate::{Config, MarketplaceCall, Pallet, LOG_TARGET};

/// The policy a queued batch was anonymized under.
fn policy_of(pending: &PendingAttestation) -> AnonymizationPolicy {
	AnonymizationPolicy {
		geohash_precision: pending.geohash_precision,
		time_bucket_ms: pending.time_bucket_ms,
		k: pending.k,
	}
}

/// The queued batches still to attest, given the listing's next batch number and policy on
/// chain (`None`: the listing is closed or not anonymized, so nothing can be attested). A
/// batch below the next number is recorded; one under a policy weaker than the listing's
/// (tightened since) would be refused forever, so it leaves the queue too.
pub fn still_to_attest(
	queue: Vec<PendingAttestation>,
	chain: Option<(u32, AnonymizationPolicy)>,
) -> Vec<PendingAttestation> {
	let Some((next_batch, required)) = chain else { return Vec::new() };
	queue
		.into_iter()
		.filter(|pending| pending.batch >= next_batch && policy_of(pending).satisfies(&required))
		.collect()
}

fn call_for<T: Config>(
	listing: ListingId,
	pending: PendingAttestation,
) -> Option<MarketplaceCall<T>> {
	let Ok(method) = MethodName::try_from(pending.method.clone()) else {
		log::error!(target: LOG_TARGET, "listing {listing}: batch {}: method name too long", pending.batch);
		return None;
	};
	log::info!(target: LOG_TARGET, "listing {listing}: attesting anonymized batch {}", pending.batch);
	Some(pallet_marketplace::Call::attest_anonymization {
		listing,
		batch: pending.batch,
		input_hash: H256(pending.input_hash),
		output_hash: H256(pending.output_hash),
		method,
		policy: policy_of(&pending),
		records_in: pending.records_in,
		records_out: pending.records_out,
	})
}

impl<T: Config> Pallet<T> {
	/// `attest_anonymization` for each of `listing`'s queued batches the chain has not
	/// recorded, in batch order; the queue keeps just those.
	pub(crate) fn attestation_calls(listing: ListingId, calls: &mut Vec<MarketplaceCall<T>>) {
		let key = attestation_queue_key(listing);
		let queue = StorageValueRef::persistent(&key);
		let chain = Anonymizations::<T>::get(listing)
			.map(|anonymization| (anonymization.next_batch(), anonymization.policy));
		// The node appends while the worker runs: compare-and-set keeps both. A queue that
		// loses nothing is not written again (`Unchanged` skips the write).
		struct Unchanged(Vec<PendingAttestation>);
		let outcome =
			queue.mutate::<Vec<PendingAttestation>, Unchanged, _>(|stored| match stored {
				Ok(Some(stored)) => {
					let queued = stored.len();
					let kept = still_to_attest(stored, chain);
					if kept.len() == queued {
						Err(Unchanged(kept))
					} else {
						Ok(kept)
					}
				},
				Ok(None) => Err(Unchanged(Vec::new())),
				Err(_) => {
					log::error!(target: LOG_TARGET, "listing {listing}: attestation queue corrupt; dropped");
					Ok(Vec::new())
				},
			});
		// An emptied queue stays (a few bytes): clearing it could drop what the node appends.
		let kept = match outcome {
			Ok(kept) | Err(MutateStorageError::ValueFunctionFailed(Unchanged(kept))) => kept,
			// The node appended meanwhile: the next block's run sends it all.
			Err(MutateStorageError::ConcurrentModification(_)) => return,
		};
		calls.extend(kept.into_iter().filter_map(|pending| call_for::<T>(listing, pending)));
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const POLICY: AnonymizationPolicy =
		AnonymizationPolicy { geohash_precision: 6, time_bucket_ms: 3_600_000, k: 3 };

	fn pending(batch: u32, k: u32) -> PendingAttestation {
		PendingAttestation {
			batch,
			input_hash: [1; 32],
			output_hash: [2; 32],
			method: b"m".to_vec(),
			geohash_precision: POLICY.geohash_precision,
			time_bucket_ms: POLICY.time_bucket_ms,
			k,
			records_in: 4,
			records_out: 3,
		}
	}

	#[test]
	fn recorded_batches_leave_and_the_rest_go_in_order() {
		let queue = vec![pending(3, 3), pending(4, 3), pending(5, 3)];
		let batches = |kept: Vec<PendingAttestation>| -> Vec<u32> {
			kept.into_iter().map(|p| p.batch).collect()
		};
		assert_eq!(batches(still_to_attest(queue.clone(), Some((4, POLICY)))), vec![4, 5]);
		assert_eq!(batches(still_to_attest(queue.clone(), Some((0, POLICY)))), vec![3, 4, 5]);
		assert!(still_to_attest(queue.clone(), Some((6, POLICY))).is_empty());
		assert!(still_to_attest(queue, None).is_empty(), "a closed listing takes none");
	}

	#[test]
	fn batches_weaker_than_a_tightened_policy_leave() {
		let queue = vec![pending(0, 3), pending(1, 10)];
		let tightened = AnonymizationPolicy { k: 5, ..POLICY };
		let kept = still_to_attest(queue, Some((0, tightened)));
		assert_eq!(kept, vec![pending(1, 10)]);
	}
}
