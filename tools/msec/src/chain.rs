//! The chain side: a subxt client, who signs, and sending a call with progress output until
//! it is in a block, with the pallet's own error when it fails.

use std::{str::FromStr, time::Duration};

use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use subxt::{
	config::DefaultExtrinsicParamsBuilder,
	error::{DispatchError, TransactionEventsError},
	transactions::{Payload, TransactionStatus},
	utils::{AccountId32, H256},
	OnlineClient,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

use crate::runtime::{msec, MsecConfig};

/// A connection to a node: subxt for calls, state and events, plain JSON-RPC for the methods
/// subxt does not cover.
pub struct Client {
	/// The subxt client.
	pub api: OnlineClient<MsecConfig>,
	rpc: WsClient,
}
/// The events of one transaction.
pub type Events = subxt::extrinsics::ExtrinsicEvents<MsecConfig>;

/// Connects to the node at `url`.
pub async fn connect(url: &str) -> Result<Client> {
	let unreachable = || format!("cannot connect to an M-Sec node at {url} (is it running?)");
	let api = OnlineClient::from_url(url).await.with_context(unreachable)?;
	let rpc = WsClientBuilder::default().build(url).await.with_context(unreachable)?;
	Ok(Client { api, rpc })
}

impl Client {
	/// Plain JSON-RPC to the same node (the relay's `streams_*`, for one).
	pub fn rpc(&self) -> &WsClient {
		&self.rpc
	}

	/// The chain at its best block: what a transaction just included already changed.
	pub async fn at_best(&self) -> Result<subxt::OnlineClientAtBlock<MsecConfig>> {
		let best: H256 = self
			.rpc
			.request("chain_getBlockHash", rpc_params![])
			.await
			.context("cannot read the best block")?;
		self.api.at_block(best).await.context("cannot read the chain at its best block")
	}
}

/// Listing `id` at `at` (`None` if it is not open).
pub async fn listing_at(
	at: &subxt::OnlineClientAtBlock<MsecConfig>,
	id: u64,
) -> Result<Option<msec::runtime_types::pallet_marketplace::pallet::Listing>> {
	let Some(stored) = at
		.storage()
		.try_fetch(msec::storage().marketplace().listings(), (id,))
		.await
		.with_context(|| format!("cannot read listing {id}"))?
	else {
		return Ok(None);
	};
	stored.decode().map(Some).context("cannot decode the listing")
}

/// The sr25519 key of a secret URI: a dev account (`//Alice`), or a secret phrase with an
/// optional derivation path.
pub fn signer(suri: &str) -> Result<Keypair> {
	let uri = SecretUri::from_str(suri).map_err(|e| anyhow!("not a secret URI: {e}"))?;
	Keypair::from_uri(&uri).map_err(|e| anyhow!("cannot derive a key from the secret URI: {e}"))
}

/// An account given as an SS58 address or as a secret URI (its public key).
pub fn account(text: &str) -> Result<AccountId32> {
	if let Ok(account) = AccountId32::from_str(text) {
		return Ok(account);
	}
	signer(text)
		.map(|pair| pair.public_key().to_account_id())
		.map_err(|_| anyhow!("{text:?} is neither an SS58 address nor a secret URI"))
}

fn spinner(message: String) -> ProgressBar {
	let bar = ProgressBar::new_spinner().with_message(message);
	bar.set_style(
		ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
			.unwrap_or_else(|_| ProgressStyle::default_spinner()),
	);
	bar.enable_steady_tick(Duration::from_millis(120));
	bar
}

/// Signs `call` (called `what` in messages) as `signer`, submits it and waits until it is in
/// a best block; its events, or the chain's reason for refusing it.
pub async fn send<Call: Payload>(
	client: &Client,
	what: &str,
	call: &Call,
	signer: &Keypair,
) -> Result<Events> {
	let progress = spinner(format!("{what}: signing and submitting"));
	// The pool's next nonce: a transaction sent just before may not be final yet.
	let sender = signer.public_key().to_account_id().to_string();
	let nonce: u64 = client
		.rpc
		.request("system_accountNextIndex", rpc_params![sender])
		.await
		.context("cannot read the signer's next nonce")?;
	let params = DefaultExtrinsicParamsBuilder::<MsecConfig>::new().nonce(nonce).build();
	let at = client.api.at_current_block().await.context("cannot read the chain's head")?;
	let mut transactions = at.transactions();
	let mut watch = transactions
		.sign_and_submit_then_watch(call, signer, params)
		.await
		.with_context(|| format!("{what} was not accepted by the node"))?;
	while let Some(status) = watch.next().await {
		match status.with_context(|| format!("lost track of {what}"))? {
			TransactionStatus::Validated | TransactionStatus::Broadcasted => {
				progress.set_message(format!("{what}: in the pool, waiting for a block"));
			},
			TransactionStatus::NoLongerInBestBlock => {
				progress.set_message(format!("{what}: its block was retracted, waiting again"));
			},
			TransactionStatus::InBestBlock(in_block)
			| TransactionStatus::InFinalizedBlock(in_block) => {
				let events = in_block.wait_for_success().await;
				progress.finish_and_clear();
				let events =
					events.map_err(|error| anyhow!("{what} failed: {}", explain(&error)))?;
				eprintln!("✓ {what} in block {:?}", in_block.block_hash());
				return Ok(events);
			},
			TransactionStatus::Error { message }
			| TransactionStatus::Invalid { message }
			| TransactionStatus::Dropped { message } => {
				progress.finish_and_clear();
				bail!("{what} was refused: {message}");
			},
		}
	}
	progress.finish_and_clear();
	bail!("the node stopped reporting on {what}")
}

/// A failed transaction's reason: the pallet's error with its documentation.
fn explain(error: &TransactionEventsError) -> String {
	if let TransactionEventsError::ExtrinsicFailed(DispatchError::Module(module)) = error {
		if let Ok(details) = module.details() {
			let docs = details.variant.docs.join(" ");
			return format!("{}::{}: {}", details.pallet.name(), details.variant.name, docs.trim());
		}
	}
	error.to_string()
}

/// The first event of type `E` in `events`, or an error naming what was expected.
pub fn event<E: subxt::events::DecodeAsEvent>(events: &Events, name: &str) -> Result<E> {
	events
		.find_first::<E>()
		.ok_or_else(|| anyhow!("no {name} event"))?
		.map_err(|e| anyhow!("cannot decode {name}: {e}"))
}
