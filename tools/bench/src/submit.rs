//! Submitting signed transactions and waiting for them: in order for the setup, all at once
//! for a measurement.

use std::time::{Duration, Instant};

use codec::Encode;
use futures::{stream, StreamExt};
use msec_runtime::{signing::sign_call, Hash, Nonce, RuntimeCall, RuntimeEvent};
use sp_core::sr25519;

use crate::{
	follower::Chain,
	rpc::{Error, Node},
};

/// How long the chain may go without a new block before a wait gives up.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A signer and the nonce of its next transaction.
pub struct Signer {
	/// Its key.
	pub pair: sr25519::Pair,
	/// The nonce its next transaction takes.
	pub nonce: Nonce,
}

impl Signer {
	/// `pair`, reading its next nonce from the node.
	pub async fn new(node: &Node, pair: sr25519::Pair) -> Result<Self, Error> {
		let nonce = node.next_nonce(&sp_core::Pair::public(&pair).into()).await?;
		Ok(Self { pair, nonce })
	}

	/// `call` signed with the next nonce.
	pub fn sign(&mut self, call: RuntimeCall, genesis_hash: Hash) -> Vec<u8> {
		let extrinsic = sign_call(call, &self.pair, self.nonce, genesis_hash);
		self.nonce = self.nonce.saturating_add(1);
		extrinsic.encode()
	}
}

/// Submits setup transactions one after another (so that one signer's nonces arrive in order)
/// and waits until all are in blocks; the events of each. Any failure is an error naming the
/// step.
pub async fn in_order(
	node: &Node,
	chain: &Chain,
	step: &str,
	extrinsics: Vec<Vec<u8>>,
) -> Result<Vec<Vec<RuntimeEvent>>, Error> {
	let mut hashes = Vec::with_capacity(extrinsics.len());
	for extrinsic in &extrinsics {
		let hash = node.submit(extrinsic).await.map_err(|e| format!("{step}: {e}"))?;
		hashes.push(hash);
	}
	let all_in = chain
		.wait_until(PATIENCE, |chain| hashes.iter().all(|h| chain.inclusion(h).is_some()))
		.await?;
	if !all_in {
		return Err(format!("{step}: not included after {PATIENCE:?} without a new block").into());
	}
	hashes
		.iter()
		.map(|hash| {
			let inclusion = chain.inclusion(hash).ok_or("lost an inclusion")?;
			if !inclusion.success {
				return Err(format!("{step} failed: {:?}", inclusion.events).into());
			}
			Ok(inclusion.events)
		})
		.collect()
}

/// What became of a batch of transactions submitted at once.
pub struct Submitted {
	/// Each accepted transaction's hash and when its submission started.
	pub accepted: Vec<(Hash, Instant)>,
	/// How many the node refused, and the first reason.
	pub refused: usize,
	/// The first refusal's message.
	pub first_refusal: Option<String>,
}

/// Submits `extrinsics` with up to `in_flight` requests at a time.
pub async fn all_at_once(node: &Node, extrinsics: &[Vec<u8>], in_flight: usize) -> Submitted {
	let results: Vec<(Instant, Result<Hash, Error>)> = stream::iter(extrinsics)
		.map(|extrinsic| async move {
			let started = Instant::now();
			(started, node.submit(extrinsic).await)
		})
		.buffer_unordered(in_flight)
		.collect()
		.await;
	let mut submitted = Submitted { accepted: Vec::new(), refused: 0, first_refusal: None };
	for (started, result) in results {
		match result {
			Ok(hash) => submitted.accepted.push((hash, started)),
			Err(error) => {
				submitted.refused = submitted.refused.saturating_add(1);
				submitted.first_refusal.get_or_insert_with(|| error.to_string());
			},
		}
	}
	submitted
}
