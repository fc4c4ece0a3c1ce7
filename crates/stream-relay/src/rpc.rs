//! The relay's JSON-RPC methods: `streams_publish`, `streams_publishBatch`, `streams_fetch`,
//! `streams_head` and the `streams_subscribe` subscription (notifications `streams_message`).
//!
//! Publications and reads run on the relay's threads, never on the async threads that serve
//! every connection, and take turns between connections ([`Admission`]).

use std::{num::NonZeroU32, sync::Arc};

use jsonrpsee::{
	core::{async_trait, RpcResult, SubscriptionResult},
	proc_macros::rpc,
	ConnectionId, Extensions, PendingSubscriptionSink, SubscriptionMessage, SubscriptionSink,
};
use msec_stream_crypto::ListingId;
use sp_core::offchain::OffchainStorage;
use tokio::sync::watch;

use crate::{
	admission::{tokio_spawner, Admission, Spawner},
	wire::{MessagePage, Publication, PublishOutcome, PublishReceipt, RelayedMessage, StreamHead},
	ChainView, PublishError, Relay, MAX_PAGE,
};

/// Most publications one `streams_publishBatch` carries: a batch holds its connection's turn
/// while it is checked, so that other connections wait for a few milliseconds at most.
pub const MAX_PUBLISH_BATCH: usize = 256;

/// The stream relay over JSON-RPC.
#[rpc(server, namespace = "streams")]
pub trait StreamsApi {
	/// Publishes a device-signed sealed message to its listing's stream; answers its index.
	#[method(name = "publish", with_extensions)]
	async fn publish(&self, publication: Publication) -> RpcResult<PublishReceipt>;

	/// Publishes up to [`MAX_PUBLISH_BATCH`] device-signed sealed messages (of one device or
	/// several, to one listing or several: a gateway's) in order, each as `streams_publish`
	/// would; answers, for each, its index or why it was refused. Their signatures are
	/// checked together, at about half the cost.
	#[method(name = "publishBatch", with_extensions)]
	async fn publish_batch(&self, publications: Vec<Publication>) -> RpcResult<Vec<PublishOutcome>>;

	/// Up to `limit` (default and most: 1000) messages of `listing` from index `from` on,
	/// oldest first.
	#[method(name = "fetch", with_extensions)]
	async fn fetch(
		&self,
		listing: ListingId,
		from: u64,
		limit: Option<u32>,
	) -> RpcResult<MessagePage>;

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
	admission: Admission,
}

impl<S: OffchainStorage, C: ChainView> Streams<S, C> {
	/// The RPC methods of `relay`, working on as many requests at a time as the node may use
	/// cores.
	pub fn new(relay: Arc<Relay<S, C>>) -> Self {
		Self::with_spawner(relay, tokio_spawner())
	}

	/// The RPC methods of `relay`, whose work runs on threads `spawner` starts.
	pub fn with_spawner(relay: Arc<Relay<S, C>>, spawner: Spawner) -> Self {
		let cores = std::thread::available_parallelism().map_or(1, usize::from);
		let admission = Admission::new(cores, relay.config().connection_rate, spawner);
		Self { relay, admission }
	}
}

impl<S: OffchainStorage + 'static, C: ChainView> Streams<S, C> {
	/// Runs `work`, which checks `messages` messages, on a relay thread in the turn of the
	/// connection `extensions` name.
	async fn in_turn<T: Send + 'static>(
		&self,
		extensions: &Extensions,
		messages: NonZeroU32,
		work: impl FnOnce(&Relay<S, C>) -> Result<T, PublishError> + Send + 'static,
	) -> Result<T, PublishError> {
		let connection = extensions.get::<ConnectionId>().map(|id| id.0);
		let relay = self.relay.clone();
		self.admission.run(connection, messages, move || work(&relay)).await
	}
}

#[async_trait]
impl<S, C> StreamsApiServer for Streams<S, C>
where
	S: OffchainStorage + 'static,
	C: ChainView,
{
	async fn publish(
		&self,
		extensions: &Extensions,
		publication: Publication,
	) -> RpcResult<PublishReceipt> {
		let message = publication.sealed_message()?;
		let logged = self
			.in_turn(extensions, NonZeroU32::MIN, move |relay| {
				relay.publish(publication.device, message, &publication.signature)
			})
			.await?;
		Ok(PublishReceipt::from(&logged))
	}

	async fn publish_batch(
		&self,
		extensions: &Extensions,
		publications: Vec<Publication>,
	) -> RpcResult<Vec<PublishOutcome>> {
		let count = publications.len();
		if count > MAX_PUBLISH_BATCH {
			return Err(PublishError::BatchTooLarge { count, max: MAX_PUBLISH_BATCH }.into());
		}
		// Each publication counts against the connection's rate, as if sent alone.
		let Some(messages) = u32::try_from(count).ok().and_then(NonZeroU32::new) else {
			return Ok(Vec::new());
		};
		let publications = publications
			.into_iter()
			.map(|publication| {
				let message = publication.sealed_message();
				(publication.device, message, publication.signature.0)
			})
			.collect();
		let published =
			self.in_turn(extensions, messages, move |relay| Ok(relay.publish_batch(publications)))
				.await?;
		Ok(published.into_iter().map(PublishOutcome::from).collect())
	}

	async fn fetch(
		&self,
		extensions: &Extensions,
		listing: ListingId,
		from: u64,
		limit: Option<u32>,
	) -> RpcResult<MessagePage> {
		let limit = limit.unwrap_or(MAX_PAGE);
		let (head, messages) =
			self.in_turn(extensions, NonZeroU32::MIN, move |relay| relay.read(listing, from, limit))
				.await?;
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
