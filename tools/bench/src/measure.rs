//! One measured run of a workload: submit everything at once, follow it into blocks and to
//! finality, and reduce what was seen to the figures of the report.

use std::time::{Duration, Instant};

use frame_support::dispatch::DispatchClass;
use msec_runtime::configs::RuntimeBlockWeights;

use crate::{
	follower::Chain,
	rpc::{Error, Node},
	submit::{all_at_once, PATIENCE},
	workloads::Workload,
};

/// The figures of one workload.
pub struct Figures {
	/// What was measured.
	pub workload: Workload,
	/// Transactions sent.
	pub sent: usize,
	/// Refused by the node at submission.
	pub refused: usize,
	/// The first refusal's message.
	pub first_refusal: Option<String>,
	/// In a block and dispatched without error.
	pub succeeded: usize,
	/// In a block but failed.
	pub failed: usize,
	/// Accepted by the node but in no block when the chain stopped taking them.
	pub missing: usize,
	/// Successful transactions per second of chain time (block timestamps).
	pub tps: f64,
	/// Time from submission to the block carrying it, p50 and p99.
	pub inclusion: (Duration, Duration),
	/// Time from submission to that block's finality, p50 and p99.
	pub finality: (Duration, Duration),
	/// Blocks that carried the load.
	pub blocks: u32,
	/// Mean share of the normal-class weight limit those blocks used.
	pub fullness: f64,
}

impl Figures {
	/// Transactions sent that did not succeed: refused, failed or never included.
	pub fn shortfall(&self) -> usize {
		self.refused.saturating_add(self.failed).saturating_add(self.missing)
	}
}

/// Submits `extrinsics` of `workload` with `in_flight` requests at a time and measures them.
pub async fn run(
	node: &Node,
	chain: &Chain,
	workload: Workload,
	extrinsics: Vec<Vec<u8>>,
	in_flight: usize,
) -> Result<Figures, Error> {
	let submitted = all_at_once(node, &extrinsics, in_flight).await;
	let accepted = &submitted.accepted;
	chain
		.wait_until(PATIENCE, |chain| accepted.iter().all(|(h, _)| chain.inclusion(h).is_some()))
		.await?;
	let inclusions: Vec<_> =
		accepted.iter().filter_map(|(h, at)| Some((chain.inclusion(h)?, *at))).collect();
	let first = inclusions.iter().map(|(i, _)| i.block).min().unwrap_or_default();
	let last = inclusions.iter().map(|(i, _)| i.block).max().unwrap_or_default();
	chain
		.wait_until(PATIENCE, |chain| chain.block(last).is_some_and(|b| b.finalized_at.is_some()))
		.await?;

	let succeeded = inclusions.iter().filter(|(i, _)| i.success).count();
	let mut to_inclusion = Vec::with_capacity(inclusions.len());
	let mut to_finality = Vec::with_capacity(inclusions.len());
	for (inclusion, submitted_at) in &inclusions {
		if let Some(block) = chain.block(inclusion.block) {
			to_inclusion.push(block.seen_at.saturating_duration_since(*submitted_at));
			if let Some(finalized_at) = block.finalized_at {
				to_finality.push(finalized_at.saturating_duration_since(*submitted_at));
			}
		}
	}

	// Chain time the load took: from the block before the first to the last.
	let span_ms = match (chain.block(first.saturating_sub(1)), chain.block(last)) {
		(Some(before), Some(last)) => last.timestamp_ms.saturating_sub(before.timestamp_ms),
		_ => 0,
	};
	let tps = if span_ms == 0 { 0.0 } else { succeeded as f64 * 1000.0 / span_ms as f64 };
	let limits = RuntimeBlockWeights::get();
	let normal = limits.get(DispatchClass::Normal);
	let normal_limit = normal.max_total.unwrap_or(limits.max_block).ref_time().max(1) as f64;
	let blocks: Vec<f64> = (first..=last)
		.filter_map(|n| chain.block(n))
		.map(|b| b.normal_ref_time as f64 / normal_limit)
		.collect();
	let fullness =
		if blocks.is_empty() { 0.0 } else { blocks.iter().sum::<f64>() / blocks.len() as f64 };

	Ok(Figures {
		workload,
		sent: extrinsics.len(),
		refused: submitted.refused,
		first_refusal: submitted.first_refusal,
		succeeded,
		failed: inclusions.len().saturating_sub(succeeded),
		missing: accepted.len().saturating_sub(inclusions.len()),
		tps,
		inclusion: percentiles(&mut to_inclusion),
		finality: percentiles(&mut to_finality),
		blocks: if inclusions.is_empty() { 0 } else { last.saturating_sub(first).saturating_add(1) },
		fullness,
	})
}

/// p50 and p99 (nearest rank) of `samples`.
pub fn percentiles(samples: &mut [Duration]) -> (Duration, Duration) {
	samples.sort_unstable();
	let rank = |p: usize| {
		let index = (samples.len() * p).div_ceil(100).saturating_sub(1);
		samples.get(index).copied().unwrap_or_default()
	};
	(rank(50), rank(99))
}

/// The report: a row per workload, rates relative to the transfer row.
pub fn print_table(figures: &[Figures]) {
	let transfer_tps = figures
		.iter()
		.find(|f| f.workload == Workload::Transfer)
		.map(|f| f.tps)
		.filter(|tps| *tps > 0.0);
	println!(
		"| {:<28} | {:>6} | {:>6} | {:>6} | {:>8} | {:>6} | {:>9} | {:>9} | {:>9} | {:>9} | {:>6} | {:>8} |",
		"call", "sent", "ok", "not ok", "TPS", "ratio", "incl p50", "incl p99", "final p50",
		"final p99", "blocks", "fullness"
	);
	println!("|{:-<30}|{:->8}|{:->8}|{:->8}|{:->10}|{:->8}|{:->11}|{:->11}|{:->11}|{:->11}|{:->8}|{:->10}|",
		"", "", "", "", "", "", "", "", "", "", "", "");
	for f in figures {
		let ratio = transfer_tps.map_or("-".to_string(), |t| format!("{:.2}", f.tps / t));
		println!(
			"| {:<28} | {:>6} | {:>6} | {:>6} | {:>8.0} | {:>6} | {:>8.2}s | {:>8.2}s | {:>8.2}s | {:>8.2}s | {:>6} | {:>7.0}% |",
			f.workload.call_name(),
			f.sent,
			f.succeeded,
			f.shortfall(),
			f.tps,
			ratio,
			f.inclusion.0.as_secs_f64(),
			f.inclusion.1.as_secs_f64(),
			f.finality.0.as_secs_f64(),
			f.finality.1.as_secs_f64(),
			f.blocks,
			f.fullness * 100.0,
		);
	}
	for f in figures.iter().filter(|f| f.refused > 0) {
		println!(
			"{}: the node refused {} transactions, the first with: {}",
			f.workload.call_name(),
			f.refused,
			f.first_refusal.as_deref().unwrap_or("?")
		);
	}
}

/// How long a step took, for progress output.
pub fn since(start: Instant) -> String {
	format!("{:.1}s", start.elapsed().as_secs_f64())
}
