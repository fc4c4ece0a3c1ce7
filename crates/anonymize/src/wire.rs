//! The JSON forms of records: what a provider's device hands its node
//! (`provider_publishAnonymized`) and what buyers decrypt from each published message. Text
//! fields are UTF-8 strings, bytes `0x`-prefixed hex, names camelCase, as in Substrate's RPCs.

use serde::{Deserialize, Serialize};

use crate::{AnonymizedRecord, Pseudonym, Record};

/// A raw record as the provider's device sends it to its own node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawRecord {
	/// Who it is about: a card number, a wearable's id.
	pub subject: String,
	/// Degrees north (WGS 84).
	pub latitude: f64,
	/// Degrees east (WGS 84).
	pub longitude: f64,
	/// Unix time, milliseconds.
	pub timestamp_ms: u64,
	/// The measurement, carrying no identifier.
	pub reading: String,
}

impl From<RawRecord> for Record {
	fn from(raw: RawRecord) -> Self {
		Record {
			subject: raw.subject.into_bytes(),
			latitude: raw.latitude,
			longitude: raw.longitude,
			timestamp_ms: raw.timestamp_ms,
			reading: raw.reading.into_bytes(),
		}
	}
}

/// One released record as a buyer decrypts it from a published message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishedRecord {
	/// The anonymized batch it was released in; its attestation on chain has the same number.
	pub batch: u32,
	/// The subject's pseudonym, 16 bytes as hex.
	pub pseudonym: String,
	/// The geohash cell.
	pub cell: String,
	/// Start of the time bucket, Unix ms.
	pub period_start_ms: u64,
	/// The measurement, unchanged.
	pub reading: String,
}

impl PublishedRecord {
	/// `record` of batch `batch`, for publication.
	pub fn new(batch: u32, record: &AnonymizedRecord) -> Self {
		Self {
			batch,
			pseudonym: format!("0x{}", hex::encode(record.pseudonym.0)),
			cell: record.cell.clone(),
			period_start_ms: record.period_start_ms,
			reading: String::from_utf8_lossy(&record.reading).into_owned(),
		}
	}

	/// The released record it carries, to recompute a batch's output hash
	/// ([`crate::digest`] of a batch's records in publication order); `None` if the pseudonym
	/// is not 16 bytes of hex.
	pub fn anonymized_record(&self) -> Option<AnonymizedRecord> {
		let hex = self.pseudonym.strip_prefix("0x")?;
		let pseudonym: [u8; 16] = hex::decode(hex).ok()?.try_into().ok()?;
		Some(AnonymizedRecord {
			pseudonym: Pseudonym(pseudonym),
			cell: self.cell.clone(),
			period_start_ms: self.period_start_ms,
			reading: self.reading.clone().into_bytes(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{anonymize, digest, Policy, Pseudonymizer};

	#[test]
	fn a_batch_published_as_json_hashes_to_its_release() {
		let raw: Vec<RawRecord> = serde_json::from_str(
			r#"[
				{"subject":"card-1","latitude":43.4623,"longitude":-3.8099,"timestampMs":1000,"reading":"{\"bpm\":71}"},
				{"subject":"card-2","latitude":43.4624,"longitude":-3.8098,"timestampMs":2000,"reading":"{\"bpm\":80}"},
				{"subject":"card-3","latitude":35.3387,"longitude":139.4875,"timestampMs":3000,"reading":"{\"bpm\":66}"}
			]"#,
		)
		.expect("raw records parse");
		let records: Vec<Record> = raw.into_iter().map(Record::from).collect();
		let policy = Policy { geohash_precision: 5, time_bucket_ms: 3_600_000, k: 2 };
		let release =
			anonymize(&records, policy, &Pseudonymizer::new(&[7; 32]), &[4; 16]).expect("valid");
		assert_eq!(
			(release.records.len(), release.suppressed),
			(2, 1),
			"Fujisawa's lone card goes"
		);

		let published: Vec<String> = release
			.records
			.iter()
			.map(|record| serde_json::to_string(&PublishedRecord::new(4, record)).expect("json"))
			.collect();
		assert!(published.iter().all(|json| !json.contains("card-")), "no subject leaves");
		let received: Vec<AnonymizedRecord> = published
			.iter()
			.map(|json| serde_json::from_str::<PublishedRecord>(json).expect("parses"))
			.map(|record| record.anonymized_record().expect("well formed"))
			.collect();
		assert_eq!(digest(&received), release.digest());
	}

	#[test]
	fn unknown_fields_and_bad_pseudonyms_are_refused() {
		let extra = r#"{"subject":"a","latitude":0,"longitude":0,"timestampMs":0,"reading":"","name":"Ana"}"#;
		assert!(serde_json::from_str::<RawRecord>(extra).is_err());
		let record = PublishedRecord {
			batch: 0,
			pseudonym: "0x1234".into(),
			cell: "ezjmg".into(),
			period_start_ms: 0,
			reading: String::new(),
		};
		assert_eq!(record.anonymized_record(), None);
	}
}
