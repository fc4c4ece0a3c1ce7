//! The few JSON-RPC methods the load generator needs, over one WebSocket connection. Values are
//! decoded with the runtime's own types: the tool is built from the same workspace as the node.

use std::time::Duration;

use codec::Decode;
use frame_support::dispatch::DispatchClass;
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use msec_runtime::{AccountId, Hash, Nonce, RuntimeEvent};
use serde_json::Value;
use sp_core::storage::StorageKey;
use sp_io::hashing::blake2_256;

/// What went wrong talking to the node.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// An event of a block with the phase it was emitted in.
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

/// A connection to a node.
pub struct Node {
	client: WsClient,
}

/// A block as the load generator looks at it.
pub struct Block {
	/// Hash of each extrinsic, as `author_submitExtrinsic` returned it, in block order.
	pub extrinsics: Vec<Hash>,
	/// Its events.
	pub events: Vec<EventRecord>,
	/// `Timestamp::Now` as set in the block (Unix ms).
	pub timestamp_ms: u64,
	/// Reference time of the weight normal extrinsics used.
	pub normal_ref_time: u64,
}

impl Node {
	/// Connects to the node's WebSocket JSON-RPC endpoint at `url`.
	pub async fn connect(url: &str) -> Result<Self, Error> {
		let client = WsClientBuilder::default()
			.max_concurrent_requests(4096)
			.request_timeout(Duration::from_secs(120))
			.max_buffer_capacity_per_subscription(4096)
			.build(url)
			.await
			.map_err(|e| format!("cannot connect to {url}: {e}"))?;
		Ok(Self { client })
	}

	/// The genesis hash, which every signed transaction commits to.
	pub async fn genesis_hash(&self) -> Result<Hash, Error> {
		self.block_hash(0).await?.ok_or_else(|| "the node has no genesis block".into())
	}

	/// The hash of block `number` of the best chain.
	pub async fn block_hash(&self, number: u32) -> Result<Option<Hash>, Error> {
		let hash: Option<String> =
			self.client.request("chain_getBlockHash", rpc_params![number]).await?;
		hash.map(|hash| decode_hex(&hash)).transpose()
	}

	/// The next nonce of `account`, counting the transactions in the pool.
	pub async fn next_nonce(&self, account: &AccountId) -> Result<Nonce, Error> {
		Ok(self.client.request("system_accountNextIndex", rpc_params![account.to_string()]).await?)
	}

	/// Hands a signed extrinsic to the pool; its hash.
	pub async fn submit(&self, extrinsic: &[u8]) -> Result<Hash, Error> {
		let hash: String = self
			.client
			.request("author_submitExtrinsic", rpc_params![hex_of(extrinsic)])
			.await?;
		decode_hex(&hash)
	}

	/// Block numbers as new best blocks arrive.
	pub async fn best_heads(&self) -> Result<Subscription<Value>, Error> {
		Ok(self
			.client
			.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
			.await?)
	}

	/// Block numbers as blocks are finalized.
	pub async fn finalized_heads(&self) -> Result<Subscription<Value>, Error> {
		Ok(self
			.client
			.subscribe(
				"chain_subscribeFinalizedHeads",
				rpc_params![],
				"chain_unsubscribeFinalizedHeads",
			)
			.await?)
	}

	/// Block `hash` with its events, timestamp and weight.
	pub async fn block(&self, hash: Hash) -> Result<Block, Error> {
		let signed: Value = self.client.request("chain_getBlock", rpc_params![hash]).await?;
		let block = &signed["block"];
		let extrinsics = block["extrinsics"]
			.as_array()
			.ok_or("a block without extrinsics")?
			.iter()
			.map(|extrinsic| {
				let text = extrinsic.as_str().ok_or("an extrinsic that is not hex")?;
				let bytes = hex::decode(text.trim_start_matches("0x"))?;
				Ok(Hash::from(blake2_256(&bytes)))
			})
			.collect::<Result<_, Error>>()?;
		let events = self
			// `frame_system::Events` is private to the pallet; its key is not.
			.storage(frame_support::storage::storage_prefix(b"System", b"Events"), hash)
			.await?
			.unwrap_or_default();
		let timestamp_ms = self
			.storage(pallet_timestamp::Now::<msec_runtime::Runtime>::hashed_key(), hash)
			.await?
			.unwrap_or_default();
		let weight: Option<frame_system::ConsumedWeight> = self
			.storage(frame_system::BlockWeight::<msec_runtime::Runtime>::hashed_key(), hash)
			.await?;
		let normal_ref_time =
			weight.map(|w| w.get(DispatchClass::Normal).ref_time()).unwrap_or_default();
		Ok(Block { extrinsics, events, timestamp_ms, normal_ref_time })
	}

	/// The value at `key` in the state of block `at`, decoded.
	pub async fn storage<T: Decode>(
		&self,
		key: impl AsRef<[u8]>,
		at: Hash,
	) -> Result<Option<T>, Error> {
		let key = StorageKey(key.as_ref().to_vec());
		let value: Option<String> =
			self.client.request("state_getStorage", rpc_params![key, at]).await?;
		value.map(|value| decode_hex(&value)).transpose()
	}
}

/// The number in a JSON header.
pub fn header_number(header: &Value) -> Result<u32, Error> {
	let number = header["number"].as_str().ok_or("a header without a number")?;
	Ok(u32::from_str_radix(number.trim_start_matches("0x"), 16)?)
}

fn hex_of(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Decodes a `0x` hex string into `T`'s SCALE encoding.
fn decode_hex<T: Decode>(text: &str) -> Result<T, Error> {
	let bytes = hex::decode(text.trim_start_matches("0x"))?;
	Ok(T::decode(&mut &bytes[..])?)
}
