//! Randomness for keys and nonces: a ChaCha20 generator seeded from the operating system.

use anyhow::{anyhow, Result};
use chacha20::{rand_core::SeedableRng, ChaCha20Rng};

/// A fresh generator.
pub fn rng() -> Result<ChaCha20Rng> {
	let mut seed = [0u8; 32];
	getrandom::fill(&mut seed).map_err(|e| anyhow!("the system has no randomness: {e}"))?;
	Ok(ChaCha20Rng::from_seed(seed))
}
