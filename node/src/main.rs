//! `msec-node`: the M-Sec chain node (Aura + GRANDPA, RocksDB, JSON-RPC).

mod anonymization_requests;
mod anonymizer;
mod at_rest;
mod at_rest_migration;
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod content_keys;
mod device_keys;
mod erasure;
mod relay;
mod rpc;
mod service;
mod workers;

fn main() -> sc_cli::Result<()> {
	command::run()
}
