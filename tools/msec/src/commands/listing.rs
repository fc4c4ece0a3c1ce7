//! `msec listing create`.

use anyhow::Result;
use subxt::utils::{AccountId32, H256};

use crate::{
	args::{plancks, purposes, PurposeArg},
	chain::{event, send, signer, Client},
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
