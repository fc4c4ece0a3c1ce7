//! `provider_publishAnonymized`: the provider's device hands raw personal records of an
//! anonymized listing to the provider's own node. The node pseudonymizes, generalizes and
//! k-anonymizes them (`msec-anonymize`) under the listing's policy on chain, seals each
//! released record with the listing's content key, publishes it to the relay in the name of
//! the listing's device, signed with the provider's account key from the node's keystore (so
//! readers can tell a release from a forgery), and queues the batch's attestation for the stream worker, which
//! signs and sends `attest_anonymization`. Raw records are never stored or published. The
//! method is unsafe: served only where unsafe methods are (localhost by default).

use std::sync::Arc;

use chacha20::{rand_core::SeedableRng, ChaCha20Rng};
use codec::{Decode, Encode};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::INVALID_PARAMS_CODE, ErrorObject, ErrorObjectOwned},
	Extensions,
};
use msec_anonymize::{
	anonymize, digest, Policy, Pseudonymizer, PublishedRecord, RawRecord, Record, Release, METHOD,
};
use msec_runtime::BlockNumber;
use msec_primitives::DeviceSignature;
use msec_stream_crypto::{
	rand_core::Rng as _, release_payload, seal, KeyEpoch, ListingId, SealedMessage, SealedSecret,
	StreamPosition, TAG_LEN,
};
use msec_stream_log::{attestation_queue_key, pseudonym_key_storage_key, PendingAttestation};
use msec_stream_relay::PublishError;
use pallet_marketplace::{runtime_api::MarketplaceApi, Anonymization};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use pallet_stream_worker::crypto::KEY_TYPE;
use sp_core::{
	offchain::{OffchainStorage, STORAGE_PREFIX},
	sr25519, H256,
};
use sp_keystore::{Keystore as _, KeystorePtr};

use crate::{
	at_rest::NodeKek,
	content_keys::{current_content_key, no_content_key},
	relay::{NodeRelay, OffchainDb},
	service::FullClient,
};

/// The error code of a listing that does not require anonymization.
pub const NOT_ANONYMIZED: i32 = 4015;

/// The relay's code for a message sealed under a rotated-out key epoch.
const STALE_KEY_EPOCH: i32 = 4016;

/// Most raw records one batch may hold.
pub const MAX_RECORDS: usize = 10_000;

/// What a published batch came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnonymizedBatch {
	/// The batch's number; its attestation on chain carries it too.
	pub batch: u32,
	/// Raw records that went in.
	pub records_in: u32,
	/// Records released and published, one message each.
	pub records_out: u32,
	/// BLAKE2b-256 of the raw records (SCALE).
	pub input_hash: H256,
	/// BLAKE2b-256 of the released records (SCALE), in publication order.
	pub output_hash: H256,
	/// The relay log index of the first published record (`None` if all were suppressed).
	pub first_index: Option<u64>,
	/// The key epoch the last published record was sealed under (`None` if all were
	/// suppressed). The key is read for every record: if a buyer was removed midway, later
	/// records are sealed under the new epoch.
	pub key_epoch: Option<KeyEpoch>,
}

/// Anonymized publication for the provider's devices.
#[rpc(server, namespace = "provider")]
pub trait AnonymizerApi {
	/// Anonymizes `records` of `listing` under its policy, publishes the released ones and
	/// queues the batch's attestation (unsafe).
	#[method(name = "publishAnonymized", blocking, with_extensions)]
	fn publish_anonymized(
		&self,
		listing: ListingId,
		records: Vec<RawRecord>,
	) -> RpcResult<AnonymizedBatch>;
}

/// Anonymizes and publishes on the provider's node. Clones share one lock.
#[derive(Clone)]
pub struct Anonymizer {
	client: Arc<FullClient>,
	relay: Arc<NodeRelay>,
	storage: OffchainDb,
	/// Holds the provider's account key (type `mprv`), which signs each release.
	keystore: KeystorePtr,
	/// Seals the pseudonym keys and opens the content keys at rest.
	kek: NodeKek,
	/// One batch at a time: batch numbers and sequence numbers follow each other.
	publishing: Arc<parking_lot::Mutex<()>>,
}

