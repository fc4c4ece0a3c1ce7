//! `msec-bench relay-flood`: what a flood does to an honest device and to the node's RPC.
//!
//! One honest device publishes to its stream as in `msec-bench relay` while a probe times a
//! cheap RPC call (`system_health`) every 20 ms: first on an idle relay, then while flooding
//! devices and looping readers hit it. Each flooding device is registered and has a stream of
//! its own; it sends as fast as the node answers, many requests in flight, a mix of
//! publications to its own stream (in and out of order, and replayed once its prepared ones
//! ran out: refusals after the signature check) and to random listings of others or of nobody
//! (refused before it). The flood's figures count what happened while the honest device was
//! measured. The
//! readers fetch pages of random listings in a loop. The node's resident memory (`VmRSS`, and
//! its peak `VmHWM`) is read from `/proc` after each phase.

use std::{
	collections::BTreeMap,
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};

use futures::{stream::FuturesUnordered, StreamExt};
use jsonrpsee::{
	core::{client::ClientT, ClientError},
	rpc_params,
};
use msec_stream_crypto::{rand_core::Rng as _, ListingId};
use serde_json::Value;

use crate::{
	follower::Chain,
	measure::{percentiles, since},
	relay::{connect, measure, publications, rng_of, set_up, Publisher},
	rpc::{Error, Node},
};

/// How the flood is measured.
#[derive(clap::Args)]
pub struct FloodArgs {
	/// Messages the honest device publishes in each phase.
	#[arg(long, default_value_t = 3_000)]
	messages: usize,
	/// Plaintext bytes of every message.
	#[arg(long, default_value_t = 64)]
	size: usize,
	/// Flooding devices, each with its own connection and stream.
	#[arg(long, default_value_t = 16)]
	flooders: usize,
	/// Requests each flooding device keeps in flight.
	#[arg(long, default_value_t = 16)]
	in_flight: usize,
	/// Publications prepared per flooding device (sent round and round: repeats are refused).
	#[arg(long, default_value_t = 4_000)]
	prepared: usize,
	/// Connections fetching pages of random listings in a loop.
	#[arg(long, default_value_t = 4)]
	readers: usize,
	/// The node's process id, for its memory (default: the one `msec-node` process).
	#[arg(long)]
	node_pid: Option<u32>,
}

/// One phase's figures.
struct Phase {
	name: &'static str,
	rate: f64,
	latency: (Duration, Duration),
	rpc: (Duration, Duration),
	rss_kib: Option<(u64, u64)>,
}

/// What the flood sent and how the node answered.
#[derive(Default)]
struct FloodCount {
	accepted: AtomicU64,
	refused: Mutex<BTreeMap<i32, u64>>,
	failed: AtomicU64,
	pages: AtomicU64,
}

/// The counts at one moment.
#[derive(Default)]
struct Totals {
	accepted: u64,
	refused: BTreeMap<i32, u64>,
	failed: u64,
	pages: u64,
}

impl FloodCount {
	fn totals(&self) -> Totals {
		Totals {
			accepted: self.accepted.load(Ordering::Relaxed),
			refused: self.refused.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone(),
			failed: self.failed.load(Ordering::Relaxed),
			pages: self.pages.load(Ordering::Relaxed),
		}
	}
}

impl Totals {
	/// What was counted after `before`.
	fn since(mut self, before: &Totals) -> Totals {
		for (code, count) in &mut self.refused {
			*count -= before.refused.get(code).copied().unwrap_or_default();
		}
		Totals {
			accepted: self.accepted - before.accepted,
			refused: self.refused,
			failed: self.failed - before.failed,
			pages: self.pages - before.pages,
		}
	}
}

