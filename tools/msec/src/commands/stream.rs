//! `msec stream publish` (as a device: seal with the provider's current content key, sign,
//! publish) and `msec stream subscribe` (as a buyer: follow the relay, unwrap the delivered
//! keys, open each message).

use std::{collections::BTreeMap, io::BufRead, path::Path, time::Duration};

use anyhow::{anyhow, bail, Context, Result};
use codec::{Decode, Encode};
use indicatif::{ProgressBar, ProgressStyle};
use jsonrpsee::{
	core::{
		client::{ClientT, SubscriptionClientT},
		ClientError,
	},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use msec_primitives::{DeviceKey, DeviceSignature};
use msec_stream_crypto::{
	device_encryption_secret, open, publication_payload, seal, unwrap_for_device, ContentKey,
	DeviceKeypair, GenesisHash, KeyEpoch, StreamPosition, WrappedKey,
};
use msec_stream_relay::{
	audit::{Authenticity, ExpectedSource, StreamAudit},
	wire::{Publication, PublishReceipt, RelayedMessage, StreamHead},
};
use serde_json::Value;
use sp_core::{ed25519, sr25519, Bytes, Pair, H256};

use crate::{
	buyer_key,
	chain::{self, Client},
	commands::purchase::{delivered_keys, wait_for_delivery},
	random::rng,
	runtime::msec::{self, runtime_types::msec_primitives::device_key::DeviceKey as OnChainKey},
};

async fn relay(url: &str) -> Result<WsClient> {
	WsClientBuilder::default()
		.build(url)
		.await
		.with_context(|| format!("cannot connect to the relay at {url}"))
}

/// A JSON-RPC refusal as a readable error.
pub fn refused(method: &str, error: ClientError) -> anyhow::Error {
	match error {
		ClientError::Call(error) => {
			anyhow!("{method} refused (code {}): {}", error.code(), error.message())
		},
		other => anyhow!("{method} failed: {other}"),
	}
}

/// The X25519 key pair a device derives from its ed25519 key, for which its provider's node
/// wraps its listing's content key (`msec device register` registers its public half).
pub fn device_encryption_keypair(device: &ed25519::Pair) -> Result<DeviceKeypair> {
	DeviceKeypair::from_secret_bytes(&device_encryption_secret(&device.seed()))
		.map_err(|e| anyhow!("cannot derive the device's X25519 key: {e:?}"))
}

/// Where a device gets its listing's content key and checks it.
#[derive(Clone, Copy)]
struct KeySource<'a> {
	/// The chain the device trusts (`--url`).
	chain: &'a Client,
	/// The provider's node, which wraps the key.
	provider: &'a WsClient,
	listing: u64,
	device: u64,
	keypair: &'a DeviceKeypair,
}

impl KeySource<'_> {
	/// The listing's current content key, from the provider's node over safe RPC, wrapped for the
	/// device's X25519 key, and checked against the listing's commitment on the chain at `chain`:
	/// HPKE does not say who wrapped a key, so a node or a man in the middle could otherwise hand
	/// the device a key of its own and read what it seals. A key one epoch ahead of the chain's
	/// (rotated, its `rekey` not yet in a block) is checked once the `rekey` lands.
	async fn current(&self) -> Result<ContentKey> {
		let KeySource { chain, provider, listing, device, keypair } = *self;
		const METHOD: &str = "streams_deviceContentKey";
		let reply: Value =
			provider.request(METHOD, rpc_params![listing]).await.map_err(|e| refused(METHOD, e))?;
		if reply["device"].as_u64() != Some(device) {
			bail!("listing {listing} is device {}'s, not device {device}'s", reply["device"]);
		}
		let wrapped: Bytes = serde_json::from_value(reply["wrappedKey"].clone())
			.map_err(|e| anyhow!("{METHOD} answered without a wrapped key: {e}"))?;
		let wrapped = WrappedKey::decode(&mut wrapped.0.as_slice())
			.map_err(|e| anyhow!("{METHOD} answered a malformed wrapped key: {e}"))?;
		let key = unwrap_for_device(keypair, listing, device, &wrapped).map_err(|e| {
			anyhow!(
				"the key does not open with the device's X25519 key ({e:?}): is the key registered \
				 on chain (Registry.set_device_encryption_key, which msec device register calls) \
				 the one this device key derives?"
			)
		})?;
		for _ in 0..KEY_CHECK_ATTEMPTS {
			let at = chain.at_best().await?;
			let record = chain::listing_at(&at, listing)
				.await?
				.ok_or_else(|| anyhow!("listing {listing} is not open"))?;
			let committed = record.key.as_ref().map(|key| (key.epoch, key.commitment));
			match committed {
				Some((epoch, commitment)) if epoch == key.epoch() => {
					if commitment.0 != key.commitment(listing) {
						bail!(
							"the key of epoch {epoch} that {METHOD} handed is not the one listing \
							 {listing} commits to on chain: not sealing with it"
						);
					}
					return Ok(key);
				},
				// Its `rekey` (the listing's first, or after a rotation) is on its way.
				None => tokio::time::sleep(Duration::from_secs(2)).await,
				Some((epoch, _)) if epoch.saturating_add(1) == key.epoch() => {
					tokio::time::sleep(Duration::from_secs(2)).await;
				},
				_ => bail!(
					"{METHOD} handed a key of epoch {} that listing {listing} does not commit to on \
					 chain ({committed:?})",
					key.epoch()
				),
			}
		}
		bail!("the chain did not record key epoch {} of listing {listing} in time", key.epoch())
	}
}