/// The provider's signature on each release, by its key in the node's keystore.
struct ReleaseSigner {
	keystore: KeystorePtr,
	provider: sr25519::Public,
	genesis: [u8; 32],
}

impl ReleaseSigner {
	fn sign(&self, sealed: &SealedMessage) -> RpcResult<DeviceSignature> {
		let payload = release_payload(&self.genesis, sealed);
		self.keystore
			.sr25519_sign(KEY_TYPE, &self.provider, &payload)
			.ok()
			.flatten()
			.map(DeviceSignature::Sr25519)
			.ok_or_else(|| internal("the keystore cannot sign with the provider's key".into()))
	}
}

fn invalid_params(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_PARAMS_CODE, message, None::<()>)
}

/// A failure of the node itself (relay error 4011).
fn internal(message: String) -> ErrorObjectOwned {
	PublishError::Unavailable(message).into()
}

/// A random number generator seeded from the system's.
fn node_rng() -> RpcResult<ChaCha20Rng> {
	let mut seed = [0u8; 32];
	getrandom::fill(&mut seed)
		.map_err(|error| internal(format!("the system has no randomness: {error}")))?;
	Ok(ChaCha20Rng::from_seed(seed))
}

fn count_u32(count: usize) -> u32 {
	u32::try_from(count).unwrap_or(u32::MAX)
}

impl Anonymizer {
	/// An anonymizer reading policies through `client`, publishing to `relay`, keeping its keys
	/// and attestation queue in `storage`, signing releases with the provider's key in
	/// `keystore`.
	pub fn new(
		client: Arc<FullClient>,
		relay: Arc<NodeRelay>,
		storage: OffchainDb,
		keystore: KeystorePtr,
		kek: NodeKek,
	) -> Self {
		Self { client, relay, storage, keystore, kek, publishing: Default::default() }
	}

	/// Signs what the node releases for `listing` as its provider: the provider's account
	/// key must be in this node's keystore (type `mprv`).
	fn release_signer(&self, listing: ListingId) -> RpcResult<ReleaseSigner> {
		let info = self.client.info();
		let record = self
			.client
			.runtime_api()
			.listing(info.best_hash, listing)
			.map_err(|error| internal(format!("runtime API call failed: {error}")))?
			.ok_or(PublishError::UnknownListing(listing))?;
		let provider = sr25519::Public::from_raw(record.provider.into());
		if !self.keystore.has_keys(&[(provider.to_vec(), KEY_TYPE)]) {
			return Err(PublishError::NotServedHere(listing).into());
		}
		Ok(ReleaseSigner { keystore: self.keystore.clone(), provider, genesis: info.genesis_hash.0 })
	}

	/// `listing`'s anonymization at the best block.
	fn anonymization(&self, listing: ListingId) -> RpcResult<Anonymization<BlockNumber>> {
		let best = self.client.info().best_hash;
		self.client
			.runtime_api()
			.anonymization(best, listing)
			.map_err(|error| internal(format!("runtime API call failed: {error}")))?
			.ok_or_else(|| {
				ErrorObject::owned(
					NOT_ANONYMIZED,
					format!(
						"listing {listing} does not require anonymization (or is not open): its \
						 device publishes with streams_publish"
					),
					None::<()>,
				)
			})
	}

