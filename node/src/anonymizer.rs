//! `provider_publishAnonymized`: the provider's device hands raw personal records of an
//! anonymized listing to the provider's own node. The node pseudonymizes, generalizes and
//! k-anonymizes them (`msec-anonymize`) under the listing's policy on chain, seals each
//! released record with the listing's content key, publishes it to the relay in the name of
//! the listing's device, signed with the key of a worker the provider appointed (its data-plane
//! proxy), from the node's keystore (so readers can tell a release from a forgery), and queues
//! the batch's attestation for the stream worker, which
//! signs and sends `attest_anonymization`. Raw records are never stored or published. The
//! method is unsafe: served only where unsafe methods are (localhost by default), for the
//! operator's own tools; devices use the safe `streams_publishAnonymized`
//! ([`crate::anonymization_requests`]), signed with their key.

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
	anonymize, salted_commitment, Policy, Pseudonymizer, PublishedRecord, RawRecord, Record,
	Release, METHOD,
};
use msec_runtime::BlockNumber;
use msec_primitives::DeviceSignature;
use msec_stream_crypto::{
	rand_core::Rng as _, release_payload, seal, KeyEpoch, ListingId, SealedMessage, SealedSecret,
	StreamPosition, TAG_LEN,
};
use msec_stream_log::{
	anonymized_from_key, attestation_queue_key, pseudonym_key_storage_key, PendingAttestation,
};
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
	content_keys::{current_content_key, no_content_key, NO_CONTENT_KEY},
	relay::{NodeRelay, OffchainDb},
	service::FullClient,
	workers::LocalWorkers,
};

/// The error code of a listing that does not require anonymization.
pub const NOT_ANONYMIZED: i32 = 4015;

/// The error code of too many batches awaiting attestation.
pub const TOO_MANY_QUEUED: i32 = 4025;

/// The error code of a listing whose policy is finer than the chain's minimum.
pub const POLICY_BELOW_MINIMUM: i32 = 4026;

/// Most batches of one listing that may await their attestation: each costs the provider a
/// transaction, so a stolen device key may not queue them without end.
const MAX_QUEUED_BATCHES: usize = 64;

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
	/// BLAKE2b-256 of [`Self::input_salt`] and the raw records (SCALE): a commitment to the
	/// input that nobody can test a guess against without the salt.
	pub input_hash: H256,
	/// The random salt of [`Self::input_hash`], answered to the caller only and kept nowhere:
	/// whoever keeps it with the raw records can later show they were the input.
	pub input_salt: H256,
	/// BLAKE2b-256 of the released records (SCALE), in publication order.
	pub output_hash: H256,
	/// The relay log index of the first published record (`None` if all were suppressed).
	pub first_index: Option<u64>,
	/// The key epoch the batch was sealed under (`None` if every record was suppressed): the
	/// listing's current one when the batch went out whole.
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
	/// The provider's worker, whose key (type `mprv`) signs each release.
	workers: LocalWorkers,
	/// Seals the pseudonym keys and opens the content keys at rest.
	kek: NodeKek,
	/// One batch at a time: batch numbers and sequence numbers follow each other.
	publishing: Arc<parking_lot::Mutex<()>>,
}

/// The signature on each release, by the key of a worker the provider appointed, in the
/// node's keystore.
struct ReleaseSigner {
	keystore: KeystorePtr,
	worker: sr25519::Public,
	genesis: [u8; 32],
}

impl ReleaseSigner {
	fn sign(&self, sealed: &SealedMessage) -> RpcResult<DeviceSignature> {
		let payload = release_payload(&self.genesis, sealed);
		self.keystore
			.sr25519_sign(KEY_TYPE, &self.worker, &payload)
			.ok()
			.flatten()
			.map(DeviceSignature::Sr25519)
			.ok_or_else(|| internal("the keystore cannot sign with the worker's key".into()))
	}
}

pub(crate) fn invalid_params(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_PARAMS_CODE, message, None::<()>)
}

/// A failure of the node itself (relay error 4011).
fn internal(message: String) -> ErrorObjectOwned {
	PublishError::Unavailable(message).into()
}

