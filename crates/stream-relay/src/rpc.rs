//! The relay's JSON-RPC methods: `streams_publish`, `streams_fetch`, `streams_head` and the
//! `streams_subscribe` subscription (notifications `streams_message`).

use std::sync::Arc;

use jsonrpsee::{
	core::{async_trait, RpcResult, SubscriptionResult},
	proc_macros::rpc,
	ConnectionId, Extensions, PendingSubscriptionSink, SubscriptionMessage, SubscriptionSink,
};
use msec_stream_crypto::ListingId;
use sp_core::offchain::OffchainStorage;
use tokio::sync::watch;

use crate::{
	wire::{MessagePage, Publication, PublishReceipt, RelayedMessage, StreamHead},
	ChainView, PublishError, Relay, MAX_PAGE,
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
	#[subscription(name = "subscribe" => "message", unsubscribe = "unsubscribe", item = RelayedMessage, with_extensions)]
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
		extensions: &Extensions,
		listing: ListingId,
		from: Option<u64>,
	) -> SubscriptionResult {
		// jsonrpsee's server names each connection; a server that did not could not be capped
		// per connection.
		let slot = extensions.get::<ConnectionId>().map(|id| self.relay.open_subscription(id.0));
		let _slot = match slot.transpose() {
			Ok(slot) => slot,
			Err(error) => {
				pending.reject(error).await;
				return Ok(());
			},
		};
		// Listen before reading, so that nothing appended in between is missed.
		let appends = self.relay.appends(listing);
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
		forward(self.relay.clone(), listing, next, appends, &sink).await
	}
}

/// Sends `listing`'s messages from `next` on to `sink` until the subscriber leaves: what the
/// log holds, then, after each append to the listing, what is new. Reads run on the blocking
/// pool, never on the async threads that serve every connection.
async fn forward<S: OffchainStorage + 'static, C: ChainView>(
	relay: Arc<Relay<S, C>>,
	listing: ListingId,
	mut next: u64,
	mut appends: watch::Receiver<u64>,
	sink: &SubscriptionSink,
) -> SubscriptionResult {
	loop {
		loop {
			let reader = relay.clone();
			let read =
				tokio::task::spawn_blocking(move || reader.read_for_subscription(listing, next))
					.await
					.map_err(|e| e.to_string())?;
			let messages = match read {
				Ok((_, messages)) => messages,
				// The chain could not say whether the listing may be served: ask again at the
				// next append rather than end the subscription.
				Err(PublishError::Unavailable(_)) => break,
				Err(error) => Err::<Vec<_>, _>(error.to_string())?,
			};
			let Some(last) = messages.last() else { break };
			next = last.index.saturating_add(1);
			for logged in messages {
				let message = SubscriptionMessage::from_json(&RelayedMessage::from(logged))?;
				if sink.send(message).await.is_err() {
					return Ok(());
				}
			}
		}
		tokio::select! {
			() = sink.closed() => return Ok(()),
			changed = appends.changed() => if changed.is_err() { return Ok(()) },
		}
	}
}
