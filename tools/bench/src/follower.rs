//! Follows the chain from a second connection: when each block arrives and is finalized, which
//! transactions it holds and whether they succeeded, its timestamp and weight.

use std::{
	collections::{BTreeMap, HashMap},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

use msec_runtime::{Hash, RuntimeEvent};
use tokio::sync::Notify;

use crate::rpc::{header_number, Error, Node};

/// Where a transaction landed.
#[derive(Clone)]
pub struct Inclusion {
	/// The block's number.
	pub block: u32,
	/// Whether it dispatched without error (a failed `sudo` inner call counts as an error).
	pub success: bool,
	/// The events it emitted.
	pub events: Vec<RuntimeEvent>,
}

/// A block as seen by the follower.
#[derive(Clone, Copy)]
pub struct BlockSeen {
	/// When its header arrived here.
	pub seen_at: Instant,
	/// When its finality arrived here (filled in by [`Chain::block`]).
	pub finalized_at: Option<Instant>,
	/// `Timestamp::Now` (Unix ms).
	pub timestamp_ms: u64,
	/// Reference time used by normal extrinsics.
	pub normal_ref_time: u64,
}

#[derive(Default)]
struct State {
	included: HashMap<Hash, Inclusion>,
	blocks: BTreeMap<u32, BlockSeen>,
	/// When each finalized head was first reported. A block is final from the first report of
	/// its own number or a higher one, which may come before the block is imported here.
	finality: BTreeMap<u32, Instant>,
	error: Option<String>,
}

/// The chain as followed so far; cheap to clone.
#[derive(Clone, Default)]
pub struct Chain {
	state: Arc<Mutex<State>>,
	changed: Arc<Notify>,
}

impl Chain {
	/// Starts following the chain at `url` from its current best block.
	pub async fn follow(url: &str) -> Result<Self, Error> {
		let chain = Chain::default();
		let node = Arc::new(Node::connect(url).await?);
		let mut best = node.best_heads().await?;
		let mut finalized = node.finalized_heads().await?;

		let follower = chain.clone();
		let blocks_node = node.clone();
		tokio::spawn(async move {
			let mut next: Option<u32> = None;
			while let Some(header) = best.next().await {
				let seen_at = Instant::now();
				let result = async {
					let number = header_number(&header?)?;
					for number in next.unwrap_or(number)..=number {
						follower.import(&blocks_node, number, seen_at).await?;
					}
					next = Some(number.saturating_add(1));
					Ok::<_, Error>(())
				}
				.await;
				if let Err(error) = result {
					follower.fail(format!("following best blocks: {error}"));
					return;
				}
			}
			follower.fail("the node closed the best-block subscription".into());
		});

		let follower = chain.clone();
		tokio::spawn(async move {
			while let Some(header) = finalized.next().await {
				let finalized_at = Instant::now();
				match header.map_err(Error::from).and_then(|h| header_number(&h)) {
					Ok(number) => follower.finalize_up_to(number, finalized_at),
					Err(error) => {
						follower.fail(format!("following finality: {error}"));
						return;
					},
				}
			}
		});
		Ok(chain)
	}

	async fn import(&self, node: &Node, number: u32, seen_at: Instant) -> Result<(), Error> {
		let hash = node.block_hash(number).await?.ok_or("a best block without a hash")?;
		let block = node.block(hash).await?;
		let mut outcomes: Vec<Inclusion> = (0..block.extrinsics.len())
			.map(|_| Inclusion { block: number, success: false, events: Vec::new() })
			.collect();
		for record in block.events {
			let frame_system::Phase::ApplyExtrinsic(index) = record.phase else { continue };
			let Some(outcome) = usize::try_from(index).ok().and_then(|i| outcomes.get_mut(i))
			else {
				continue;
			};
			match &record.event {
				RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }) => {
					outcome.success = !outcome.events.iter().any(is_failed_sudo)
				},
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }) => {
					outcome.success = false
				},
				_ => {},
			}
			outcome.events.push(record.event);
		}
		let mut state = self.lock();
		for (hash, outcome) in block.extrinsics.into_iter().zip(outcomes) {
			state.included.insert(hash, outcome);
		}
		state.blocks.insert(
			number,
			BlockSeen {
				seen_at,
				finalized_at: None,
				timestamp_ms: block.timestamp_ms,
				normal_ref_time: block.normal_ref_time,
			},
		);
		drop(state);
		self.changed.notify_waiters();
		Ok(())
	}

	fn finalize_up_to(&self, number: u32, at: Instant) {
		self.lock().finality.entry(number).or_insert(at);
		self.changed.notify_waiters();
	}

	fn fail(&self, error: String) {
		self.lock().error = Some(error);
		self.changed.notify_waiters();
	}

	fn lock(&self) -> std::sync::MutexGuard<'_, State> {
		// A panic while holding the lock leaves plain data behind; keep reading it.
		self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// Where `hash` landed, if it has.
	pub fn inclusion(&self, hash: &Hash) -> Option<Inclusion> {
		self.lock().included.get(hash).cloned()
	}

	/// Block `number`, if seen.
	pub fn block(&self, number: u32) -> Option<BlockSeen> {
		let state = self.lock();
		let mut block = state.blocks.get(&number).copied()?;
		block.finalized_at = state.finality.range(number..).next().map(|(_, at)| *at);
		Some(block)
	}

	/// Waits until `done` holds, checking after every change; gives up when nothing changed
	/// for `patience`, or the follower failed.
	pub async fn wait_until(
		&self,
		patience: Duration,
		mut done: impl FnMut(&Chain) -> bool,
	) -> Result<bool, Error> {
		loop {
			let changed = self.changed.notified();
			if let Some(error) = self.lock().error.clone() {
				return Err(error.into());
			}
			if done(self) {
				return Ok(true);
			}
			if tokio::time::timeout(patience, changed).await.is_err() {
				return Ok(false);
			}
		}
	}
}

fn is_failed_sudo(event: &RuntimeEvent) -> bool {
	matches!(event, RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(_) }))
}
