//! # Stream worker
//!
//! The off-chain worker a provider's node runs for the provider's listings. It has no calls
//! and no storage of its own: it reads chain state at each imported block and sends
//! `Marketplace` transactions for each provider the node's operator serves that appointed a
//! key of the node's keystore (`mprv`) its data-plane proxy ([`data_plane`]), signed with that
//! key and made through the proxy: the provider's own key stays off the node.
//!
//! - **Content keys** ([`content_keys`]): each open listing of the provider gets a content key,
//!   kept in the node's persistent local storage only, never on chain, sealed under a key only
//!   the node's keystore can make ([`at_rest`]): a copy of the database shows none, and one
//!   written through `offchain_localStorageSet` is never used. The provider's devices
//!   seal their messages with it. Its epoch and a commitment to it go on chain (`rekey`); a
//!   key the chain does not commit to (this node lost its storage, or another node signs for
//!   the same provider) gives way to one of a later epoch.
//! - **Key delivery**: every buyer entitled to the stream (purchase open, not suspended,
//!   consent, source device and both parties' registration still good, subscription not over)
//!   gets the current key wrapped with HPKE for the X25519 key named in the purchase
//!   (`deliver_key`), after its `rekey` in the same batch.
//! - **Rekey**: as soon as a buyer who holds the current key of a stream is no longer
//!   entitled (consent withdrawn, subscription over, dispute, device quarantined), the key is
//!   replaced by a new one of the next key epoch, delivered only to the buyers who remain. The
//!   replacement happens in local storage in the first run after the block that removed the
//!   buyer, even while earlier transactions are still on their way; its `rekey` and deliveries
//!   follow once they landed. A delivery sent but not yet landed counts as held
//!   (`content_keys::sent_to`). Relays refuse publications under an older epoch than the chain's
//!   (and, on this node, than the stored key's).
//! - **Delivery proofs**: for each ended epoch of a purchase that has its key, once the
//!   chain's confirmation delay passed and before its deadline, the count and digest of the
//!   messages the node's stream relay took in the epoch's blocks (`confirm_delivery`), from the
//!   relay's log in the same local storage. The digest comes off the log's hash chain, which
//!   the relay extends as it appends: a few reads per epoch whatever its size, so an epoch of
//!   hundreds of megabytes does not exhaust the worker's memory. A listing whose storage
//!   cannot be read is skipped for the run, and logged: the others go on. An epoch with no message is not confirmed (the
//!   chain would not pay it); a disputed purchase's epochs that began before the dispute still
//!   are. Purchases are found through the provider's index (`ProviderPurchases`).
//! - **Anonymization attestations** ([`attestations`]): for each batch of an anonymized
//!   listing that the node anonymized and published, `attest_anonymization` with the hashes,
//!   method and policy the node queued in local storage.
//!
//! The decisions are in [`plan`]; sending in [`outbox`].

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
// A panic in the runtime halts block production, in an off-chain worker the worker.
#![cfg_attr(
	not(test),
	warn(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects
	)
)]

extern crate alloc;

pub mod at_rest;
pub mod attestations;
pub mod content_keys;
pub mod crypto;
pub mod data_plane;
pub mod outbox;
pub mod plan;
pub mod runtime_api;
mod worker;

pub use pallet::*;

/// The log target of the worker.
pub const LOG_TARGET: &str = "msec::stream-worker";

/// The marketplace calls the worker sends.
pub type MarketplaceCall<T> = pallet_marketplace::Call<T>;

