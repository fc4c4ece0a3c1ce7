//! The relay's JSON-RPC methods: `streams_publish`, `streams_fetch`, `streams_head` and the
//! `streams_subscribe` subscription (notifications `streams_message`).

use std::sync::Arc;

use jsonrpsee::{
	core::{async_trait, RpcResult, SubscriptionResult},
	proc_macros::rpc,
	PendingSubscriptionSink, SubscriptionMessage, SubscriptionSink,
};
use msec_stream_crypto::ListingId;
use sp_core::offchain::OffchainStorage;
use tokio::sync::broadcast::error::RecvError;

use crate::{
	wire::{MessagePage, Publication, PublishReceipt, RelayedMessage, StreamHead},
	ChainView, Relay, MAX_PAGE,
};

/// The stream relay over JSON-RPC.
#[rpc(server, namespace = "streams")]
pub trait StreamsApi {
	/// Publishes a device-signed sealed message to its listing's stream; answers its index.
	#[method(name = "publish", blocking)]
	fn publish(&self, publication: Publication) -> RpcResult<PublishReceipt>;

	/// Up to `limit` (default and most: 1000) messages of `listing` from index `from` on,
	/// oldest first.
	#[method(name = "fetch", blocking)]
	fn fetch(&self, listing: ListingId, from: u64, limit: Option<u32>) -> RpcResult<MessagePage>;

	/// Where `listing`'s log stands: oldest kept index, next index, last sequence number.
	#[method(name = "head", blocking)]
	fn head(&self, listing: ListingId) -> RpcResult<StreamHead>;

	/// Every message of `listing` from index `from` on (default: only new ones), in order and
	/// without gaps except what retention dropped.
	#[subscription(name = "subscribe" => "message", unsubscribe = "unsubscribe", item = RelayedMessage)]
	async fn subscribe(&self, listing: ListingId, from: Option<u64>) -> SubscriptionResult;
}

/// [`StreamsApiServer`] over a relay.
pub struct Streams<S, C> {
	relay: Arc<Relay<S, C>>,
}

impl<S, C> Streams<S, C> {
	/// The RPC methods of `relay`.
	pub fn new(relay: Arc<Relay<S, C>>) -> Self {
		Self { relay }
	}
}

#[async_trait]
impl<S, C> StreamsApiServer for Streams<S, C>
where
	S: OffchainStorage + 'static,
	C: ChainView,
{
	fn publish(&self, publication: Publication) -> RpcResult<PublishReceipt> {
		let message = publication.sealed_message()?;
		let logged = self.relay.publish(publication.device, message, &publication.signature)?;
		Ok(PublishReceipt { index: logged.index, received_at: logged.received_at })
	}

	fn fetch(&self, listing: ListingId, from: u64, limit: Option<u32>) -> RpcResult<MessagePage> {
		let (head, messages) = self.relay.read(listing, from, limit.unwrap_or(MAX_PAGE))?;
		Ok(MessagePage {
			head: head.into(),
			messages: messages.into_iter().map(RelayedMessage::from).collect(),
		})
	}

	fn head(&self, listing: ListingId) -> RpcResult<StreamHead> {
		Ok(self.relay.head(listing)?.into())
	}

	async fn subscribe(
		&self,
		pending: PendingSubscriptionSink,
		listing: ListingId,
		from: Option<u64>,
	) -> SubscriptionResult {
		// Listen before reading, so that nothing appended in between is missed.
		let appends = self.relay.appends();
		let start = match from {
			Some(index) => Ok(index),
			None => self.relay.head(listing).map(|head| head.next),
		};
		let next = match start {
			Ok(next) => next,
			Err(error) => {
				pending.reject(error).await;
				return Ok(());
			},
		};
		let Ok(sink) = pending.accept().await else { return Ok(()) };
		forward(&self.relay, listing, next, appends, &sink).await
	}
}

/// Sends `listing`'s messages from `next` on to `sink` until the subscriber leaves: what the
/// log holds, then, after each append, what is new. A subscriber too slow for the
/// notification buffer re-reads the log, so it misses nothing the log still keeps.
async fn forward<S: OffchainStorage, C: ChainView>(
	relay: &Relay<S, C>,
	listing: ListingId,
	mut next: u64,
	mut appends: tokio::sync::broadcast::Receiver<ListingId>,
	sink: &SubscriptionSink,
) -> SubscriptionResult {
	loop {
		loop {
			let (_, messages) = relay.read(listing, next, MAX_PAGE).map_err(|e| e.to_string())?;
			let Some(last) = messages.last() else { break };
			next = last.index.saturating_add(1);
			for logged in messages {
				let message = SubscriptionMessage::from_json(&RelayedMessage::from(logged))?;
				if sink.send(message).await.is_err() {
					return Ok(());
				}
			}
		}
		loop {
			tokio::select! {
				() = sink.closed() => return Ok(()),
				received = appends.recv() => match received {
					Ok(appended) if appended == listing => break,
					Ok(_) => continue,
					Err(RecvError::Lagged(_)) => break,
					Err(RecvError::Closed) => return Ok(()),
				},
			}
		}
	}
}