/// How often a device checks for the `rekey` of a key one epoch ahead, two seconds apart.
const KEY_CHECK_ATTEMPTS: u32 = 30;

/// The relay's error code for a message sealed under an older key epoch than the listing's.
const STALE_KEY_EPOCH: i32 = 4016;

/// Seals and signs readings as a device.
struct Sealer<'a> {
	genesis: GenesisHash,
	device: &'a ed25519::Pair,
	id: u64,
	listing: u64,
}

impl Sealer<'_> {
	/// `reading` sealed under `key` at `sequence` and signed, as `streams_publish` takes it.
	fn publication(
		&self,
		key: &ContentKey,
		sequence: u64,
		reading: &[u8],
		rng: &mut chacha20::ChaCha20Rng,
	) -> Result<Publication> {
		let position = StreamPosition { listing: self.listing, key_epoch: key.epoch(), sequence };
		let sealed = seal(key, position, reading, rng).map_err(|e| anyhow!("cannot seal: {e:?}"))?;
		let payload = publication_payload(&self.genesis, self.id, &sealed);
		let signature = DeviceSignature::Ed25519(self.device.sign(&payload));
		Ok(Publication {
			device: self.id,
			listing: self.listing,
			key_epoch: key.epoch(),
			sequence,
			nonce: Bytes(sealed.nonce.to_vec()),
			ciphertext: Bytes(sealed.ciphertext.clone()),
			signature: Bytes(signature.encode()),
		})
	}
}

/// What `stream publish` needs.
pub struct Publisher<'a> {
	/// The relay to publish to.
	pub relay_url: &'a str,
	/// The provider's node, which wraps the content key for the device (often the same node).
	pub provider_url: &'a str,
	/// The publishing device's id and ed25519 secret URI.
	pub device: u64,
	/// The device's key.
	pub device_key: &'a str,
	/// The listing whose stream it is.
	pub listing: u64,
}

/// Publishes each of `readings` (or each line of standard input if empty) as the device;
/// prints each message's index in the log.
pub async fn publish(publisher: Publisher<'_>, readings: Vec<String>) -> Result<()> {
	let device = ed25519::Pair::from_string(publisher.device_key, None)
		.map_err(|e| anyhow!("cannot derive the device's ed25519 key: {e:?}"))?;
	let keypair = device_encryption_keypair(&device)?;
	// Keys are checked against the chain at --url, which the device trusts for the chain.
	let chain = chain::connect(publisher.relay_url).await?;
	let relay = relay(publisher.relay_url).await?;
	let provider = if publisher.provider_url == publisher.relay_url {
		None
	} else {
		Some(self::relay(publisher.provider_url).await?)
	};
	let head: StreamHead = relay
		.request("streams_head", rpc_params![publisher.listing])
		.await
		.map_err(|e| refused("streams_head", e))?;
	// The signature names the chain, as the device's own provider node reports it, so that no
	// relay of another chain takes it.
	let genesis_source = provider.as_ref().unwrap_or(&relay);
	let genesis: H256 = genesis_source
		.request("chain_getBlockHash", rpc_params![0])
		.await
		.map_err(|e| refused("chain_getBlockHash", e))?;
	let mut sequence = head.last_sequence.map_or(1, |last| last.saturating_add(1));
	let readings: Box<dyn Iterator<Item = Result<String>>> = if readings.is_empty() {
		let lines = std::io::stdin().lock().lines().collect::<Vec<_>>();
		Box::new(lines.into_iter().map(|line| line.context("cannot read standard input")))
	} else {
		Box::new(readings.into_iter().map(Ok))
	};
	let mut rng = rng()?;
	let progress = ProgressBar::new_spinner();
	progress.set_style(
		ProgressStyle::with_template("{spinner} published {pos} ({per_sec})")
			.unwrap_or_else(|_| ProgressStyle::default_spinner()),
	);
	// The provider's relay refuses a rotated-out epoch at once (4016), so the key is cached
	// there; another node's relay learns of a rotation only from the chain, so the key is asked
	// for every reading.
	let relay_is_providers = provider.is_none();
	let provider = provider.as_ref().unwrap_or(&relay);
	let keys = KeySource {
		chain: &chain,
		provider,
		listing: publisher.listing,
		device: publisher.device,
		keypair: &keypair,
	};
	let mut key = keys.current().await?;
	for reading in readings {
		let reading = reading?;
		if !relay_is_providers {
			key = keys.current().await?;
		}
		let sealer = Sealer {
			genesis: genesis.0,
			device: &device,
			id: publisher.device,
			listing: publisher.listing,
		};
		let first = sealer.publication(&key, sequence, reading.as_bytes(), &mut rng)?;
		let receipt: PublishReceipt = match relay.request("streams_publish", rpc_params![first]).await
		{
			// The key was rotated (a buyer was removed): seal again under the current key.
			Err(ClientError::Call(error)) if error.code() == STALE_KEY_EPOCH => {
				key = keys.current().await?;
				let again = sealer.publication(&key, sequence, reading.as_bytes(), &mut rng)?;
				relay.request("streams_publish", rpc_params![again]).await
			},
			other => other,
		}
		.map_err(|e| refused("streams_publish", e))?;
		progress.inc(1);
		println!("{}", receipt.index);
		sequence = sequence.saturating_add(1);
	}
	progress.finish_and_clear();
	eprintln!("✓ published {} messages to listing {}", progress.position(), publisher.listing);
	Ok(())
}

