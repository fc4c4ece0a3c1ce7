//! Erasure of a closed listing's data on this node: at each finalized block, every listing in
//! the node's index (`msec_stream_log::LISTINGS_WITH_DATA`) that was created and is gone at
//! that block (its id below `NextListingId`, no `Listings` entry: ids never come back) loses
//! its content key, pseudonym key, the stream worker's records and the relay's log. A listing
//! made in a block not yet final is never taken for a closed one, whatever the forks. An [`ErasureReceipt`] says what went; the provider records
//! its hash on chain with `Consent.record_erasure` (`msec listing close` does), and reads it
//! with `provider_erasureReceipt`.

use std::sync::Arc;

use codec::{Decode, Encode};
use futures::StreamExt;
use jsonrpsee::{core::RpcResult, proc_macros::rpc, Extensions};
use msec_runtime::opaque::Block;
use msec_stream_crypto::ListingId;
use msec_runtime::Runtime;
use msec_stream_log::{
	content_key_storage_key, decode_index, erasure_receipt_key, listing_secret_keys,
	pseudonym_key_storage_key, without_listing, ErasureReceipt, LogError, LISTINGS_WITH_DATA,
};
use pallet_marketplace::{Listings, NextListingId};
use sc_client_api::{BlockchainEvents, StorageKey, StorageProvider};
use serde::Serialize;
use sp_core::{
	offchain::{OffchainStorage, STORAGE_PREFIX},
	H256,
};
use sp_runtime::traits::Block as BlockT;

use crate::{
	at_rest::NodeKek,
	relay::{NodeRelay, OffchainDb},
	service::FullClient,
};

const LOG_TARGET: &str = "msec::erasure";

/// Migrates what the node kept before secrets were sealed at rest, then erases closed
/// listings' data as blocks are finalized, until the node stops. Deleting a long log takes a
/// while: the node runs this as a blocking task, off the async threads.
pub async fn run(client: Arc<FullClient>, relay: Arc<NodeRelay>, storage: OffchainDb, kek: NodeKek) {
	crate::at_rest_migration::migrate(&client, &mut storage.clone(), &kek);
	let mut finalized = client.finality_notification_stream();
	while let Some(notification) = finalized.next().await {
		erase_closed(&client, &relay, storage.clone(), notification.hash, notification.header.number);
	}
}

/// Erases the data of every indexed listing closed at `finalized`.
fn erase_closed(
	client: &FullClient,
	relay: &NodeRelay,
	mut storage: OffchainDb,
	finalized: <Block as BlockT>::Hash,
	number: u32,
) {
	let listings = match decode_index(storage.get(STORAGE_PREFIX, LISTINGS_WITH_DATA).as_deref()) {
		Ok(listings) => listings,
		Err(error) => return log::error!(target: LOG_TARGET, "{error}: nothing is erased"),
	};
	if listings.is_empty() {
		return;
	}
	let next_listing = match next_listing_id(client, finalized) {
		Ok(next) => next,
		Err(error) => return log::warn!(target: LOG_TARGET, "at block {number}: {error}"),
	};
	for listing in listings.into_iter().filter(|listing| *listing < next_listing) {
		// A storage read, not a runtime call: every indexed listing is looked at every block.
		let key = StorageKey(Listings::<Runtime>::hashed_key_for(listing));
		match client.storage(finalized, &key) {
			Ok(Some(_)) => {},
			Ok(None) => match erase_listing(relay, &mut storage, listing, number) {
				Ok(receipt) => log::info!(
					target: LOG_TARGET,
					"listing {listing} closed: erased its content key ({}), pseudonym key ({}) \
					 and {} messages ({} bytes); receipt {:?}",
					receipt.content_key,
					receipt.pseudonym_key,
					receipt.messages,
					receipt.bytes,
					receipt.data_ref()
				),
				Err(error) => log::error!(target: LOG_TARGET, "listing {listing}: {error}"),
			},
			Err(error) => {
				log::warn!(target: LOG_TARGET, "listing {listing}: state unavailable: {error}")
			},
		}
	}
}

/// `Marketplace.NextListingId` at `at`: every listing id below it was created.
pub fn next_listing_id(client: &FullClient, at: <Block as BlockT>::Hash) -> Result<ListingId, String> {
	let key = StorageKey(NextListingId::<Runtime>::hashed_key().to_vec());
	let stored = client.storage(at, &key).map_err(|error| format!("state unavailable: {error}"))?;
	stored.map_or(Ok(0), |data| {
		ListingId::decode(&mut data.0.as_slice()).map_err(|_| "NextListingId is corrupt".into())
	})
}

