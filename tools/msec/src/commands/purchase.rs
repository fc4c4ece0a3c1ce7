//! `msec buy`, and reading a purchase's delivered key.

use std::{path::Path, time::Duration};

use anyhow::{anyhow, bail, Context, Result};
use codec::Decode;
use indicatif::ProgressBar;
use msec_stream_crypto::WrappedKey;

use crate::{
	args::PurposeArg,
	buyer_key,
	chain::{event, send, signer, Client},
	runtime::msec,
};

/// `buyer` buys `epochs` epochs of `listing` for `purpose`, naming the public half of the key
/// in `key_file` (created if missing); prints the purchase id. With `wait_for_key`, waits until
/// the provider's node delivered the content key.
pub async fn buy(
	client: &Client,
	buyer: &str,
	listing: u64,
	epochs: u32,
	purpose: PurposeArg,
	key_file: &Path,
	wait_for_key: Option<Duration>,
) -> Result<()> {
	let buyer = signer(buyer)?;
	let key = buyer_key::load_or_create(key_file)?;
	let call = msec::transactions().marketplace().purchase(
		listing,
		epochs,
		purpose.into(),
		key.public_key(),
	);
	let events = send(client, "Marketplace.purchase", &call, &buyer).await?;
	let purchased =
		event::<msec::marketplace::events::Purchased>(&events, "Marketplace.Purchased")?;
	eprintln!(
		"✓ purchase {} of listing {listing}: {} plancks held in escrow",
		purchased.purchase, purchased.escrow
	);
	println!("{}", purchased.purchase);
	if let Some(limit) = wait_for_key {
		let wrapped = wait_for_delivery(client, purchased.purchase, 0, limit).await?;
		eprintln!("✓ content key of epoch {} delivered", wrapped.epoch);
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

/// Prints the key epoch of the content key delivered for `purchase`, after waiting up to
/// `limit` for one of at least `epoch` if given.
pub async fn show_key(
	client: &Client,
	purchase: u64,
	epoch: Option<u32>,
	limit: Duration,
) -> Result<()> {
	let wrapped = match epoch {
		Some(epoch) => wait_for_delivery(client, purchase, epoch, limit).await?,
		None => delivered_key(client, purchase)
			.await?
			.ok_or_else(|| anyhow!("no content key delivered for purchase {purchase} yet"))?,
	};
	eprintln!("✓ purchase {purchase} holds the content key of epoch {}", wrapped.epoch);
	println!("{}", wrapped.epoch);
	Ok(())
}

/// The content key delivered for `purchase` so far (at the best block), if any.
pub async fn delivered_key(client: &Client, purchase: u64) -> Result<Option<WrappedKey>> {
	let at = client.at_best().await?;
	let stored = at
		.storage()
		.try_fetch(msec::storage().marketplace().purchases(), (purchase,))
		.await
		.with_context(|| format!("cannot read purchase {purchase}"))?
		.ok_or_else(|| anyhow!("there is no purchase {purchase}"))?;
	let purchase_record = stored.decode().context("cannot decode the purchase")?;
	purchase_record
		.wrapped_key
		.map(|bytes| {
			WrappedKey::decode(&mut bytes.0.as_slice())
				.map_err(|e| anyhow!("the delivered key is malformed: {e}"))
		})
		.transpose()
}

/// Waits up to `limit` until `purchase` has a content key of epoch `epoch` or later.
pub async fn wait_for_delivery(
	client: &Client,
	purchase: u64,
	epoch: u32,
	limit: Duration,
) -> Result<WrappedKey> {
	let progress = ProgressBar::new_spinner()
		.with_message(format!("waiting for the provider to deliver key epoch {epoch}"));
	progress.enable_steady_tick(Duration::from_millis(120));
	let started = std::time::Instant::now();
	loop {
		if let Some(wrapped) = delivered_key(client, purchase).await? {
			if wrapped.epoch >= epoch {
				progress.finish_and_clear();
				return Ok(wrapped);
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
