//! The buyer's X25519 key, in a file only its owner can read: `buy` creates it and names its
//! public half in the purchase; `stream subscribe` unwraps the delivered content keys with it.

use std::{fs, io::Write, path::Path};

use anyhow::{bail, Context, Result};
use msec_stream_crypto::BuyerKeypair;

use crate::random::rng;

/// The key in `path`, made and saved there first if the file does not exist.
pub fn load_or_create(path: &Path) -> Result<BuyerKeypair> {
	if path.exists() {
		return load(path);
	}
	let keypair = BuyerKeypair::generate(&mut rng()?);
	let mut options = fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
	let mut file = options
		.open(path)
		.with_context(|| format!("cannot create the buyer key file {}", path.display()))?;
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