	/// The listing's pseudonym key, made on first use: kept in this node's off-chain storage
	/// only, sealed at rest, so that a subject keeps one pseudonym across batches and nobody
	/// else can recompute it. A stored key that does not open (written through
	/// `offchain_localStorageSet`, or sealed under a keystore key the node lost) stops the
	/// batch: replacing it would give every subject a second pseudonym.
	fn pseudonymizer(&self, listing: ListingId) -> RpcResult<Pseudonymizer> {
		let key = pseudonym_key_storage_key(listing);
		if let Some(stored) = self.storage.get(STORAGE_PREFIX, &key) {
			let secret = SealedSecret::decode(&mut stored.as_slice())
				.ok()
				.and_then(|sealed| self.kek.kek_of(&sealed.kek)?.open(&key, &sealed).ok())
				.and_then(|secret| <[u8; 32]>::try_from(secret.as_slice()).ok())
				.ok_or_else(|| {
					internal(format!(
						"listing {listing}: the stored pseudonym key does not open under this 						 node's keystore (key type msek)"
					))
				})?;
			return Ok(Pseudonymizer::new(&secret));
		}
		let mut rng = node_rng()?;
		let mut secret = zeroize::Zeroizing::new([0u8; 32]);
		rng.fill_bytes(secret.as_mut());
		let kek = self.kek.current().ok_or_else(|| internal("the keystore has no msek key".into()))?;
		let sealed = kek
			.seal(&key, secret.as_ref(), &mut rng)
			.map_err(|error| internal(format!("sealing the pseudonym key failed: {error}")))?;
		let mut storage = self.storage.clone();
		storage.set(STORAGE_PREFIX, &key, &sealed.encode());
		Ok(Pseudonymizer::new(&secret))
	}

	/// The batch number after the chain's and the queue's.
	fn next_batch(&self, listing: ListingId, anonymization: &Anonymization<BlockNumber>) -> u32 {
		let queued = self.queue(listing).last().map(|last| last.batch.saturating_add(1));
		anonymization.next_batch().max(queued.unwrap_or_default())
	}

	fn queue(&self, listing: ListingId) -> Vec<PendingAttestation> {
		self.storage
			.get(STORAGE_PREFIX, &attestation_queue_key(listing))
			.and_then(|bytes| Vec::decode(&mut bytes.as_slice()).ok())
			.unwrap_or_default()
	}

	/// Appends `pending` to the queue; compare-and-set, since the worker removes from it.
	fn enqueue(&self, listing: ListingId, pending: PendingAttestation) {
		let key = attestation_queue_key(listing);
		let mut storage = self.storage.clone();
		loop {
			let old = storage.get(STORAGE_PREFIX, &key);
			let mut queue: Vec<PendingAttestation> = old
				.as_ref()
				.and_then(|bytes| Vec::decode(&mut bytes.as_slice()).ok())
				.unwrap_or_default();
			queue.push(pending.clone());
			if storage.compare_and_set(STORAGE_PREFIX, &key, old.as_deref(), &queue.encode()) {
				return;
			}
		}
	}

	/// The released records as plaintexts, each checked against the relay's size limit before
	/// anything is published.
	fn release_plaintexts(&self, batch: u32, release: &Release) -> RpcResult<Vec<Vec<u8>>> {
		let max = self.relay.max_message_bytes();
		release
			.records
			.iter()
			.map(|record| {
				let plaintext = serde_json::to_vec(&PublishedRecord::new(batch, record))
					.map_err(|error| internal(format!("record encoding failed: {error}")))?;
				if plaintext.len().saturating_add(TAG_LEN) > max {
					return Err(invalid_params(format!(
						"a released record is {} bytes, over the relay's limit of {max} bytes: \
						 nothing was published",
						plaintext.len()
					)));
				}
				Ok(plaintext)
			})
			.collect()
	}

