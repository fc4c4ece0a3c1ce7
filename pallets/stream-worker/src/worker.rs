//! One run of the worker for one provider whose key is in this node's keystore: content keys
//! for its listings, key deliveries and rekeys, delivery proofs of ended epochs, and the
//! attestations of anonymized batches.

use alloc::{
	collections::{btree_map::BTreeMap, btree_set::BTreeSet},
	vec::Vec,
};
use codec::Encode;
use frame_system::pallet_prelude::BlockNumberFor;
use msec_stream_crypto::{wrap_content_key, ContentKey, KeyRecipient, ListingId};
use msec_stream_log::{window_received_between, DeliveryProof};
use pallet_marketplace::{
	types::{ListingKey, ListingKind, PurchaseState},
	Listing, Listings, ProviderListings, ProviderPurchases, Purchase, PurchaseId, Purchases,
};
use sp_core::{offchain::StorageKind, H256};
use sp_runtime::traits::UniqueSaturatedInto;

use crate::{
	content_keys,
	plan::{epochs_to_confirm, first_epoch, plan_keys, KeyHolder, Schedule},
	Config, MarketplaceCall, Pallet, WorkerError, LOG_TARGET,
};

/// A provider's purchases (in any state), by listing.
type PurchasesByListing<T> = BTreeMap<ListingId, Vec<(PurchaseId, Purchase<T>)>>;

/// One listing of the provider as a run sees it.
struct Sales<'a, T: Config> {
	listing: ListingId,
	/// The listing while open; a closed listing gets no key and no confirmation.
	open: Option<&'a Listing<T>>,
	/// Its purchases, in any state.
	sold: &'a [(PurchaseId, Purchase<T>)],
	/// The block the run is for.
	now: BlockNumberFor<T>,
	/// Whether the run sends transactions (the provider's last batch landed), or only rotates.
	sending: bool,
}

impl<T: Config> Sales<'_, T> {
	/// A stream, whose key rotates; a dataset's never does.
	fn is_stream(&self) -> bool {
		self.open.is_some_and(|listing| matches!(listing.kind, ListingKind::Stream { .. }))
	}
}

fn block_u32<T: Config>(block: BlockNumberFor<T>) -> u32 {
	block.unique_saturated_into()
}

/// Reads the node's persistent local storage, where the relay keeps its log.
fn local_get(key: &[u8]) -> Option<Vec<u8>> {
	sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, key)
}

/// The newest key epoch delivered to `purchase` on chain, if any.
fn delivered_epoch<T: Config>(purchase: &Purchase<T>) -> Option<u32> {
	purchase.key_epochs.last().copied()
}

impl<T: Config> Pallet<T> {
	/// The calls `provider` should make at block `now`, after rotating content keys as needed.
	/// Unless `sending`, only the keys are rotated: no proof or attestation is worked out for
	/// calls that would not be sent.
	pub(crate) fn calls_for(
		provider: &T::AccountId,
		now: BlockNumberFor<T>,
		sending: bool,
	) -> Vec<MarketplaceCall<T>> {
		let mut purchases = PurchasesByListing::<T>::new();
		for id in ProviderPurchases::<T>::iter_key_prefix(provider) {
			if let Some(purchase) = Purchases::<T>::get(id) {
				purchases.entry(purchase.listing).or_default().push((id, purchase));
			}
		}
		// Open listings get a key before anyone buys: their devices need one to publish.
		let mut listings: BTreeSet<ListingId> =
			ProviderListings::<T>::iter_key_prefix(provider).collect();
		listings.extend(purchases.keys());

		let mut calls = Vec::new();
		for listing in listings {
			let sold = purchases.get(&listing).map(Vec::as_slice).unwrap_or_default();
			let open = Listings::<T>::get(listing);
			let sales = Sales { listing, open: open.as_ref(), sold, now, sending };
			// One listing's broken storage stops that listing only, and a log that cannot be
			// read stops its confirmations only: keys still rotate and reach buyers.
			let mut key_calls = Vec::new();
			if let Err(error) = Self::key_calls(&sales, &mut key_calls) {
				log::error!(target: LOG_TARGET, "listing {listing}: no key work this run: {error:?}");
				continue;
			}
			calls.append(&mut key_calls);
			if sending {
				let mut confirmations = Vec::new();
				match Self::confirmation_calls(&sales, &mut confirmations) {
					Ok(()) => calls.append(&mut confirmations),
					Err(error) => log::error!(
						target: LOG_TARGET,
						"listing {listing}: no confirmation this run: {error:?}"
					),
				}
				Self::attestation_calls(listing, &mut calls);
			}
		}
		calls
	}

