//! `streams_publishAnonymized`: a device hands raw records of its own anonymized listing to the
//! provider's node over safe RPC, in a request it signs with its device key. The node takes a
//! request only from the listing's active source device, only with that device's signature
//! over [`anonymization_request_payload`] (chain, device, listing, request number, records) and
//! only with a request number above every earlier one of that device key for the listing, so
//! nobody else hands in records in the device's name, and a request seen on the wire cannot
//! be sent again. Each record counts against the device's relay rate, each batch as at least
//! a tenth of its burst. Then it anonymizes and publishes as `provider_publishAnonymized` does.

use codec::{Decode, Encode};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use msec_anonymize::{digest, RawRecord, Record};
use msec_primitives::{DeviceKey, DeviceSignature};
use msec_stream_crypto::{anonymization_request_payload, DeviceId, ListingId};
use msec_stream_relay::PublishError;
use serde::Deserialize;
use sp_core::{
	offchain::{OffchainStorage, STORAGE_PREFIX},
	Bytes,
};

use crate::{
	anonymizer::{check_batch_size, invalid_params, AnonymizedBatch, Anonymizer},
	relay::OffchainDb,
};

/// The error code of a request whose number is not above the last one taken.
pub const REQUEST_NOT_NEW: i32 = 4024;

/// A device's signed request to anonymize and publish raw records.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnonymizationRequest {
	/// The device: the listing's source device.
	pub device: DeviceId,
	/// The anonymized listing.
	pub listing: ListingId,
	/// Above every earlier request number of the device's key for this listing (a device
	/// may take the time in microseconds).
	pub request: u64,
	/// 1 to 10,000 raw records.
	pub records: Vec<RawRecord>,
	/// The SCALE-encoded `DeviceSignature` over [`anonymization_request_payload`].
	pub signature: Bytes,
}

/// Signed anonymization requests of devices.
#[rpc(server, namespace = "streams")]
pub trait AnonymizationRequestsApi {
	/// Anonymizes and publishes the records of a device's signed request.
	#[method(name = "publishAnonymized", blocking)]
	fn publish_anonymized(&self, request: AnonymizationRequest) -> RpcResult<AnonymizedBatch>;
}

/// Takes signed requests and hands them to the node's [`Anonymizer`].
pub struct AnonymizationRequests {
	anonymizer: Anonymizer,
}

impl AnonymizationRequests {
	/// Requests anonymized and published by `anonymizer`.
	pub fn new(anonymizer: Anonymizer) -> Self {
		Self { anonymizer }
	}
}

/// Where the last request number taken from `key` for `listing` is kept: per device key, so
/// that a stolen key that took the largest number blocks nothing once the device is rotated.
fn last_request_key(listing: ListingId, key: &DeviceKey) -> Vec<u8> {
	let mut storage_key = b"msec/anonymize/last-request/v1/".to_vec();
	storage_key.extend_from_slice(&listing.to_le_bytes());
	storage_key.extend_from_slice(&key.encode());
	storage_key
}

/// Refuses `request` (4024) unless it is above the last one taken from `key` for `listing`.
fn check_request_number(
	storage: &OffchainDb,
	listing: ListingId,
	key: &DeviceKey,
	request: u64,
) -> RpcResult<()> {
	let last = storage
		.get(STORAGE_PREFIX, &last_request_key(listing, key))
		.and_then(|bytes| u64::decode(&mut bytes.as_slice()).ok());
	match last {
		Some(last) if request <= last => Err(not_new(request, last)),
		_ => Ok(()),
	}
}

/// Takes `request` as the newest of `key` for `listing`. Runs while no other batch does, after
/// [`check_request_number`]: the check and the write are one.
fn take_request_number(
	storage: &OffchainDb,
	listing: ListingId,
	key: &DeviceKey,
	request: u64,
) -> RpcResult<()> {
	let mut storage = storage.clone();
	storage.set(STORAGE_PREFIX, &last_request_key(listing, key), &request.encode());
	Ok(())
}

fn not_new(request: u64, last: u64) -> ErrorObjectOwned {
	ErrorObject::owned(
		REQUEST_NOT_NEW,
		format!(
			"request {request} is not above the last request taken from this device key for \
			 the listing ({last}): a request is taken once"
		),
		None::<()>,
	)
}

impl AnonymizationRequestsApiServer for AnonymizationRequests {
	fn publish_anonymized(&self, request: AnonymizationRequest) -> RpcResult<AnonymizedBatch> {
		let AnonymizationRequest { device, listing, request, records, signature } = request;
		check_batch_size(records.len())?;
		let relay = self.anonymizer.relay();
		let (_, expected, record) = relay.active_source_device(listing)?;
		if expected != device {
			return Err(PublishError::WrongDevice { listing, device, expected: Some(expected) }.into());
		}
		let signature = DeviceSignature::decode(&mut signature.0.as_slice()).map_err(|_| {
			PublishError::Malformed(
				"signature: expected a SCALE-encoded DeviceSignature (0x00 + 64 bytes ed25519, \
				 0x01 + 64 bytes sr25519)"
					.into(),
			)
		})?;
		// Within the device's burst, so that a batch that can never pass is refused at once.
		let burst = relay.device_burst();
		if records.len() > burst {
			return Err(invalid_params(format!(
				"a batch of {} records is above the device's burst of {burst} \
				 (--relay-device-rate): split it",
				records.len()
			)));
		}
		let raw: Vec<Record> = records.iter().cloned().map(Record::from).collect();
		let payload = anonymization_request_payload(
			&relay.genesis_hash(),
			device,
			listing,
			request,
			&digest(&raw),
		);
		// The signature first: nobody else learns anything of the device's requests.
		if !record.key.verify(&payload, &signature) {
			return Err(PublishError::BadSignature.into());
		}
		check_request_number(self.anonymizer.storage(), listing, &record.key, request)?;
		self.anonymizer.publish_batch(listing, records, |storage, policy_k| {
			if raw.len() < policy_k {
				return Err(invalid_params(format!(
					"a batch of {} records releases nothing under k = {policy_k}",
					raw.len()
				)));
			}
			check_request_number(storage, listing, &record.key, request)?;
			// Each record counts against the device's rate as a message would, and each batch
			// as at least a tenth of its burst: a stolen key cannot make the provider attest
			// batches without end.
			relay.charge_device(device, raw.len().max(burst / 10))?;
			// Taken only once charged: a request refused for the rate may come again.
			take_request_number(storage, listing, &record.key, request)
		})
	}
}
