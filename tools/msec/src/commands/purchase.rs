//! `msec buy`, and reading a purchase's delivered key.

use std::{path::Path, time::Duration};

use anyhow::{anyhow, bail, Context, Result};
use codec::Decode;
use indicatif::ProgressBar;
use msec_stream_crypto::WrappedKey;

use crate::{
	args::PurposeArg,
	buyer_key,
	chain::{self, event, send, signer, Client},
	runtime::msec,
};

/// `buyer` buys `epochs` epochs of `listing` for `purpose`, naming the public half of a fresh
/// key saved in `key_file` (which must not exist, and is removed again if the purchase fails);
/// prints the purchase id. The purchase names the
/// listing's version as read now and at most `max_price` per epoch (the price read now if
/// `None`): if the provider changes the listing before the purchase is included, it fails
/// instead of paying a price the buyer never saw. With `wait_for_key`, waits until the
/// provider's node delivered the content key.
#[allow(clippy::too_many_arguments)]
pub async fn buy(
	client: &Client,
	buyer: &str,
	listing: u64,
	epochs: u32,
	purpose: PurposeArg,
	key_file: &Path,
	max_price: Option<u128>,
	wait_for_key: Option<Duration>,
) -> Result<()> {
	let buyer = signer(buyer)?;
	let seen = chain::listing_at(&client.at_best().await?, listing)
		.await?
		.ok_or_else(|| anyhow!("there is no open listing {listing}"))?;
	let max_price = max_price.unwrap_or(seen.price);
	if seen.price > max_price {
		bail!("listing {listing} costs {} plancks per epoch, above your {max_price}", seen.price);
	}
	eprintln!(
		"buying {epochs} epoch(s) of listing {listing} (version {}) at {} plancks each",
		seen.version, seen.price
	);
	let key = buyer_key::create_fresh(key_file)?;
	let call = msec::transactions().marketplace().purchase(
		listing,
		epochs,
		purpose.into(),
		key.public_key(),
		max_price,
		seen.version,
	);
	let events = match send(client, "Marketplace.purchase", &call, &buyer).await {
		Ok(events) => events,
		Err(error) => {
			// No purchase names the key: the next attempt makes another.
			let _ = std::fs::remove_file(key_file);
			return Err(error);
		},
	};
	let purchased =
		event::<msec::marketplace::events::Purchased>(&events, "Marketplace.Purchased")?;
	eprintln!(
		"✓ purchase {} of listing {listing}: {} plancks held in escrow",
		purchased.purchase, purchased.escrow
	);
	println!("{}", purchased.purchase);
	if let Some(limit) = wait_for_key {
		let delivered = wait_for_delivery(client, purchased.purchase, 0, limit).await?;
		eprintln!("✓ content key of epoch {} delivered", delivered.epoch);
	}
	Ok(())
}

/// `caller` settles `purchase`: the provider is paid for its confirmed epochs, the buyer
/// refunded the rest; prints `paid fee refunded` in plancks.
pub async fn settle(client: &Client, caller: &str, purchase: u64) -> Result<()> {
	let caller = signer(caller)?;
	let call = msec::transactions().marketplace().settle(purchase);
	let events = send(client, "Marketplace.settle", &call, &caller).await?;
	let settled = event::<msec::marketplace::events::PurchaseSettled>(
		&events,
		"Marketplace.PurchaseSettled",
	)?;
	eprintln!(
		"✓ purchase {purchase} settled: {} plancks to the provider, {} fee, {} refunded",
		settled.paid, settled.fee, settled.refunded
	);
	println!("{} {} {}", settled.paid, settled.fee, settled.refunded);
	Ok(())
}

/// Prints the key epoch of the newest content key delivered for `purchase`, after waiting up
/// to `limit` for one of at least `epoch` if given.
pub async fn show_key(
	client: &Client,
	purchase: u64,
	epoch: Option<u32>,
	limit: Duration,
) -> Result<()> {
	let delivered = match epoch {
		Some(epoch) => wait_for_delivery(client, purchase, epoch, limit).await?,
		None => delivered_keys(client, purchase)
			.await?
			.pop()
			.ok_or_else(|| anyhow!("no content key delivered for purchase {purchase} yet"))?,
	};
	eprintln!("✓ purchase {purchase} holds the content key of epoch {}", delivered.epoch);
	println!("{}", delivered.epoch);
	Ok(())
}

/// A content key delivered to a purchase, as the chain keeps it.
pub struct Delivered {
	/// Its key epoch.
	pub epoch: u32,
	/// The listing's commitment to the key of that epoch.
	pub commitment: [u8; 32],
	/// The key, wrapped to the purchase's buyer key.
	pub wrapped: WrappedKey,
}

impl Delivered {
	/// Unwraps the key with `buyer`'s secret and checks it against the listing's commitment:
	/// a provider cannot hand over a key other than the one its devices seal with.
	pub fn open(
		&self,
		buyer: &msec_stream_crypto::BuyerKeypair,
		listing: u64,
		purchase: u64,
	) -> Result<msec_stream_crypto::ContentKey> {
		let key = msec_stream_crypto::unwrap_content_key(buyer, listing, purchase, &self.wrapped)
			.map_err(|_| anyhow!("the key of epoch {} does not open with your buyer key", self.epoch))?;
		if key.commitment(listing) != self.commitment {
			bail!(
				"the key of epoch {} is not the one listing {listing} committed to: dispute purchase \
				 {purchase}",
				self.epoch
			);
		}
		Ok(key)
	}
}

/// Every content key delivered for `purchase` that the chain keeps (at the best block), oldest
/// first.
pub async fn delivered_keys(client: &Client, purchase: u64) -> Result<Vec<Delivered>> {
	let call = msec::runtime_apis().marketplace_api().purchase_keys(purchase);
	let keys = client
		.at_best()
		.await?
		.runtime_apis()
		.call(call)
		.await
		.with_context(|| format!("cannot read the keys of purchase {purchase}"))?;
	keys.into_iter()
		.map(|(epoch, commitment, bytes)| {
			let wrapped = WrappedKey::decode(&mut bytes.as_slice())
				.map_err(|e| anyhow!("the key of epoch {epoch} is malformed: {e}"))?;
			Ok(Delivered { epoch, commitment: commitment.0, wrapped })
		})
		.collect()
}

/// Waits up to `limit` until `purchase` has a content key of epoch `epoch` or later; the
/// newest.
pub async fn wait_for_delivery(
	client: &Client,
	purchase: u64,
	epoch: u32,
	limit: Duration,
) -> Result<Delivered> {
	let progress = ProgressBar::new_spinner()
		.with_message(format!("waiting for the provider to deliver key epoch {epoch}"));
	progress.enable_steady_tick(Duration::from_millis(120));
	let started = std::time::Instant::now();
	loop {
		if let Some(newest) = delivered_keys(client, purchase).await?.pop() {
			if newest.epoch >= epoch {
				progress.finish_and_clear();
				return Ok(newest);
			}
		}
		if started.elapsed() > limit {
			progress.finish_and_clear();
			bail!(
				"no key of epoch {epoch} for purchase {purchase} after {limit:?}: is the \
				 provider's node running its stream worker?"
			);
		}
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
}
