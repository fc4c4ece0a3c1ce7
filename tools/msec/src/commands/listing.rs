//! `msec listing create`, `msec listing anonymize` and `msec listing close`.

use std::time::Duration;

use anyhow::{anyhow, bail, Result};
use indicatif::ProgressBar;
use jsonrpsee::{core::client::ClientT, rpc_params};
use serde_json::Value;
use subxt::utils::{AccountId32, H256};

use crate::{
	args::{plancks, purposes, PurposeArg},
	chain::{event, send, signer, Client},
	commands::stream::refused,
	runtime::msec::{self, runtime_types},
};

/// What a new listing offers.
pub struct NewListing {
	/// Blocks per epoch for a stream; `None` for a dataset.
	pub epoch_length: Option<u32>,
	/// Price in MSEC, per epoch of a stream or per dataset.
	pub price: f64,
	/// Purposes a buyer may name.
	pub purposes: Vec<PurposeArg>,
	/// Whose personal data it is, if anyone's.
	pub subject: Option<AccountId32>,
	/// The device the data comes from.
	pub device: Option<u64>,
	/// Hash of the listing's description.
	pub metadata_hash: H256,
}

/// `provider` lists `listing`; prints the new listing id.
pub async fn create(client: &Client, provider: &str, listing: NewListing) -> Result<()> {
	let provider = signer(provider)?;
	let kind = match listing.epoch_length {
		Some(epoch_length) => {
			runtime_types::pallet_marketplace::types::ListingKind::Stream { epoch_length }
		},
		None => runtime_types::pallet_marketplace::types::ListingKind::Dataset,
	};
	let call = msec::transactions().marketplace().create_listing(
		kind,
		listing.metadata_hash,
		plancks(listing.price)?,
		runtime_types::bounded_collections::bounded_vec::BoundedVec(purposes(&listing.purposes)),
		listing.subject,
		listing.device,
	);
	let events = send(client, "Marketplace.create_listing", &call, &provider).await?;
	let created =
		event::<msec::marketplace::events::ListingCreated>(&events, "Marketplace.ListingCreated")?;
	eprintln!("✓ listing {} created", created.listing);
	println!("{}", created.listing);
	Ok(())
}

/// How coarse an anonymized listing's records must be.
pub struct AnonymizationPolicy {
	/// Geohash characters kept (1 to 7).
	pub geohash_precision: u8,
	/// Time bucket width in seconds.
	pub time_bucket_secs: u64,
	/// Fewest distinct subjects per released group.
	pub k: u32,
}

/// `provider` commits `listing` to anonymization under `policy` (or makes its policy
/// stricter).
pub async fn require_anonymization(
	client: &Client,
	provider: &str,
	listing: u64,
	policy: AnonymizationPolicy,
) -> Result<()> {
	let provider = signer(provider)?;
	let time_bucket_ms = policy
		.time_bucket_secs
		.checked_mul(1_000)
		.ok_or_else(|| anyhow::anyhow!("--time-bucket-secs is too large"))?;
	let policy = runtime_types::pallet_marketplace::types::AnonymizationPolicy {
		geohash_precision: policy.geohash_precision,
		time_bucket_ms,
		k: policy.k,
	};
	let call = msec::transactions().marketplace().require_anonymization(listing, policy);
	let events = send(client, "Marketplace.require_anonymization", &call, &provider).await?;
	event::<msec::marketplace::events::AnonymizationRequired>(
		&events,
		"Marketplace.AnonymizationRequired",
	)?;
	eprintln!("✓ listing {listing} now requires anonymization: devices publish through the provider's node");
	Ok(())
}

/// `provider` closes `listing`: no new purchases, the deposit comes back; open purchases go on.
pub async fn close(
	client: &Client,
	provider: &str,
	listing: u64,
	erasure_consent: Option<u64>,
) -> Result<()> {
	let provider = signer(provider)?;
	let call = msec::transactions().marketplace().close_listing(listing);
	let events = send(client, "Marketplace.close_listing", &call, &provider).await?;
	event::<msec::marketplace::events::ListingClosed>(&events, "Marketplace.ListingClosed")?;
	eprintln!("✓ listing {listing} closed; its deposit is released");
	let Some(consent) = erasure_consent else { return Ok(()) };
	let receipt = erasure_receipt(client, listing).await?;
	println!("{receipt}");
	let data_ref: H256 = serde_json::from_value(receipt["dataRef"].clone())
		.map_err(|e| anyhow!("provider_erasureReceipt answered without a dataRef: {e}"))?;
	let call = msec::transactions().consent().record_erasure(consent, data_ref);
	let events = send(client, "Consent.record_erasure", &call, &provider).await?;
	event::<msec::consent::events::ErasureRecorded>(&events, "Consent.ErasureRecorded")?;
	eprintln!("✓ erasure receipt {data_ref:?} recorded on consent {consent}");
	Ok(())
}

/// The provider's node's receipt for the erasure of the closed `listing`, once the close is
/// final (the node must be the provider's, with unsafe methods: localhost or a tunnel).
async fn erasure_receipt(client: &Client, listing: u64) -> Result<Value> {
	let progress = ProgressBar::new_spinner()
		.with_message(format!("waiting for the node to erase listing {listing}"));
	for _ in 0..ERASURE_POLLS {
		let receipt: Value = client
			.rpc()
			.request("provider_erasureReceipt", rpc_params![listing])
			.await
			.map_err(|e| refused("provider_erasureReceipt", e))?;
		if !receipt.is_null() {
			progress.finish_and_clear();
			return Ok(receipt);
		}
		progress.tick();
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	bail!(
		"the node has not erased listing {listing} after {ERASURE_POLLS} s: is this the \
		 provider's node, with its relay, and is finality advancing?"
	)
}

/// Seconds to wait for the erasure: the close must be finalized first.
const ERASURE_POLLS: u32 = 120;
