//! `msec-bench`: measures how many transactions a running M-Sec node includes per second, for
//! a transfer and for the calls of our pallets, side by side. See docs/performance.md.
//!
//! It sets up its own accounts, devices, consent and listing with sudo (a dev chain), pre-signs
//! one transaction per account and workload, submits each workload at once and follows the
//! chain from a second connection to time inclusion and finality.
//!
//! `msec-bench relay` measures the stream relay instead: publish-to-subscribe messages/s.

mod follower;
mod measure;
mod relay;
mod relay_flood;
mod rpc;
mod submit;
mod workloads;
mod world;

use std::time::Instant;

use clap::Parser;

use crate::{measure::since, workloads::Workload};

/// Measure included TPS, latency and block fullness on a dev node.
#[derive(Parser)]
#[command(version)]
struct Args {
	/// What to measure instead of transactions.
	#[command(subcommand)]
	command: Option<Command>,
	/// The node's WebSocket JSON-RPC endpoint.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Transactions per workload (each from its own account).
	#[arg(long, default_value_t = 16_000)]
	count: usize,
	/// Submissions in flight at once.
	#[arg(long, default_value_t = 512)]
	in_flight: usize,
	/// Workloads to run, in order; transfers first give the ratio column its base.
	#[arg(long, value_enum, value_delimiter = ',', default_values_t = Workload::ALL)]
	workloads: Vec<Workload>,
	/// Seed of the run's keys; another seed sets up fresh accounts on the same chain.
	#[arg(long, global = true, default_value = "msec-bench")]
	seed: String,
}

#[derive(clap::Subcommand)]
enum Command {
	/// Publish-to-subscribe messages per second through the node's stream relay.
	Relay(relay::RelayArgs),
	/// An honest device's rate and the RPC's latency through the relay, idle and flooded.
	RelayFlood(relay_flood::FloodArgs),
}

#[tokio::main]
async fn main() {
	if let Err(error) = run(Args::parse()).await {
		eprintln!("msec-bench: {error}");
		std::process::exit(1);
	}
}

async fn run(args: Args) -> Result<(), rpc::Error> {
	if args.count == 0 {
		return Err("--count must be at least 1".into());
	}
	let node = rpc::Node::connect(&args.url).await?;
	let chain = follower::Chain::follow(&args.url).await?;
	match args.command {
		Some(Command::Relay(relay_args)) => {
			return relay::run(&args.url, &node, &chain, &args.seed, relay_args).await
		},
		Some(Command::RelayFlood(flood_args)) => {
			return relay_flood::run(&args.url, &node, &chain, &args.seed, flood_args).await
		},
		None => {},
	}

	let start = Instant::now();
	let mut world = world::set_up(&node, &chain, args.count, &args.seed).await?;
	eprintln!("setup: done in {}", since(start));

	let mut figures = Vec::new();
	for workload in args.workloads {
		let start = Instant::now();
		let extrinsics = workload.sign_all(&mut world);
		eprintln!("{}: signed {} in {}", workload.call_name(), extrinsics.len(), since(start));
		let start = Instant::now();
		let result = measure::run(&node, &chain, workload, extrinsics, args.in_flight).await?;
		eprintln!(
			"{}: {} included, {:.0} TPS, measured in {}",
			workload.call_name(),
			result.succeeded,
			result.tps,
			since(start)
		);
		figures.push(result);
	}
	measure::print_table(&figures);
	let shortfall: usize = figures.iter().map(measure::Figures::shortfall).sum();
	if shortfall > 0 {
		return Err(format!("{shortfall} transactions did not succeed: the figures are off").into());
	}
	Ok(())
}