	/// Whether `purchase`'s buyer may read what is published at block `now`.
	fn entitled(purchase: &Purchase<T>, now: BlockNumberFor<T>) -> bool {
		purchase.state == PurchaseState::Open
			&& purchase.suspended_from.is_none()
			&& now < pallet_marketplace::Pallet::<T>::epoch_start(purchase, purchase.epochs)
			&& pallet_marketplace::Pallet::<T>::still_permitted(purchase).is_ok()
	}

	/// Creates or rotates `listing`'s content key as needed, records its epoch and commitment
	/// on chain (`rekey`, before any delivery of it), and wraps it for the buyers who should
	/// have it. A closed listing gets neither.
	fn key_calls(sales: &Sales<T>, calls: &mut Vec<MarketplaceCall<T>>) -> Result<(), WorkerError> {
		let Sales { listing, open, sold, now, sending } = *sales;
		let Some(open) = open else { return Ok(()) };
		let on_chain = open.key;
		let holders: Vec<KeyHolder> = sold
			.iter()
			.map(|(id, purchase)| KeyHolder {
				purchase: *id,
				entitled: Self::entitled(purchase, now),
				holds: delivered_epoch::<T>(purchase),
			})
			.collect();
		let mut rng = content_keys::node_rng();
		// A key made in this run sealed nothing yet.
		let mut fresh = false;
		let key = match content_keys::current(listing) {
			Some(key) => key,
			None => {
				let epoch = first_epoch(&holders, on_chain.map(|key| key.epoch));
				log::info!(target: LOG_TARGET, "listing {listing}: new content key, epoch {epoch}");
				fresh = true;
				content_keys::replace(listing, epoch, &mut rng)?
			},
		};
		let committed = |key: &ContentKey| ListingKey {
			epoch: key.epoch(),
			commitment: H256(key.commitment(listing)),
		};
		// The chain names another key for this epoch or a later one (this node lost its storage,
		// or another node signs for the same provider): this key can reach no buyer, so a
		// stream moves past every epoch the chain knows. A dataset's key is set once.
		let superseded = on_chain.is_some_and(|chain| {
			chain.epoch > key.epoch() || (chain.epoch == key.epoch() && chain != committed(&key))
		});
		let key = match (superseded, sales.is_stream()) {
			(false, _) => key,
			(true, true) => {
				let epoch = first_epoch(&holders, on_chain.map(|chain| chain.epoch));
				log::warn!(
					target: LOG_TARGET,
					"listing {listing}: the chain commits to another key; new key epoch {epoch}"
				);
				fresh = true;
				content_keys::replace(listing, epoch, &mut rng)?
			},
			(true, false) => {
				log::error!(
					target: LOG_TARGET,
					"listing {listing}: the chain commits to another dataset key than this node's"
				);
				return Ok(());
			},
		};
		// A delivery still on its way counts as held: its buyer may be removed before it lands.
		let sent = content_keys::sent_to(listing, key.epoch());
		// Once the listing requires anonymization, its device's raw readings under the keys
		// before must stay out of reach of whoever buys the anonymized stream.
		let anonymized = pallet_marketplace::Anonymizations::<T>::contains_key(listing);
		let raw_key = anonymized
			&& !fresh && content_keys::anonymized_from(listing).is_none_or(|from| key.epoch() < from);
		let plan = plan_keys(key.epoch(), sales.is_stream(), raw_key, &holders, &sent);
		let key = if plan.rotate {
			log::info!(
				target: LOG_TARGET,
				"listing {listing}: {}; rekey to epoch {}",
				if raw_key { "it requires anonymization now" } else { "a buyer was removed" },
				plan.epoch
			);
			content_keys::replace(listing, plan.epoch, &mut rng)?
		} else {
			key
		};
		if anonymized && content_keys::anonymized_from(listing).is_none() {
			content_keys::record_anonymized_from(listing, key.epoch());
		}
		if !sending {
			return Ok(());
		}
		// The chain takes a key's deliveries once it knows the key's epoch and commitment; a
		// rekey sent earlier and lost is sent again.
		if on_chain != Some(committed(&key)) {
			calls.push(pallet_marketplace::Call::rekey {
				listing,
				epoch: key.epoch(),
				commitment: H256(key.commitment(listing)),
			});
		}
		let mut pending: Vec<PurchaseId> = if plan.rotate {
			Vec::new()
		} else {
			let landed = |id: &PurchaseId| {
				holders
					.iter()
					.any(|holder| holder.purchase == *id && holder.holds == Some(key.epoch()))
			};
			sent.into_iter().filter(|id| !landed(id)).collect()
		};
		for (id, purchase) in sold.iter().filter(|(id, _)| plan.deliver_to.contains(id)) {
			if let Some(call) = Self::deliver_key_call(listing, *id, purchase, &key, &mut rng) {
				calls.push(call);
				if !pending.contains(id) {
					pending.push(*id);
				}
			}
		}
		// Recorded even if the batch fails to go out: at worst one rotation too many.
		content_keys::record_sent(listing, key.epoch(), &pending);
		Ok(())
	}

