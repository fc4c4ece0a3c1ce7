//! Test harness: a `msec-node` process on free local ports that is always stopped, and a
//! JSON-RPC client with waits that fail instead of hanging.

#![allow(dead_code)]

use std::{
	fs::File,
	net::TcpListener,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use jsonrpsee::{
	core::{
		client::{ClientT, Subscription, SubscriptionClientT},
		params::ArrayParams,
	},
	ws_client::{WsClient, WsClientBuilder},
};
use msec_runtime::Hash;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// How long any single wait (start-up, a block, inclusion) may take before the test fails.
pub const WAIT_LIMIT: Duration = Duration::from_secs(120);
const POLL_INTERVAL: Duration = Duration::from_millis(500);

pub mod chain;
pub mod invariants;
pub mod network;
pub mod streams;

/// A running `msec-node`. Dropping it stops the process (SIGTERM, then SIGKILL), so no node
/// outlives its test, also when the test fails.
pub struct NodeProcess {
	child: Child,
	/// What the test calls this node, for messages.
	pub name: String,
	/// Where the node's output goes; printed when a test fails.
	pub log_path: PathBuf,
	/// The node's JSON-RPC port on 127.0.0.1.
	pub rpc_port: u16,
}

impl NodeProcess {
	/// Starts `msec-node --dev --tmp` on free ports, listening on 127.0.0.1 only.
	pub fn start_dev() -> Self {
		let p2p_port = free_port();
		Self::start("dev", p2p_port, ["--dev", "--tmp"].map(String::from).to_vec())
	}

	/// Starts `msec-node` with `args`, JSON-RPC on a free port and libp2p on `p2p_port`, both
	/// on 127.0.0.1 only, without telemetry, Prometheus or mDNS.
	pub fn start(name: &str, p2p_port: u16, args: Vec<String>) -> Self {
		let rpc_port = free_port();
		let rpc_args = vec!["--rpc-port".into(), rpc_port.to_string()];
		Self::start_with_rpc(name, p2p_port, args, rpc_port, rpc_args)
	}

	/// Starts `msec-node` with `args` and the JSON-RPC options `rpc_args`, which open
	/// `rpc_port` on 127.0.0.1 (the port the test's client uses), libp2p on `p2p_port`.
	pub fn start_with_rpc(
		name: &str,
		p2p_port: u16,
		args: Vec<String>,
		rpc_port: u16,
		rpc_args: Vec<String>,
	) -> Self {
		let log_path = std::env::temp_dir()
			.join(format!("msec-node-test-{}-{name}-{rpc_port}.log", std::process::id()));
		let log = File::create(&log_path).expect("create node log file");
		let child = Command::new(env!("CARGO_BIN_EXE_msec-node"))
			.args(args)
			.args(["--no-telemetry", "--no-prometheus", "--no-mdns"])
			.args(rpc_args)
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.stdin(Stdio::null())
			.stdout(log.try_clone().expect("clone log file handle"))
			.stderr(log)
			.spawn()
			.expect("start msec-node");
		Self { child, name: name.to_string(), log_path, rpc_port }
	}

	/// Kills the process at once (SIGKILL), as a crash or power loss would.
	pub fn crash(mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
		let _ = std::fs::remove_file(&self.log_path);
	}

	/// Fails the test (with the node's log) if the process has exited.
	pub fn assert_running(&mut self) {
		if let Ok(Some(status)) = self.child.try_wait() {
			panic!("msec-node {} exited with {status}:\n{}", self.name, self.log_tail());
		}
	}

	/// The last lines the node wrote.
	pub fn log_tail(&self) -> String {
		let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(80)..].join("\n")
	}
}

