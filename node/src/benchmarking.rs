//! `msec-node benchmark ...`: the subcommands and the transactions the `overhead` and
//! `extrinsic` benchmarks submit. `pallet` and `storage` need a node built with
//! `--features runtime-benchmarks`.

use frame_benchmarking_cli::{
	BenchmarkCmd, ExtrinsicBuilder, ExtrinsicFactory, SUBSTRATE_REFERENCE_HARDWARE,
};
use msec_runtime::{
	constants::currency::EXISTENTIAL_DEPOSIT, opaque::Block, signing::sign_call, AccountId,
	BalancesCall, Hash, SystemCall,
};
use sc_cli::SubstrateCli;
use sc_client_api::BlockBackend;
use sc_service::PartialComponents;
use sp_core::Encode;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::OpaqueExtrinsic;

use crate::{cli::Cli, service, service::FullClient};

const NEEDS_BENCHMARKS_FEATURE: &str = "this benchmark needs a node built with the runtime's \
	benchmarks: cargo build --release --features runtime-benchmarks -p msec-node";

/// Runs a `benchmark` subcommand.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => {
			if !cfg!(feature = "runtime-benchmarks") {
				return Err(NEEDS_BENCHMARKS_FEATURE.into());
			}
			cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(config.chain_spec))
		},
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		},
		#[cfg(not(feature = "runtime-benchmarks"))]
		BenchmarkCmd::Storage(_) => Err(NEEDS_BENCHMARKS_FEATURE.into()),
		#[cfg(feature = "runtime-benchmarks")]
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_cache)
		},
		BenchmarkCmd::Overhead(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let ext_builder = RemarkBuilder { genesis_hash: genesis_hash(&client)? };
			cmd.run(
				config.chain_spec.name().into(),
				client,
				inherent_benchmark_data()?,
				Vec::new(),
				&ext_builder,
				false,
			)
		},
		BenchmarkCmd::Extrinsic(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let genesis_hash = genesis_hash(&client)?;
			let ext_factory = ExtrinsicFactory(vec![
				Box::new(RemarkBuilder { genesis_hash }),
				Box::new(TransferKeepAliveBuilder {
					genesis_hash,
					dest: Sr25519Keyring::Bob.to_account_id(),
					value: EXISTENTIAL_DEPOSIT,
				}),
			]);
			cmd.run(client, inherent_benchmark_data()?, Vec::new(), &ext_factory)
		},
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
	})
}

/// The genesis hash of the chain `client` holds, which every signed transaction commits to.
fn genesis_hash(client: &FullClient) -> sc_cli::Result<Hash> {
	Ok(client.block_hash(0)?.ok_or("the database has no genesis block")?)
}

/// Signs `call` as Alice on the chain with `genesis_hash`.
fn alice_signed(
	genesis_hash: Hash,
	call: msec_runtime::RuntimeCall,
	nonce: u32,
) -> Result<OpaqueExtrinsic, &'static str> {
	let extrinsic = sign_call(call, &Sr25519Keyring::Alice.pair(), nonce, genesis_hash);
	OpaqueExtrinsic::try_from_encoded_extrinsic(&extrinsic.encode())
		.map_err(|_| "extrinsic does not decode")
}

/// Builds `System::remark` transactions for the `overhead` benchmark.
pub struct RemarkBuilder {
	genesis_hash: Hash,
}

impl ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		alice_signed(self.genesis_hash, SystemCall::remark { remark: vec![] }.into(), nonce)
	}
}

/// Builds `Balances::transfer_keep_alive` transactions for the `extrinsic` benchmark.
pub struct TransferKeepAliveBuilder {
	genesis_hash: Hash,
	dest: AccountId,
	value: msec_runtime::Balance,
}

impl ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let call =
			BalancesCall::transfer_keep_alive { dest: self.dest.clone().into(), value: self.value };
		alice_signed(self.genesis_hash, call.into(), nonce)
	}
}

/// Inherent data for benchmark blocks: just a timestamp.
fn inherent_benchmark_data() -> sc_cli::Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(sp_timestamp::Timestamp::new(0));
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating inherent data: {e:?}"))?;
	Ok(inherent_data)
}