/// What `stream subscribe` needs.
pub struct Subscriber<'a> {
	/// The relay to read from, if not the chain connection's node.
	pub relay_url: Option<&'a str>,
	/// The listing.
	pub listing: u64,
	/// The buyer's purchase of it.
	pub purchase: u64,
	/// The buyer's X25519 key.
	pub key_file: &'a Path,
	/// The first log index to read.
	pub from: u64,
	/// Stop after this many messages.
	pub count: Option<u64>,
	/// How long to wait for the key of a new key epoch.
	pub rekey_wait: Duration,
}

/// The listing's source as the chain records it: its device and the device's key, whether the
/// listing is anonymized, and the keys of the workers its provider appointed (who sign
/// releases).
async fn expected_source(client: &Client, listing: u64) -> Result<ExpectedSource> {
	let at = client.at_best().await?;
	let storage = at.storage();
	let record = chain::listing_at(&at, listing).await?.ok_or_else(|| {
		anyhow!("listing {listing} is not open: who wrote its messages cannot be checked")
	})?;
	let anonymized = storage
		.try_fetch(msec::storage().marketplace().anonymizations(), (listing,))
		.await
		.with_context(|| format!("cannot read the anonymization of listing {listing}"))?
		.is_some();
	let workers = msec::runtime_apis().data_plane_api().data_plane_workers(record.provider);
	let release_signers = at
		.runtime_apis()
		.call(workers)
		.await
		.with_context(|| format!("cannot read the data-plane workers of listing {listing}'s provider"))?
		.into_iter()
		.map(|worker| sr25519::Public::from_raw(worker.0))
		.collect();
	let Some(device) = record.device else {
		return Ok(ExpectedSource { listing, device: None, release_signers, anonymized });
	};
	let registered = storage
		.try_fetch(msec::storage().registry().devices(), (device,))
		.await
		.with_context(|| format!("cannot read device {device}"))?
		.ok_or_else(|| anyhow!("device {device} of listing {listing} is not registered"))?
		.decode()
		.context("cannot decode the device")?;
	let key = match registered.key {
		OnChainKey::Ed25519(public) => DeviceKey::Ed25519(ed25519::Public::from_raw(public)),
		OnChainKey::Sr25519(public) => DeviceKey::Sr25519(sr25519::Public::from_raw(public)),
	};
	Ok(ExpectedSource { listing, device: Some((device, key)), release_signers, anonymized })
}