/// Sets up the devices and runs both phases.
pub async fn run(
	url: &str,
	node: &Node,
	chain: &Chain,
	seed: &str,
	args: FloodArgs,
) -> Result<(), Error> {
	if args.flooders == 0 || args.messages == 0 || args.in_flight == 0 || args.prepared == 0 {
		return Err("--flooders, --messages, --in-flight and --prepared must be at least 1".into());
	}
	let node_pid = args.node_pid.or_else(only_node_process);
	let start = Instant::now();
	let mut devices = set_up(node, chain, &format!("{seed}/flood"), args.flooders + 1).await?;
	let mut honest = vec![devices.remove(0)];
	eprintln!("relay flood setup: {} devices and streams in {}", devices.len() + 1, since(start));

	let idle = phase("idle", url, &mut honest, &args, node_pid).await?;
	report(&idle);

	let started = Instant::now();
	let listings: Vec<ListingId> = devices.iter().map(|device| device.listing).collect();
	let prepared: Vec<Vec<Value>> = devices
		.iter_mut()
		.map(|device| {
			let own = publications(device, args.size, args.prepared);
			own.into_iter().map(|(_, body)| body).collect()
		})
		.collect();
	eprintln!("relay flood: sealed and signed {} publications in {}", args.flooders * args.prepared, since(started));

	let stop = Arc::new(AtomicBool::new(false));
	let count = Arc::new(FloodCount::default());
	let mut tasks = Vec::new();
	for (index, bodies) in prepared.into_iter().enumerate() {
		let (url, stop, count, listings) = (url.to_string(), stop.clone(), count.clone(), listings.clone());
		let in_flight = args.in_flight;
		tasks.push(tokio::spawn(async move {
			flood(&url, index as u64, bodies, &listings, in_flight, &stop, &count).await
		}));
	}
	for reader in 0..args.readers {
		let (url, stop, count, listings) = (url.to_string(), stop.clone(), count.clone(), listings.clone());
		tasks.push(tokio::spawn(async move { read(&url, reader as u64, &listings, &stop, &count).await }));
	}
	tokio::time::sleep(Duration::from_secs(2)).await;
	let flood_started = Instant::now();
	let before = count.totals();
	let flooded = phase("flood", url, &mut honest, &args, node_pid).await;
	let seconds = flood_started.elapsed().as_secs_f64().max(1e-9);
	let during = count.totals().since(&before);
	stop.store(true, Ordering::Relaxed);
	for task in tasks {
		task.await.map_err(|e| format!("a flooding task failed: {e}"))??;
	}
	let flooded = flooded?;
	report(&flooded);

	println!("| phase | honest messages/s | publish-to-subscribe p50 | p99 | `system_health` p50 | p99 | node RSS (peak) |");
	println!("|---|---|---|---|---|---|---|");
	for phase in [&idle, &flooded] {
		println!(
			"| {} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {} |",
			phase.name,
			phase.rate,
			millis(phase.latency.0),
			millis(phase.latency.1),
			millis(phase.rpc.0),
			millis(phase.rpc.1),
			phase.rss_kib.map_or("?".into(), |(rss, peak)| format!("{} MiB ({} MiB)", rss / 1024, peak / 1024)),
		);
	}
	println!();
	let answered = during.accepted + during.refused.values().sum::<u64>();
	println!(
		"Flood, while the honest device was measured: {} devices, {} in flight each, {:.0} \
		 publications/s answered, {:.0} accepted/s, refused by code {:?}, {} transport failures; \
		 {} readers, {:.0} pages/s. Honest rate under flood: {:.2} of idle; `system_health` p99: \
		 {:.1}x idle.",
		args.flooders,
		args.in_flight,
		answered as f64 / seconds,
		during.accepted as f64 / seconds,
		during.refused,
		during.failed,
		args.readers,
		during.pages as f64 / seconds,
		flooded.rate / idle.rate.max(1e-9),
		flooded.rpc.1.as_secs_f64() / idle.rpc.1.as_secs_f64().max(1e-9),
	);
	Ok(())
}

fn millis(duration: Duration) -> f64 {
	duration.as_secs_f64() * 1e3
}

fn report(phase: &Phase) {
	eprintln!(
		"relay {}: honest {:.0} messages/s, p99 {:.1} ms; system_health p99 {:.1} ms",
		phase.name,
		phase.rate,
		millis(phase.latency.1),
		millis(phase.rpc.1)
	);
}

/// The honest device's run, with the RPC probe beside it.
async fn phase(
	name: &'static str,
	url: &str,
	honest: &mut [Publisher],
	args: &FloodArgs,
	node_pid: Option<u32>,
) -> Result<Phase, Error> {
	let done = Arc::new(AtomicBool::new(false));
	let probe = {
		let (url, done) = (url.to_string(), done.clone());
		tokio::spawn(async move { probe(&url, &done).await })
	};
	let figures = measure(url, honest, args.size, args.messages, 1).await;
	done.store(true, Ordering::Relaxed);
	let mut rpc = probe.await.map_err(|e| format!("the RPC probe failed: {e}"))??;
	let figures = figures?;
	Ok(Phase {
		name,
		rate: figures.rate,
		latency: figures.latency,
		rpc: percentiles(&mut rpc),
		rss_kib: node_pid.and_then(memory_kib),
	})
}