	/// Seals each plaintext under the listing's content key as it is when the record goes out
	/// (a buyer removed midway rotates it, and the relay refuses the old epoch), numbered from
	/// the relay's next sequence, and publishes it. The first record's log index and the key
	/// epoch of the last.
	fn publish_release(
		&self,
		listing: ListingId,
		batch: u32,
		plaintexts: &[Vec<u8>],
	) -> RpcResult<(Option<u64>, Option<KeyEpoch>)> {
		let signer = self.release_signer(listing)?;
		let head = self.relay.head(listing)?;
		let mut sequence = head.last_sequence.map_or(0, |last| last.saturating_add(1));
		let mut rng = node_rng()?;
		let (mut first_index, mut key_epoch) = (None, None);
		for (published, plaintext) in plaintexts.iter().enumerate() {
			let mut seal_now = || -> RpcResult<SealedMessage> {
				let key = current_content_key(&self.storage, &self.kek, listing)
					.ok_or_else(|| no_content_key(listing))?;
				let position = StreamPosition { listing, key_epoch: key.epoch(), sequence };
				seal(&key, position, plaintext, &mut rng)
					.map_err(|error| internal(format!("sealing failed: {error:?}")))
			};
			let release = |sealed: SealedMessage| -> RpcResult<_> {
				let signature = signer.sign(&sealed)?;
				Ok(self.relay.publish_from_provider(sealed, signature)?)
			};
			let sealed = seal_now().map_err(|error| cut_short(error, published, batch))?;
			let logged = match release(sealed) {
				// Rotated between reading the key and publishing: seal again under the new one.
				Err(error) if error.code() == STALE_KEY_EPOCH => seal_now().and_then(release),
				other => other,
			}
			.map_err(|error| cut_short(error, published, batch))?;
			first_index.get_or_insert(logged.index);
			key_epoch = Some(logged.message.position.key_epoch);
			sequence = sequence.saturating_add(1);
		}
		Ok((first_index, key_epoch))
	}
}

/// `error`, which stopped a batch after `published` of its records went out. Only a change at
/// a new best block (device quarantined, listing closed, key gone) stops a batch midway; what
/// went out cannot be recalled.
fn cut_short(error: ErrorObjectOwned, published: usize, batch: u32) -> ErrorObjectOwned {
	if published == 0 {
		return error;
	}
	ErrorObject::owned(
		error.code(),
		format!(
			"{}; {published} records of batch {batch} were published before, and the batch is \
			 not attested",
			error.message()
		),
		None::<()>,
	)
}

impl AnonymizerApiServer for Anonymizer {
	fn publish_anonymized(
		&self,
		extensions: &Extensions,
		listing: ListingId,
		records: Vec<RawRecord>,
	) -> RpcResult<AnonymizedBatch> {
		sc_rpc_api::check_if_safe(extensions)?;
		if records.is_empty() || records.len() > MAX_RECORDS {
			return Err(invalid_params(format!(
				"a batch holds 1 to {MAX_RECORDS} records, not {}",
				records.len()
			)));
		}
		let _one_batch_at_a_time = self.publishing.lock();
		let anonymization = self.anonymization(listing)?;
		if current_content_key(&self.storage, &self.kek, listing).is_none() {
			return Err(no_content_key(listing));
		}
		let policy = Policy {
			geohash_precision: usize::from(anonymization.policy.geohash_precision),
			time_bucket_ms: anonymization.policy.time_bucket_ms,
			k: usize::try_from(anonymization.policy.k).unwrap_or(usize::MAX),
		};
		let records: Vec<Record> = records.into_iter().map(Record::from).collect();
		let release = anonymize(&records, policy, &self.pseudonymizer(listing)?)
			.map_err(|error| invalid_params(error.to_string()))?;
		let batch = self.next_batch(listing, &anonymization);
		let plaintexts = self.release_plaintexts(batch, &release)?;
		let (first_index, key_epoch) = self.publish_release(listing, batch, &plaintexts)?;
		let result = AnonymizedBatch {
			batch,
			records_in: count_u32(records.len()),
			records_out: count_u32(release.records.len()),
			input_hash: H256(digest(&records)),
			output_hash: H256(release.digest()),
			first_index,
			key_epoch,
		};
		self.enqueue(
			listing,
			PendingAttestation {
				batch,
				input_hash: result.input_hash.0,
				output_hash: result.output_hash.0,
				method: METHOD.to_vec(),
				geohash_precision: anonymization.policy.geohash_precision,
				time_bucket_ms: anonymization.policy.time_bucket_ms,
				k: anonymization.policy.k,
				records_in: result.records_in,
				records_out: result.records_out,
			},
		);
		log::info!(
			target: "msec::anonymizer",
			"listing {listing}: batch {batch} anonymized, {} of {} records published",
			result.records_out,
			result.records_in
		);
		Ok(result)
	}
}