/// Deletes `listing`'s log, secrets and records, stores the receipt (added to an earlier one,
/// when a worker run that began before the close wrote again) and drops the listing from the
/// index; a key written meanwhile is deleted too. The index entry goes last, so that an
/// erasure cut short by a crash is taken up again at the next block.
fn erase_listing(
	relay: &NodeRelay,
	storage: &mut OffchainDb,
	listing: ListingId,
	closed_at: u32,
) -> Result<ErasureReceipt, String> {
	let log = relay.erase(listing).map_err(|error| format!("cannot erase its log: {error}"))?;
	let erased = ErasureReceipt {
		messages: log.messages,
		bytes: log.bytes,
		chain: log.chain,
		..delete_secrets(storage, listing, closed_at)
	};
	let mut receipt = add_to_receipt(storage, erased)?;
	forget_listing(storage, listing)?;
	let late = delete_secrets(storage, listing, closed_at);
	if late.content_key || late.pseudonym_key {
		receipt = add_to_receipt(storage, late)?;
	}
	Ok(receipt)
}

/// Deletes `listing`'s secrets and records; the receipt of what there was.
fn delete_secrets(storage: &mut OffchainDb, listing: ListingId, closed_at: u32) -> ErasureReceipt {
	let stored = |key: &[u8]| storage.get(STORAGE_PREFIX, key).is_some();
	let receipt = ErasureReceipt {
		listing,
		closed_at,
		content_key: stored(&content_key_storage_key(listing)),
		pseudonym_key: stored(&pseudonym_key_storage_key(listing)),
		..Default::default()
	};
	for key in listing_secret_keys(listing) {
		storage.remove(STORAGE_PREFIX, &key);
	}
	receipt
}

/// Stores `erased` as the listing's receipt, added to the one stored before if any.
fn add_to_receipt(storage: &mut OffchainDb, erased: ErasureReceipt) -> Result<ErasureReceipt, String> {
	let key = erasure_receipt_key(erased.listing);
	let receipt = match storage.get(STORAGE_PREFIX, &key) {
		Some(earlier) => ErasureReceipt::decode(&mut earlier.as_slice())
			.map_err(|_| "its earlier erasure receipt is corrupt".to_string())?
			.and(&erased),
		None => erased,
	};
	storage.set(STORAGE_PREFIX, &key, &receipt.encode());
	Ok(receipt)
}

/// Removes `listing` from the index.
fn forget_listing(storage: &mut OffchainDb, listing: ListingId) -> Result<(), String> {
	change_index(storage, |old| without_listing(old, listing).map(Some))
}

/// Changes the index of listings with data by compare-and-set (the worker and the relay add to
/// it meanwhile): `change` gives the new index from the old, or `None` to leave it.
pub fn change_index(
	storage: &mut OffchainDb,
	change: impl Fn(Option<&[u8]>) -> Result<Option<Vec<u8>>, LogError>,
) -> Result<(), String> {
	loop {
		let old = storage.get(STORAGE_PREFIX, LISTINGS_WITH_DATA);
		let Some(new) = change(old.as_deref()).map_err(|error| error.to_string())? else {
			return Ok(());
		};
		if storage.compare_and_set(STORAGE_PREFIX, LISTINGS_WITH_DATA, old.as_deref(), &new) {
			return Ok(());
		}
	}
}

/// An erasure receipt as the RPC serves it, with its hash.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErasureReceiptJson {
	/// What was erased.
	#[serde(flatten)]
	pub receipt: ErasureReceipt,
	/// BLAKE2b-256 of the receipt: the `data_ref` to record with `Consent.record_erasure`.
	pub data_ref: H256,
}

impl From<ErasureReceipt> for ErasureReceiptJson {
	fn from(receipt: ErasureReceipt) -> Self {
		Self { data_ref: receipt.data_ref(), receipt }
	}
}

/// Erasure receipts of the listings this node erased (unsafe).
#[rpc(server, namespace = "provider")]
pub trait ErasureApi {
	/// What this node erased of the closed `listing`; `null` until it did (one finalized
	/// block after the close).
	#[method(name = "erasureReceipt", with_extensions)]
	fn erasure_receipt(&self, listing: ListingId) -> RpcResult<Option<ErasureReceiptJson>>;
}

/// Serves receipts from the node's off-chain storage.
pub struct ErasureReceipts {
	storage: OffchainDb,
}

impl ErasureReceipts {
	/// Receipts read from `storage`.
	pub fn new(storage: OffchainDb) -> Self {
		Self { storage }
	}
}

impl ErasureApiServer for ErasureReceipts {
	fn erasure_receipt(
		&self,
		extensions: &Extensions,
		listing: ListingId,
	) -> RpcResult<Option<ErasureReceiptJson>> {
		// Unsafe like every provider method: the public endpoint serves none.
		sc_rpc_api::check_if_safe(extensions)?;
		Ok(self
			.storage
			.get(STORAGE_PREFIX, &erasure_receipt_key(listing))
			.and_then(|bytes| ErasureReceipt::decode(&mut bytes.as_slice()).ok())
			.map(Into::into))
	}
}