impl Drop for NodeProcess {
	fn drop(&mut self) {
		// SIGTERM first, so the node deletes its `--tmp` database.
		if let Ok(None) = self.child.try_wait() {
			let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
		}
		let deadline = Instant::now() + Duration::from_secs(20);
		while Instant::now() < deadline {
			if let Ok(Some(_)) = self.child.try_wait() {
				break;
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let _ = self.child.kill();
		let _ = self.child.wait();
		if std::thread::panicking() {
			eprintln!(
				"--- msec-node {} log ({}) ---\n{}",
				self.name,
				self.log_path.display(),
				self.log_tail()
			);
		} else {
			let _ = std::fs::remove_file(&self.log_path);
		}
	}
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|addr| addr.port())
		.expect("bind an ephemeral port")
}

/// A JSON-RPC connection to a test node.
pub struct RpcClient {
	client: WsClient,
}

impl RpcClient {
	/// Connects to `node`, retrying while it starts.
	pub async fn connect(node: &NodeProcess) -> Self {
		Self::connect_to_port(node, node.rpc_port).await
	}

	/// Connects to `node`'s JSON-RPC endpoint on 127.0.0.1:`port`, retrying while it starts.
	pub async fn connect_to_port(node: &NodeProcess, port: u16) -> Self {
		let url = format!("ws://127.0.0.1:{port}");
		let started = Instant::now();
		loop {
			match WsClientBuilder::default().build(&url).await {
				Ok(client) => return Self { client },
				Err(error) if started.elapsed() > WAIT_LIMIT => panic!(
					"no JSON-RPC at {url} after {WAIT_LIMIT:?}: {error}\n{}",
					node.log_tail()
				),
				Err(_) => tokio::time::sleep(POLL_INTERVAL).await,
			}
		}
	}

	/// Calls `method` and decodes its result; fails the test on an RPC error.
	pub async fn request<T: DeserializeOwned>(&self, method: &str, params: Vec<Value>) -> T {
		let mut array = ArrayParams::new();
		for param in params {
			array.insert(param).expect("JSON values serialize");
		}
		self.client
			.request(method, array)
			.await
			.unwrap_or_else(|error| panic!("{method} failed: {error}"))
	}

	/// Calls `method`; its result or its JSON-RPC error.
	pub async fn try_request<T: DeserializeOwned>(
		&self,
		method: &str,
		params: Vec<Value>,
	) -> Result<T, jsonrpsee::core::ClientError> {
		let mut array = ArrayParams::new();
		for param in params {
			array.insert(param).expect("JSON values serialize");
		}
		self.client.request(method, array).await
	}

	/// Subscribes with `method` (unsubscribing with `unsubscribe`).
	pub async fn subscribe<T: DeserializeOwned>(
		&self,
		method: &str,
		params: Vec<Value>,
		unsubscribe: &str,
	) -> Subscription<T> {
		let mut array = ArrayParams::new();
		for param in params {
			array.insert(param).expect("JSON values serialize");
		}
		self.client
			.subscribe(method, array, unsubscribe)
			.await
			.unwrap_or_else(|error| panic!("{method} failed: {error}"))
	}

	/// The number of the header with `hash`, or of the best block for `None`.
	pub async fn block_number(&self, hash: Option<Hash>) -> u32 {
		let params = hash.map(|h| vec![serde_json::to_value(h).expect("hash serializes")]);
		let header: Value = self.request("chain_getHeader", params.unwrap_or_default()).await;
		let number = header["number"].as_str().expect("header has a number");
		u32::from_str_radix(number.trim_start_matches("0x"), 16).expect("number is hex")
	}

	/// The number of the finalized block.
	pub async fn finalized_number(&self) -> u32 {
		let head: Hash = self.request("chain_getFinalizedHead", vec![]).await;
		self.block_number(Some(head)).await
	}

	/// Waits until the best block is at least `number`.
	pub async fn wait_for_best_block(&self, node: &NodeProcess, number: u32) {
		self.wait_until(node, &format!("best block #{number}"), WAIT_LIMIT, || async {
			self.block_number(None).await >= number
		})
		.await
	}

	/// Waits until the finalized block is at least `number`.
	pub async fn wait_for_finalized_block(&self, node: &NodeProcess, number: u32) {
		self.wait_until(node, &format!("finalized block #{number}"), WAIT_LIMIT, || async {
			self.finalized_number().await >= number
		})
		.await
	}