/// A random number generator seeded from the system's.
pub(crate) fn node_rng() -> RpcResult<ChaCha20Rng> {
	let mut seed = [0u8; 32];
	getrandom::fill(&mut seed)
		.map_err(|error| internal(format!("the system has no randomness: {error}")))?;
	Ok(ChaCha20Rng::from_seed(seed))
}

/// Error -32602 unless a batch of `records` records holds 1 to [`MAX_RECORDS`].
pub(crate) fn check_batch_size(records: usize) -> RpcResult<()> {
	if records == 0 || records > MAX_RECORDS {
		return Err(invalid_params(format!("a batch holds 1 to {MAX_RECORDS} records, not {records}")));
	}
	Ok(())
}

fn count_u32(count: usize) -> u32 {
	u32::try_from(count).unwrap_or(u32::MAX)
}

impl Anonymizer {
	/// An anonymizer reading policies through `client`, publishing to `relay`, keeping its keys
	/// and attestation queue in `storage`, signing releases with the key of the provider's
	/// worker in `workers`.
	pub fn new(
		client: Arc<FullClient>,
		relay: Arc<NodeRelay>,
		storage: OffchainDb,
		workers: LocalWorkers,
		kek: NodeKek,
	) -> Self {
		Self { client, relay, storage, workers, kek, publishing: Default::default() }
	}