/// `system_health` every 20 ms until `done`: how long each took.
async fn probe(url: &str, done: &AtomicBool) -> Result<Vec<Duration>, Error> {
	let client = connect(url).await?;
	let mut took = Vec::new();
	while !done.load(Ordering::Relaxed) {
		let at = Instant::now();
		let _: Value = client.request("system_health", rpc_params![]).await?;
		took.push(at.elapsed());
		tokio::time::sleep(Duration::from_millis(20)).await;
	}
	Ok(took)
}

/// One flooding device: its publications, half sent to another listing or to none, round and
/// round, `in_flight` at once, until `stop`.
async fn flood(
	url: &str,
	index: u64,
	bodies: Vec<Value>,
	listings: &[ListingId],
	in_flight: usize,
	stop: &AtomicBool,
	count: &FloodCount,
) -> Result<(), Error> {
	let client = connect(url).await?;
	let mut rng = rng_of(u64::MAX - index);
	let nobody = listings.iter().max().copied().unwrap_or_default() + 1_000;
	let bodies: Vec<Value> = bodies
		.into_iter()
		.map(|mut body| {
			match rng.next_u32() % 4 {
				0 => body["listing"] = pick(&mut rng, listings).into(),
				1 => body["listing"] = (nobody + u64::from(rng.next_u32() % 1_000)).into(),
				_ => {},
			}
			body
		})
		.collect();
	let client = Arc::new(client);
	let mut pending = FuturesUnordered::new();
	let mut round = bodies.iter().cycle();
	while !stop.load(Ordering::Relaxed) {
		while pending.len() < in_flight {
			let Some(body) = round.next().cloned() else { return Ok(()) };
			let client = client.clone();
			pending.push(async move {
				client.request::<Value, _>("streams_publish", rpc_params![body]).await
			});
		}
		if let Some(answer) = pending.next().await {
			tally(count, answer);
		}
	}
	Ok(())
}

fn tally(count: &FloodCount, answer: Result<Value, ClientError>) {
	match answer {
		Ok(_) => {
			count.accepted.fetch_add(1, Ordering::Relaxed);
		},
		Err(ClientError::Call(error)) => {
			let mut refused = count.refused.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
			*refused.entry(error.code()).or_default() += 1;
		},
		Err(_) => {
			count.failed.fetch_add(1, Ordering::Relaxed);
		},
	}
}

/// One reader: pages of random listings, one after another, until `stop`.
async fn read(
	url: &str,
	index: u64,
	listings: &[ListingId],
	stop: &AtomicBool,
	count: &FloodCount,
) -> Result<(), Error> {
	let client = connect(url).await?;
	let mut rng = rng_of(u64::MAX / 2 - index);
	while !stop.load(Ordering::Relaxed) {
		let listing = pick(&mut rng, listings);
		match client.request::<Value, _>("streams_fetch", rpc_params![listing, 0, 100]).await {
			Ok(_) => count.pages.fetch_add(1, Ordering::Relaxed),
			Err(_) => count.failed.fetch_add(1, Ordering::Relaxed),
		};
	}
	Ok(())
}

fn pick(rng: &mut chacha20::ChaCha20Rng, listings: &[ListingId]) -> ListingId {
	let at = rng.next_u32() as usize % listings.len().max(1);
	listings.get(at).copied().unwrap_or_default()
}

/// The one running `msec-node` process, if there is exactly one.
fn only_node_process() -> Option<u32> {
	let mut found = std::fs::read_dir("/proc").ok()?.flatten().filter_map(|entry| {
		let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
		let name = std::fs::read_to_string(entry.path().join("comm")).ok()?;
		(name.trim() == "msec-node").then_some(pid)
	});
	let pid = found.next()?;
	found.next().is_none().then_some(pid)
}

/// The process's resident memory and its peak, KiB.
fn memory_kib(pid: u32) -> Option<(u64, u64)> {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
	let field = |name: &str| {
		status
			.lines()
			.find_map(|line| line.strip_prefix(name))
			.and_then(|rest| rest.split_whitespace().next()?.parse().ok())
	};
	Some((field("VmRSS:")?, field("VmHWM:")?))
}
