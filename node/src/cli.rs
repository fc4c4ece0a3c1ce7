//! Command line: `msec-node [SUBCOMMAND] [RUN OPTIONS]`.

/// The M-Sec chain node.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// What to do instead of running the node.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options for running the node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Options of the stream relay.
	#[clap(flatten)]
	pub relay: crate::relay::RelayParams,
}

/// Everything `msec-node` can do besides running a node.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys, generate node keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (kept for tools that still call it; prefer
	/// `export-chain-spec`).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification (plain or `--raw`).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks to a file.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks from a file.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database column information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmarks: machine, blocks, overhead, extrinsics; pallets and storage in a node built
	/// with `--features runtime-benchmarks`.
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