	/// `deliver_key` of `key` wrapped for `purchase`'s buyer; `None` (logged) if the buyer's
	/// key cannot receive it.
	fn deliver_key_call(
		listing: ListingId,
		id: PurchaseId,
		purchase: &Purchase<T>,
		key: &ContentKey,
		rng: &mut chacha20::ChaCha20Rng,
	) -> Option<MarketplaceCall<T>> {
		let recipient = KeyRecipient { listing, purchase: id, buyer_key: purchase.buyer_key };
		let wrapped = wrap_content_key(key, &recipient, rng)
			.inspect_err(|error| {
				log::warn!(target: LOG_TARGET, "purchase {id}: cannot wrap for its buyer key: {error:?}")
			})
			.ok()?;
		let Ok(wrapped_key) = wrapped.encode().try_into() else {
			log::error!(target: LOG_TARGET, "purchase {id}: MaxWrappedKeyLen is below a wrapped key");
			return None;
		};
		log::info!(target: LOG_TARGET, "purchase {id}: delivering key epoch {}", key.epoch());
		Some(pallet_marketplace::Call::deliver_key { purchase: id, epoch: key.epoch(), wrapped_key })
	}

	/// `confirm_delivery` for each unconfirmed epoch of the purchases of `listing` that have
	/// their key and whose confirmation the chain takes now: the count and digest of the
	/// messages the relay took in the epoch's blocks (for a dataset: everything published
	/// before the epoch ended), read off the relay log's hash chain in a few reads however
	/// large the epoch. An epoch with no message is not confirmed: the chain would not
	/// pay it. A closed listing's purchases are refunded what was not confirmed.
	fn confirmation_calls(
		sales: &Sales<T>,
		calls: &mut Vec<MarketplaceCall<T>>,
	) -> Result<(), WorkerError> {
		let Sales { listing, open, sold, now, .. } = *sales;
		if open.is_none() {
			return Ok(());
		}
		let is_stream = sales.is_stream();
		let timings = pallet_marketplace::Pallet::<T>::timings();
		for (id, purchase) in sold {
			// A dispute stops deliveries; what began before it is still confirmed.
			let cutoff = match purchase.state {
				PurchaseState::Open => u32::MAX,
				PurchaseState::Disputed { at, .. } => block_u32::<T>(at),
				PurchaseState::Settled { .. } => continue,
			};
			if purchase.key_epochs.is_empty() || purchase.suspended_from.is_some() {
				continue;
			}
			let schedule = Schedule {
				start: block_u32::<T>(purchase.start),
				epoch_length: block_u32::<T>(purchase.epoch_length),
				epochs: purchase.epochs,
				confirmation_delay: block_u32::<T>(timings.confirmation_delay),
				confirmation_period: block_u32::<T>(timings.confirmation_period),
				is_stream,
			};
			let confirmed: Vec<u32> = purchase.delivered.iter().map(|done| done.epoch).collect();
			let now = block_u32::<T>(now);
			for window in epochs_to_confirm(schedule, &confirmed, now, cutoff) {
				let from = if is_stream { window.from } else { 0 };
				let messages = window_received_between(local_get, listing, from, window.until)
					.map_err(WorkerError::Log)?;
				let proof = DeliveryProof::of_window(&messages);
				if proof.message_count == 0 {
					log::debug!(target: LOG_TARGET, "purchase {id}: epoch {} empty", window.epoch);
					continue;
				}
				log::info!(
					target: LOG_TARGET,
					"purchase {id}: confirming epoch {} with {} messages",
					window.epoch,
					proof.message_count
				);
				calls.push(pallet_marketplace::Call::confirm_delivery {
					purchase: *id,
					epoch: window.epoch,
					message_count: proof.message_count,
					digest: proof.digest,
				});
			}
		}
		Ok(())
	}
}