/// Why a run of the worker stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkerError {
	/// The node's keystore has no key of type `msek` to seal content keys at rest with, or more
	/// than one.
	NoAtRestKey,
	/// The listing could not be added to the node's index of listings to erase on close.
	Index,
	/// The relay's log could not be read.
	Log(msec_stream_log::LogError),
	/// The keystore did not sign a transaction.
	Signing,
	/// The transaction pool refused a transaction.
	Submission,
}

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::{
		offchain::{AppCrypto, CreateSignedTransaction, CreateTransactionBase},
		pallet_prelude::*,
	};
	use sp_runtime::{
		offchain::{
			storage_lock::{StorageLock, Time},
			Duration,
		},
		traits::IdentifyAccount,
		RuntimeAppPublic,
	};

	use super::*;
	use crate::data_plane::DataPlaneProxies;
	use alloc::collections::BTreeMap;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The worker's configuration.
	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_marketplace::Config
		+ CreateSignedTransaction<MarketplaceCall<Self>>
	{
		/// The worker keys the worker signs with ([`crate::crypto::WorkerKey`]).
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;

		/// Which providers appointed a worker account, and how it acts for them.
		type DataPlane: crate::data_plane::DataPlaneProxies<
			Self::AccountId,
			MarketplaceCall<Self>,
			<Self as CreateTransactionBase<MarketplaceCall<Self>>>::RuntimeCall,
		>;
	}

	/// Data-plane proxies appointed at genesis (test chains): provider, worker.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// (provider, worker account) pairs.
		pub data_plane_workers: Vec<(T::AccountId, T::AccountId)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis is built before the chain runs; a wrong chain spec must not start.
			for (provider, worker) in &self.data_plane_workers {
				T::DataPlane::appoint(provider, worker.clone())
					.unwrap_or_else(|e| panic!("invalid data-plane worker at genesis: {e:?}"));
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn offchain_worker(now: BlockNumberFor<T>) {
			// Runs of consecutive blocks may overlap: one at a time decides and sends.
			let mut lock = StorageLock::<Time>::with_deadline(
				b"msec/worker/lock",
				Duration::from_millis(20_000),
			);
			let Ok(_guard) = lock.try_lock() else { return };
			for (worker, (public, providers)) in Self::assignments() {
				if let Err(error) = Self::serve(&public, &worker, &providers, now) {
					log::warn!(target: LOG_TARGET, "worker {worker:?}: {error:?}");
				}
			}
		}
	}

	impl<T: Config> Pallet<T> {
		/// Each worker key in this node's keystore with the providers it acts for here: those
		/// the operator serves that appointed it. A provider that appointed two of them is
		/// served once, by the first.
		fn assignments() -> BTreeMap<T::AccountId, (T::Public, Vec<T::AccountId>)> {
			let local = Self::local_workers();
			let mut assigned = BTreeMap::<T::AccountId, (T::Public, Vec<T::AccountId>)>::new();
			for provider in crate::data_plane::served_providers::<T::AccountId>() {
				let appointed = T::DataPlane::workers(&provider);
				let Some((public, worker)) = local.iter().find(|(_, w)| appointed.contains(w)) else {
					// The node warns of it once, at its start; this runs at every block.
					log::debug!(
						target: LOG_TARGET,
						"provider {provider:?} appointed none of this node's worker keys: not served"
					);
					continue;
				};
				assigned.entry(worker.clone()).or_insert_with(|| (public.clone(), Vec::new())).1.push(provider);
			}
			assigned
		}

		/// The worker keys in this node's keystore.
		fn local_workers() -> Vec<(T::Public, T::AccountId)> {
			<T::AuthorityId as AppCrypto<T::Public, T::Signature>>::RuntimeAppPublic::all()
				.into_iter()
				.map(|key| {
					let generic: <T::AuthorityId as AppCrypto<T::Public, T::Signature>>::GenericPublic =
						key.into();
					let public: T::Public = generic.into();
					(public.clone(), public.into_account())
				})
				.collect()
		}

		/// One run at block `now` for `providers`, all of which appointed `worker`: one batch of
		/// transactions signed by `worker`, taking the providers' calls in turn so that none
		/// waits for another's backlog.
		fn serve(
			public: &T::Public,
			worker: &T::AccountId,
			providers: &[T::AccountId],
			now: BlockNumberFor<T>,
		) -> Result<(), WorkerError> {
			let chain_nonce = frame_system::Pallet::<T>::account_nonce(worker);
			// Keys rotate in local storage on every run, even while the last batch is on its
			// way: a removed buyer's key reaches no device from this block on, and this node's
			// relay refuses it. Only the transactions wait.
			let sending = !outbox::awaiting::<T>(worker, chain_nonce, now);
			let queues = providers
				.iter()
				.map(|provider| {
					let calls = Self::calls_for(provider, now, sending);
					calls
						.into_iter()
						.map(|call| T::DataPlane::on_behalf_of(provider.clone(), call))
						.collect()
				})
				.collect();
			let calls = plan::in_turn(queues, outbox::MAX_BATCH);
			if !sending || calls.is_empty() {
				return Ok(());
			}
			let sent = outbox::send::<T>(public, worker, chain_nonce, calls, now)?;
			log::debug!(target: LOG_TARGET, "worker {worker:?}: sent {sent} transactions");
			Ok(())
		}
	}
}
