//! `msec stream publish-anonymized`: a device hands raw records (JSON lines) of an anonymized
//! listing to the provider's own node, which anonymizes, publishes and attests them in
//! batches (`streams_publishAnonymized`, safe RPC: each batch a request the device signs).

use std::{
	io::{BufRead, BufReader},
	path::Path,
};

use anyhow::{anyhow, bail, Context, Result};
use codec::Encode;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClientBuilder};
use msec_anonymize::{digest, RawRecord, Record};
use msec_primitives::DeviceSignature;
use msec_stream_crypto::anonymization_request_payload;
use serde_json::{json, Value};
use sp_core::{ed25519, Bytes, Pair, H256};

use crate::commands::stream::refused;

/// Most records one batch may hold (the node's limit).
pub const MAX_BATCH: usize = 10_000;

/// What `stream publish-anonymized` needs.
pub struct RawRecords<'a> {
	/// The provider's node.
	pub provider_url: &'a str,
	/// The listing's device.
	pub device: u64,
	/// The device's secret URI (its registered ed25519 key), which signs each request.
	pub device_key: &'a str,
	/// The anonymized listing.
	pub listing: u64,
	/// A file of JSON lines; standard input if `None`.
	pub file: Option<&'a Path>,
	/// Records per batch.
	pub batch_size: usize,
}

/// The JSON lines of `reader`, parsed; the first bad line is the error.
fn parse_records(reader: impl BufRead) -> Result<Vec<RawRecord>> {
	let mut records = Vec::new();
	for (number, line) in reader.lines().enumerate() {
		let line = line.context("cannot read the records")?;
		if line.trim().is_empty() {
			continue;
		}
		let record = serde_json::from_str(&line).with_context(|| {
			format!(
				"line {}: not a raw record {{\"subject\", \"latitude\", \"longitude\", \
				 \"timestampMs\", \"reading\"}}",
				number + 1
			)
		})?;
		records.push(record);
	}
	Ok(records)
}

/// Request numbers: the time in microseconds, above the last one this process used, so that
/// they keep rising across runs of a device whose clock does not go back.
#[derive(Default)]
struct RequestNumbers {
	last: u64,
}

impl RequestNumbers {
	fn next(&mut self) -> u64 {
		let now = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map_or(0, |elapsed| u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX));
		self.last = now.max(self.last.saturating_add(1));
		self.last
	}
}

/// `records` in a request numbered `number`, signed by `device` for this chain.
fn signed_request(
	raw: &RawRecords<'_>,
	device: &ed25519::Pair,
	genesis: &[u8; 32],
	number: u64,
	records: &[RawRecord],
) -> Value {
	let hashed: Vec<Record> = records.iter().cloned().map(Record::from).collect();
	let payload =
		anonymization_request_payload(genesis, raw.device, raw.listing, number, &digest(&hashed));
	let signature = DeviceSignature::Ed25519(device.sign(&payload));
	json!({"device": raw.device, "listing": raw.listing, "request": number, "records": records,
		"signature": Bytes(signature.encode())})
}

/// Sends the records in batches; prints each batch's number.
pub async fn publish(raw: RawRecords<'_>) -> Result<()> {
	if !(1..=MAX_BATCH).contains(&raw.batch_size) {
		bail!("--batch-size must be 1 to {MAX_BATCH}");
	}
	let records = match raw.file {
		Some(path) => parse_records(BufReader::new(
			std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
		))?,
		None => parse_records(std::io::stdin().lock())?,
	};
	if records.is_empty() {
		bail!("no records to publish");
	}
	let device = ed25519::Pair::from_string(raw.device_key, None)
		.map_err(|e| anyhow!("cannot derive the device's ed25519 key: {e:?}"))?;
	let node = WsClientBuilder::default().build(raw.provider_url).await.with_context(|| {
		format!("cannot connect to the provider's node at {}", raw.provider_url)
	})?;
	let genesis: H256 = node
		.request("chain_getBlockHash", rpc_params![0])
		.await
		.map_err(|e| refused("chain_getBlockHash", e))?;
	let mut numbers = RequestNumbers::default();
	let (mut records_in, mut records_out) = (0u64, 0u64);
	for chunk in records.chunks(raw.batch_size) {
		let request = signed_request(&raw, &device, &genesis.0, numbers.next(), chunk);
		let batch: Value = node
			.request("streams_publishAnonymized", rpc_params![request])
			.await
			.map_err(|e| refused("streams_publishAnonymized", e))?;
		let count = |field: &str| {
			batch[field]
				.as_u64()
				.ok_or_else(|| anyhow!("the node answered without {field}: {batch}"))
		};
		let (number, sent, released) = (count("batch")?, count("recordsIn")?, count("recordsOut")?);
		eprintln!(
			"✓ batch {number}: {released} of {sent} records released (output hash {})",
			batch["outputHash"].as_str().unwrap_or("?")
		);
		println!("{number}");
		records_in = records_in.saturating_add(sent);
		records_out = records_out.saturating_add(released);
	}
	eprintln!(
		"✓ {records_out} of {records_in} records published to listing {}; the provider's worker \
		 attests each batch on chain",
		raw.listing
	);
	Ok(())
}