/// Follows the listing's stream and prints each message opened with the keys delivered to the
/// purchase, as `#index [key epoch]: text`. Each message's signature is checked against the
/// device key on chain first: one the device did not sign is reported and not printed. Gaps,
/// repeats and reordering in what the relay serves, and a broken hash chain, are reported.
pub async fn subscribe(client: &Client, subscriber: Subscriber<'_>) -> Result<()> {
	let buyer = buyer_key::load(subscriber.key_file)?;
	let source = expected_source(client, subscriber.listing).await?;
	if source.anonymized {
		eprintln!(
			"listing {} is anonymized: its messages are the provider's releases, signed with a worker key the provider appointed",
			subscriber.listing
		);
	}
	let mut audit = StreamAudit::new(client.api.genesis_hash().0, source);
	let relay_connection = match subscriber.relay_url {
		Some(url) => Some(relay(url).await?),
		None => None,
	};
	let mut messages = relay_connection
		.as_ref()
		.unwrap_or(client.rpc())
		.subscribe::<RelayedMessage, _>(
			"streams_subscribe",
			rpc_params![subscriber.listing, subscriber.from],
			"streams_unsubscribe",
		)
		.await
		.map_err(|e| refused("streams_subscribe", e))?;
	eprintln!("following listing {} from index {}", subscriber.listing, subscriber.from);
	let mut keys = BTreeMap::<KeyEpoch, ContentKey>::new();
	let mut seen = 0u64;
	while subscriber.count.is_none_or(|count| seen < count) {
		let Some(message) = messages.next().await else {
			bail!("the relay closed the subscription")
		};
		let message = message.context("the relay sent a malformed message")?;
		seen = seen.saturating_add(1);
		let mut verdict = audit.check(&message);
		if verdict.0 == Authenticity::Forged {
			// The device's key may have been rotated, or the listing anonymized, since.
			let now = expected_source(client, subscriber.listing).await?;
			if &now != audit.source() {
				audit.replace_source(now);
				verdict = audit.check(&message);
			}
		}
		let (authenticity, findings) = verdict;
		for finding in findings {
			eprintln!("⚠ #{}: {finding}", message.index);
		}
		if authenticity == Authenticity::Forged {
			eprintln!(
				"⚠ #{}: signed neither by the listing's device nor by its provider on this chain: skipped",
				message.index
			);
			continue;
		}
		let Some(sealed) = message.sealed_message() else {
			eprintln!("#{}: malformed nonce, skipped", message.index);
			continue;
		};
		if !keys.contains_key(&message.key_epoch) {
			match key_for(client, &buyer, &subscriber, message.key_epoch).await? {
				Some(key) => {
					keys.insert(message.key_epoch, key);
				},
				None => {
					eprintln!(
						"#{}: sealed under key epoch {}, which purchase {} was not given",
						message.index, message.key_epoch, subscriber.purchase
					);
					continue;
				},
			}
		}
		let opened = keys.get(&message.key_epoch).map(|key| open(key, &sealed));
		match opened {
			Some(Ok(plaintext)) => println!(
				"#{} [{}]: {}",
				message.index,
				message.key_epoch,
				String::from_utf8_lossy(&plaintext)
			),
			_ => eprintln!("#{}: does not open with the delivered key", message.index),
		}
	}
	Ok(())
}

/// The key of `epoch` delivered to the purchase, checked against the listing's commitment:
/// any epoch it was given, also before a rekey; waits for it if the purchase holds only older
/// ones (a rekey in flight); `None` if it was never given that epoch (sealed before the
/// purchase, or after the buyer was removed). A key once opened is kept beside the buyer key,
/// and read from there first: the chain keeps only a purchase's newest deliveries.
async fn key_for(
	client: &Client,
	buyer: &msec_stream_crypto::BuyerKeypair,
	subscriber: &Subscriber<'_>,
	epoch: KeyEpoch,
) -> Result<Option<ContentKey>> {
	if let Some(kept) = buyer_key::kept_epoch_keys(subscriber.key_file)?.remove(&epoch) {
		return Ok(Some(kept));
	}
	let opened = delivered_key_for(client, buyer, subscriber, epoch).await?;
	if let Some(key) = &opened {
		buyer_key::keep_epoch_key(subscriber.key_file, key)?;
	}
	Ok(opened)
}

async fn delivered_key_for(
	client: &Client,
	buyer: &msec_stream_crypto::BuyerKeypair,
	subscriber: &Subscriber<'_>,
	epoch: KeyEpoch,
) -> Result<Option<ContentKey>> {
	let mut keys = delivered_keys(client, subscriber.purchase).await?;
	if keys.last().is_none_or(|newest| newest.epoch < epoch) {
		if let Err(error) =
			wait_for_delivery(client, subscriber.purchase, epoch, subscriber.rekey_wait).await
		{
			eprintln!("{error:#}");
			return Ok(None);
		}
		keys = delivered_keys(client, subscriber.purchase).await?;
	}
	let Some(delivered) = keys.iter().find(|delivered| delivered.epoch == epoch) else {
		return Ok(None);
	};
	delivered
		.open(buyer, subscriber.listing, subscriber.purchase)
		.map(Some)
		.with_context(|| format!("with {}: is it your purchase?", subscriber.key_file.display()))
}