	/// Signs what the node releases for `listing` for its provider: the operator serves the
	/// provider, and the key of a worker it appointed is in this node's keystore (`mprv`).
	fn release_signer(&self, listing: ListingId) -> RpcResult<ReleaseSigner> {
		let info = self.client.info();
		let api_failed = |error| internal(format!("runtime API call failed: {error}"));
		let record = self
			.client
			.runtime_api()
			.listing(info.best_hash, listing)
			.map_err(api_failed)?
			.ok_or(PublishError::UnknownListing(listing))?;
		let workers = self.workers.of(info.best_hash, record.provider.into()).map_err(api_failed)?;
		let worker = workers.local.ok_or(PublishError::NotServedHere(listing))?;
		let keystore = self.workers.keystore().clone();
		Ok(ReleaseSigner { keystore, worker, genesis: info.genesis_hash.0 })
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

	/// The batch number after the chain's and those `queued` for attestation.
	fn next_batch(anonymization: &Anonymization<BlockNumber>, queued: &[PendingAttestation]) -> u32 {
		let after_queued = queued.last().map(|last| last.batch.saturating_add(1));
		anonymization.next_batch().max(after_queued.unwrap_or_default())
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

	/// Seals every plaintext under the listing's current content key, numbered from the
	/// relay's next sequence, and publishes them as one whole release. A key rotated meanwhile
	/// (a buyer removed) makes the relay refuse the old epoch: the batch is sealed again under
	/// the new key. The first record's log index and the key epoch.
	fn publish_release(
		&self,
		listing: ListingId,
		plaintexts: &[Vec<u8>],
	) -> RpcResult<(Option<u64>, Option<KeyEpoch>)> {
		if plaintexts.is_empty() {
			return Ok((None, None));
		}
		let signer = self.release_signer(listing)?;
		let head = self.relay.head(listing)?;
		let first_sequence = head.last_sequence.map_or(0, |last| last.saturating_add(1));
		let mut rng = node_rng()?;
		let mut seal_all = || -> RpcResult<Vec<(SealedMessage, DeviceSignature)>> {
			let key = current_content_key(&self.storage, &self.kek, listing)
				.ok_or_else(|| no_content_key(listing))?;
			(first_sequence..)
				.zip(plaintexts)
				.map(|(sequence, plaintext)| {
					let position = StreamPosition { listing, key_epoch: key.epoch(), sequence };
					let sealed = seal(&key, position, plaintext, &mut rng)
						.map_err(|error| internal(format!("sealing failed: {error:?}")))?;
					let signature = signer.sign(&sealed)?;
					Ok((sealed, signature))
				})
				.collect()
		};
		let logged = match self.relay.publish_release(seal_all()?) {
			Err(error @ PublishError::StaleKeyEpoch { .. }) => {
				log::debug!(target: "msec::anonymizer", "listing {listing}: {error}; sealing again");
				self.relay.publish_release(seal_all()?)
			},
			other => other,
		}?;
		let first_index = logged.first().map(|message| message.index);
		let key_epoch = logged.last().map(|message| message.message.position.key_epoch);
		Ok((first_index, key_epoch))
	}
}

impl Anonymizer {
	/// Anonymizes `records` of `listing` under its policy, publishes the released ones and
	/// queues the batch's attestation. `admit` runs first, while no other batch runs, with the
	/// node's storage and the policy's k: whatever it refuses publishes nothing.
	pub fn publish_batch(
		&self,
		listing: ListingId,
		records: Vec<RawRecord>,
		admit: impl FnOnce(&OffchainDb, usize) -> RpcResult<()>,
	) -> RpcResult<AnonymizedBatch> {
		check_batch_size(records.len())?;
		let _one_batch_at_a_time = self.publishing.lock();
		let anonymization = self.anonymization(listing)?;
		if !anonymization.policy.is_valid() {
			return Err(ErrorObject::owned(
				POLICY_BELOW_MINIMUM,
				format!(
					"listing {listing}'s policy is finer than the chain's minimum \
					 (Marketplace.MinimumAnonymizationPolicy), so no batch under it could be \
					 attested: its provider tightens it with require_anonymization first"
				),
				None::<()>,
			));
		}
		let queue = self.queue(listing);
		let queued = queue.len();
		if queued >= MAX_QUEUED_BATCHES {
			return Err(ErrorObject::owned(
				TOO_MANY_QUEUED,
				format!(
					"{queued} batches of listing {listing} await their attestation on chain: \
					 hand in more once the stream worker sent them"
				),
				None::<()>,
			));
		}
		let key = current_content_key(&self.storage, &self.kek, listing)
			.ok_or_else(|| no_content_key(listing))?;
		// Until the worker rotated the key the listing had before it required anonymization,
		// no release goes out: buyers of the anonymized stream never get that key.
		let anonymized_from = self
			.storage
			.get(STORAGE_PREFIX, &anonymized_from_key(listing))
			.and_then(|bytes| KeyEpoch::decode(&mut bytes.as_slice()).ok());
		if anonymized_from.is_none_or(|from| key.epoch() < from) {
			return Err(ErrorObject::owned(
				NO_CONTENT_KEY,
				format!(
					"listing {listing} has no key of its anonymized stream on this node yet: its \
					 stream worker makes one at the next block"
				),
				None::<()>,
			));
		}
		let policy = Policy {
			geohash_precision: usize::from(anonymization.policy.geohash_precision),
			time_bucket_ms: anonymization.policy.time_bucket_ms,
			k: usize::try_from(anonymization.policy.k).unwrap_or(usize::MAX),
		};
		admit(&self.storage, policy.k)?;
		let records: Vec<Record> = records.into_iter().map(Record::from).collect();
		// A salt of this batch only: no two batches' pseudonyms link, even if a batch number
		// comes back (a queued attestation lost in a crash).
		let mut batch_salt = [0u8; 16];
		node_rng()?.fill_bytes(&mut batch_salt);
		let release = anonymize(&records, policy, &self.pseudonymizer(listing)?, &batch_salt)
			.map_err(|error| invalid_params(error.to_string()))?;
		let batch = Self::next_batch(&anonymization, &queue);
		let plaintexts = self.release_plaintexts(batch, &release)?;
		let mut input_salt = [0u8; 32];
		node_rng()?.fill_bytes(&mut input_salt);
		let (first_index, key_epoch) = self.publish_release(listing, &plaintexts)?;
		let result = AnonymizedBatch {
			batch,
			records_in: count_u32(records.len()),
			records_out: count_u32(release.records.len()),
			input_hash: H256(salted_commitment(&input_salt, &records)),
			input_salt: H256(input_salt),
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

	/// The relay the releases go to.
	pub fn relay(&self) -> &NodeRelay {
		&self.relay
	}

	/// The node's off-chain storage, where it keeps its keys and attestation queue.
	pub fn storage(&self) -> &OffchainDb {
		&self.storage
	}
}

impl AnonymizerApiServer for Anonymizer {
	fn publish_anonymized(
		&self,
		extensions: &Extensions,
		listing: ListingId,
		records: Vec<RawRecord>,
	) -> RpcResult<AnonymizedBatch> {
		sc_rpc_api::check_if_safe(extensions)?;
		self.publish_batch(listing, records, |_, _| Ok(()))
	}
}
