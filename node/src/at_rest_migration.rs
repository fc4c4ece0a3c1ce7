//! Once per node: what a node kept before secrets were sealed at rest (runtime spec 106) is
//! sealed, re-indexed or deleted. Plaintext content keys are deleted (the stream worker makes
//! sealed ones of a later epoch, which the chain then commits to); plaintext pseudonym keys are
//! sealed where the anonymizer now reads them, so that subjects keep their pseudonyms; every
//! listing with a relay log joins the index of listings to erase on close.

use codec::Encode;
use msec_runtime::opaque::Block;
use msec_stream_crypto::{rand_core::SeedableRng, ListingId};
use msec_stream_log::{head_key, pseudonym_key_storage_key, with_listing};
use sp_blockchain::HeaderBackend;
use sp_core::offchain::{OffchainStorage, STORAGE_PREFIX};
use sp_runtime::traits::Block as BlockT;

use crate::{
	at_rest::NodeKek,
	erasure::{change_index, next_listing_id},
	relay::OffchainDb,
	service::FullClient,
};

const LOG_TARGET: &str = "msec::erasure";

/// Set once the migration ran.
const DONE: &[u8] = b"msec/node/at-rest-migration/v1";
const PLAINTEXT_CONTENT_KEY: &[u8] = b"msec/worker/content-key/";
const PLAINTEXT_PSEUDONYM_KEY: &[u8] = b"msec/anonymize/pseudonym-key/";

/// Seals, re-indexes or deletes what listings `0..NextListingId` (at the best block) kept
/// before, unless done already.
pub fn migrate(client: &FullClient, storage: &mut OffchainDb, kek: &NodeKek) {
	if storage.get(STORAGE_PREFIX, DONE).is_some() {
		return;
	}
	let best: <Block as BlockT>::Hash = client.info().best_hash;
	let listings = match next_listing_id(client, best) {
		Ok(next) => next,
		Err(error) => return log::warn!(target: LOG_TARGET, "no migration this start: {error}"),
	};
	let mut migrated = 0u64;
	for listing in 0..listings {
		match migrate_listing(storage, kek, listing) {
			Ok(true) => migrated += 1,
			Ok(false) => {},
			Err(error) => {
				return log::error!(target: LOG_TARGET, "listing {listing}: {error}; migration stopped")
			},
		}
	}
	storage.set(STORAGE_PREFIX, DONE, &[1]);
	if migrated > 0 {
		log::info!(target: LOG_TARGET, "{migrated} listings' keys and logs migrated to sealed storage");
	}
}

/// Whether `listing` had anything to migrate.
fn migrate_listing(storage: &mut OffchainDb, kek: &NodeKek, listing: ListingId) -> Result<bool, String> {
	let content = (PLAINTEXT_CONTENT_KEY, listing).encode();
	let pseudonym = (PLAINTEXT_PSEUDONYM_KEY, listing).encode();
	let had_content = storage.get(STORAGE_PREFIX, &content).is_some();
	let old_pseudonym = storage.get(STORAGE_PREFIX, &pseudonym);
	let has_log = storage.get(STORAGE_PREFIX, &head_key(listing)).is_some();
	if !(had_content || old_pseudonym.is_some() || has_log) {
		return Ok(false);
	}
	change_index(storage, |old| with_listing(old, listing))?;
	if let Some(secret) = old_pseudonym {
		let sealed_key = pseudonym_key_storage_key(listing);
		if storage.get(STORAGE_PREFIX, &sealed_key).is_none() {
			let kek = kek.current().ok_or("the keystore has no single msek key")?;
			let mut rng = chacha20::ChaCha20Rng::from_seed(random_seed()?);
			let sealed = kek
				.seal(&sealed_key, &zeroize::Zeroizing::new(secret), &mut rng)
				.map_err(|error| format!("cannot seal its pseudonym key: {error}"))?;
			storage.set(STORAGE_PREFIX, &sealed_key, &sealed.encode());
		}
		storage.remove(STORAGE_PREFIX, &pseudonym);
	}
	storage.remove(STORAGE_PREFIX, &content);
	Ok(true)
}

fn random_seed() -> Result<[u8; 32], String> {
	let mut seed = [0u8; 32];
	getrandom::fill(&mut seed).map_err(|error| format!("the system has no randomness: {error}"))?;
	Ok(seed)
}