	/// Waits until `done` holds, polling; fails the test after `limit` with `node`'s log.
	pub async fn wait_until<F, Fut>(
		&self,
		node: &NodeProcess,
		what: &str,
		limit: Duration,
		mut done: F,
	) where
		F: FnMut() -> Fut,
		Fut: std::future::Future<Output = bool>,
	{
		let started = Instant::now();
		while !done().await {
			if started.elapsed() > limit {
				panic!("no {what} after {limit:?} on {}:\n{}", node.name, node.log_tail());
			}
			tokio::time::sleep(POLL_INTERVAL).await;
		}
	}

	/// Submits the SCALE-encoded `extrinsic` and returns the hash of the block it lands in.
	pub async fn submit_and_wait_in_block(&self, node: &NodeProcess, extrinsic: &[u8]) -> Hash {
		self.try_submit_and_wait_in_block(node, extrinsic)
			.await
			.unwrap_or_else(|failure| panic!("{failure}"))
	}

	/// As [`Self::submit_and_wait_in_block`], or why the pool refused or dropped the extrinsic.
	pub async fn try_submit_and_wait_in_block(
		&self,
		node: &NodeProcess,
		extrinsic: &[u8],
	) -> Result<Hash, String> {
		let mut params = ArrayParams::new();
		params
			.insert(format!("0x{}", hex::encode(extrinsic)))
			.expect("hex string serializes");
		let mut status: Subscription<Value> = self
			.client
			.subscribe("author_submitAndWatchExtrinsic", params, "author_unwatchExtrinsic")
			.await
			.map_err(|error| format!("the pool rejected the transaction: {error}"))?;
		let in_block = async {
			while let Some(update) = status.next().await {
				let update = update.expect("status update decodes");
				if let Some(hash) = update.get("inBlock") {
					return Ok(serde_json::from_value::<Hash>(hash.clone()).expect("block hash"));
				}
				if ["invalid", "dropped", "usurped"]
					.iter()
					.any(|s| update.get(s).is_some() || update.as_str() == Some(*s))
				{
					return Err(format!("transaction failed: {update}"));
				}
			}
			Err("the status subscription ended before inclusion".to_string())
		};
		match tokio::time::timeout(WAIT_LIMIT, in_block).await {
			Ok(outcome) => outcome,
			Err(_) => panic!("transaction not included after {WAIT_LIMIT:?}:\n{}", node.log_tail()),
		}
	}

	/// The raw SCALE bytes of the plain storage item `item` of `pallet` at block `at` (the best
	/// block for `None`), if it is set.
	pub async fn storage_value(
		&self,
		pallet: &str,
		item: &str,
		at: Option<Hash>,
	) -> Option<Vec<u8>> {
		self.storage_entry(pallet, item, &[], at).await
	}

	/// The raw SCALE bytes of the entry of storage map `item` of `pallet` under `hashed_key`
	/// (the map's hasher applied to the encoded key) at block `at` (the best block for
	/// `None`), if it is set.
	pub async fn storage_entry(
		&self,
		pallet: &str,
		item: &str,
		hashed_key: &[u8],
		at: Option<Hash>,
	) -> Option<Vec<u8>> {
		let key = [
			&sp_io::hashing::twox_128(pallet.as_bytes())[..],
			&sp_io::hashing::twox_128(item.as_bytes()),
			hashed_key,
		]
		.concat();
		let mut params = vec![format!("0x{}", hex::encode(key)).into()];
		params.extend(at.map(|hash| serde_json::to_value(hash).expect("hash serializes")));
		let value: Option<String> = self.request("state_getStorage", params).await;
		value
			.map(|value| hex::decode(value.trim_start_matches("0x")).expect("storage value is hex"))
	}

	/// The raw SCALE bytes of `System.Events` at block `hash`.
	pub async fn events_at(&self, hash: Hash) -> Vec<u8> {
		self.storage_value("System", "Events", Some(hash))
			.await
			.expect("System.Events is set in a block with a transaction")
	}
}
