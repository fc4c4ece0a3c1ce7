//! The buyer's X25519 key, in a file only its owner can read: `buy` makes a fresh one for every
//! purchase and names its public half in the purchase, so that no two purchases (and no two
//! sellers) can link their buyer by key; `stream subscribe` unwraps the delivered content keys
//! with it and keeps each epoch's key beside it (`<key file>.epochs`), so that what was paid for
//! stays readable after the chain prunes old deliveries.

use std::{
	collections::BTreeMap,
	fs,
	io::Write,
	path::{Path, PathBuf},
};

use anyhow::{bail, Context, Result};
use msec_stream_crypto::{BuyerKeypair, ContentKey, KeyEpoch};

use crate::random::rng;

/// Creates `path` readable by its owner only; refused if it exists.
fn create_private(path: &Path) -> Result<fs::File> {
	let mut options = fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
	options.open(path).with_context(|| format!("cannot create {}", path.display()))
}

/// A fresh key, saved in `path`, which must not exist: every purchase gets its own key.
pub fn create_fresh(path: &Path) -> Result<BuyerKeypair> {
	if path.exists() {
		bail!(
			"{} exists: every purchase gets a fresh buyer key, so that purchases cannot be linked \
			 by it; name a new file",
			path.display()
		);
	}
	let keypair = BuyerKeypair::generate(&mut rng()?);
	let mut file = create_private(path)?;
	writeln!(file, "0x{}", hex::encode(keypair.secret_bytes()))
		.with_context(|| format!("cannot write {}", path.display()))?;
	eprintln!("✓ new buyer key in {} (keep it: it opens what you buy)", path.display());
	Ok(keypair)
}

/// The key in `path`.
pub fn load(path: &Path) -> Result<BuyerKeypair> {
	let text = fs::read_to_string(path)
		.with_context(|| format!("cannot read the buyer key file {}", path.display()))?;
	let bytes = hex::decode(text.trim().trim_start_matches("0x"))
		.with_context(|| format!("{} does not hold a hex key", path.display()))?;
	let Ok(secret) = <[u8; 32]>::try_from(bytes.as_slice()) else {
		bail!("{} holds {} bytes, not a 32-byte X25519 key", path.display(), bytes.len());
	};
	BuyerKeypair::from_secret_bytes(&secret)
		.map_err(|e| anyhow::anyhow!("{} holds no usable X25519 key: {e:?}", path.display()))
}

/// Where the content keys opened with the buyer key in `path` are kept.
fn epochs_path(path: &Path) -> PathBuf {
	let mut name = path.as_os_str().to_owned();
	name.push(".epochs");
	PathBuf::from(name)
}

/// The content keys kept beside the buyer key in `path`, by epoch (none if never saved).
pub fn kept_epoch_keys(path: &Path) -> Result<BTreeMap<KeyEpoch, ContentKey>> {
	let kept = epochs_path(path);
	let Ok(text) = fs::read_to_string(&kept) else { return Ok(BTreeMap::new()) };
	text.lines()
		.filter(|line| !line.trim().is_empty())
		.map(|line| {
			let (epoch, key) = line
				.split_once(' ')
				.with_context(|| format!("{}: expected `epoch 0x<key>` lines", kept.display()))?;
			let epoch: KeyEpoch =
				epoch.parse().with_context(|| format!("{}: bad epoch {epoch}", kept.display()))?;
			let bytes = hex::decode(key.trim().trim_start_matches("0x"))
				.with_context(|| format!("{}: bad key of epoch {epoch}", kept.display()))?;
			let Ok(bytes) = <[u8; 32]>::try_from(bytes.as_slice()) else {
				bail!("{}: the key of epoch {epoch} is not 32 bytes", kept.display());
			};
			Ok((epoch, ContentKey::from_bytes(epoch, bytes)))
		})
		.collect()
}

/// Keeps `key` beside the buyer key in `path`, once.
pub fn keep_epoch_key(path: &Path, key: &ContentKey) -> Result<()> {
	if kept_epoch_keys(path)?.contains_key(&key.epoch()) {
		return Ok(());
	}
	let kept = epochs_path(path);
	let mut file = if kept.exists() {
		fs::OpenOptions::new()
			.append(true)
			.open(&kept)
			.with_context(|| format!("cannot open {}", kept.display()))?
	} else {
		create_private(&kept)?
	};
	writeln!(file, "{} 0x{}", key.epoch(), hex::encode(key.expose_bytes()))
		.with_context(|| format!("cannot write {}", kept.display()))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn scratch(name: &str) -> PathBuf {
		let dir = std::env::temp_dir().join(format!("msec-buyer-key-{}-{name}", std::process::id()));
		let _ = fs::remove_dir_all(&dir);
		fs::create_dir_all(&dir).expect("scratch dir");
		dir.join("buyer.key")
	}

	#[test]
	fn a_key_file_is_never_reused_for_a_second_purchase() {
		let path = scratch("fresh");
		let first = create_fresh(&path).expect("created");
		assert_eq!(load(&path).expect("loads").public_key(), first.public_key());
		assert!(create_fresh(&path).is_err(), "a second purchase needs a new file");
	}

	#[test]
	fn every_epoch_key_given_stays_readable_beside_the_buyer_key() {
		let path = scratch("epochs");
		create_fresh(&path).expect("created");
		assert!(kept_epoch_keys(&path).expect("none yet").is_empty());
		let keys = [ContentKey::from_bytes(0, [1; 32]), ContentKey::from_bytes(1, [2; 32])];
		for key in &keys {
			keep_epoch_key(&path, key).expect("kept");
			keep_epoch_key(&path, key).expect("kept once");
		}
		let kept = kept_epoch_keys(&path).expect("reads");
		assert_eq!(kept.len(), 2);
		assert!(kept[&0] == keys[0] && kept[&1] == keys[1]);
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = fs::metadata(epochs_path(&path)).expect("exists").permissions().mode();
			assert_eq!(mode & 0o077, 0, "readable by its owner only");
		}
	}
}
