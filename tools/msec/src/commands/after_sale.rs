//! `msec dispute` and `msec rate`: what a buyer does after a purchase's epochs.

use anyhow::{bail, Result};
use sp_core::{Blake2Hasher, Hasher};
use subxt::utils::H256;

use crate::{
	chain::{event, send, signer, Client},
	runtime::msec,
};

/// `buyer` disputes `purchase` within the dispute window; only the BLAKE2-256 of `reason` goes
/// on chain (keep the text for the arbiter). Prints the hash.
pub async fn dispute(client: &Client, buyer: &str, purchase: u64, reason: &str) -> Result<()> {
	if reason.trim().is_empty() {
		bail!("--reason: say why, for the arbiter");
	}
	let buyer = signer(buyer)?;
	let reason_hash = H256(<Blake2Hasher as Hasher>::hash(reason.as_bytes()).0);
	let call = msec::transactions().marketplace().dispute(purchase, reason_hash);
	let events = send(client, "Marketplace.dispute", &call, &buyer).await?;
	event::<msec::marketplace::events::PurchaseDisputed>(&events, "Marketplace.PurchaseDisputed")?;
	eprintln!("✓ purchase {purchase} disputed: its escrow stays held until the council decides");
	println!("{reason_hash:?}");
	Ok(())
}

/// `buyer` rates the provider of settled `purchase` with `score` (1 to 5), once.
pub async fn rate(client: &Client, buyer: &str, purchase: u64, score: u8) -> Result<()> {
	let buyer = signer(buyer)?;
	let call = msec::transactions().marketplace().rate(purchase, score);
	let events = send(client, "Marketplace.rate", &call, &buyer).await?;
	let rated = event::<msec::marketplace::events::Rated>(&events, "Marketplace.Rated")?;
	eprintln!("✓ provider {} rated {score} for purchase {purchase}", rated.provider);
	Ok(())
}
