//! `msec stream publish-anonymized`: a device hands raw records (JSON lines) of an anonymized
//! listing to the provider's own node, which anonymizes, publishes and attests them in
//! batches (`provider_publishAnonymized`).

use std::{
	io::{BufRead, BufReader},
	path::Path,
};

use anyhow::{anyhow, bail, Context, Result};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClientBuilder};
use msec_anonymize::RawRecord;
use serde_json::Value;

use crate::commands::stream::refused;

/// Most records one batch may hold (the node's limit).
pub const MAX_BATCH: usize = 10_000;

/// What `stream publish-anonymized` needs.
pub struct RawRecords<'a> {
	/// The provider's node (unsafe RPC).
	pub provider_url: &'a str,
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
	let node = WsClientBuilder::default().build(raw.provider_url).await.with_context(|| {
		format!("cannot connect to the provider's node at {}", raw.provider_url)
	})?;
	let (mut records_in, mut records_out) = (0u64, 0u64);
	for chunk in records.chunks(raw.batch_size) {
		let batch: Value = node
			.request("provider_publishAnonymized", rpc_params![raw.listing, chunk])
			.await
			.map_err(|e| refused("provider_publishAnonymized", e))?;
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
