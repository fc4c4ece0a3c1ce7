//! The release: pseudonymize and generalize every record, then suppress the (cell, bucket)
//! groups with fewer than `k` distinct subjects.

use std::collections::{BTreeMap, BTreeSet};

use blake2::{digest::consts::U32, Blake2b, Digest};
use codec::Encode;

use crate::{Error, Policy, Pseudonym, Pseudonymizer};

/// The method an attestation names: pseudonyms, generalization and k-anonymity, version 1.
pub const METHOD: &[u8] = b"msec/anonymize/blake2b-geohash-kanon/v1";

/// A raw record, as the provider's own node receives it (never published).
#[derive(Clone, Debug, PartialEq, Encode)]
pub struct Record {
	/// Who it is about: a card number, a wearable's id.
	pub subject: Vec<u8>,
	/// Where, in degrees (WGS 84).
	pub latitude: f64,
	/// Where, in degrees (WGS 84).
	pub longitude: f64,
	/// When, Unix time in milliseconds.
	pub timestamp_ms: u64,
	/// The measurement itself, carrying no identifier.
	pub reading: Vec<u8>,
}

/// A record as released.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Encode)]
pub struct AnonymizedRecord {
	/// The subject's pseudonym.
	pub pseudonym: Pseudonym,
	/// The geohash cell.
	pub cell: String,
	/// Start of the time bucket, Unix ms.
	pub period_start_ms: u64,
	/// The measurement, unchanged.
	pub reading: Vec<u8>,
}

/// What [`anonymize`] releases.
#[derive(Clone, Debug, PartialEq)]
pub struct Release {
	/// The records kept, sorted by cell, bucket, pseudonym and reading: their order says
	/// nothing of the input's.
	pub records: Vec<AnonymizedRecord>,
	/// How many input records were suppressed with their too-small groups.
	pub suppressed: usize,
	/// The policy applied.
	pub policy: Policy,
}

impl Release {
	/// BLAKE2b-256 of the released records (SCALE-encoded): the output hash an attestation
	/// names.
	pub fn digest(&self) -> [u8; 32] {
		digest(&self.records)
	}
}

/// BLAKE2b-256 of `items`, SCALE-encoded: input and output hashes of an attestation.
pub fn digest<T: Encode>(items: &[T]) -> [u8; 32] {
	let mut hasher = Blake2b::<U32>::new();
	hasher.update(items.encode());
	hasher.finalize().into()
}

/// Anonymizes `records` under `policy`, with pseudonyms from `pseudonymizer`.
///
/// ## Errors
/// - [`Error::InvalidPolicy`]: the policy would hide no one.
/// - [`Error::InvalidCoordinate`]: a record has no place on Earth; nothing is released.
pub fn anonymize(
	records: &[Record],
	policy: Policy,
	pseudonymizer: &Pseudonymizer,
) -> Result<Release, Error> {
	policy.validate()?;
	let mut groups: BTreeMap<(String, u64), Vec<AnonymizedRecord>> = BTreeMap::new();
	for (index, record) in records.iter().enumerate() {
		let cell = policy
			.cell(record.latitude, record.longitude)
			.ok_or(Error::InvalidCoordinate { index })?;
		let period_start_ms = policy.bucket(record.timestamp_ms);
		groups.entry((cell.clone(), period_start_ms)).or_default().push(AnonymizedRecord {
			pseudonym: pseudonymizer.pseudonym(&record.subject),
			cell,
			period_start_ms,
			reading: record.reading.clone(),
		});
	}

	let mut released = Vec::with_capacity(records.len());
	let mut suppressed = 0;
	for (_, mut group) in groups {
		let subjects: BTreeSet<Pseudonym> = group.iter().map(|r| r.pseudonym).collect();
		if subjects.len() >= policy.k {
			group.sort_unstable();
			released.append(&mut group);
		} else {
			suppressed += group.len();
		}
	}
	Ok(Release { records: released, suppressed, policy })
}

#[cfg(test)]
mod tests {
	use super::*;

	const POLICY: Policy = Policy { geohash_precision: 6, time_bucket_ms: 3_600_000, k: 3 };
	const HOUR: u64 = 3_600_000;

	fn record(subject: &str, latitude: f64, timestamp_ms: u64) -> Record {
		Record {
			subject: subject.as_bytes().to_vec(),
			latitude,
			longitude: -3.8099,
			timestamp_ms,
			reading: b"72 bpm".to_vec(),
		}
	}

	fn pseudonymizer() -> Pseudonymizer {
		Pseudonymizer::new(&[9; 32])
	}

	/// Three subjects in one cell and hour, one alone in another cell, one in another hour.
	fn city() -> Vec<Record> {
		vec![
			record("ana", 43.4623, 10 * HOUR + 5),
			record("ben", 43.4624, 10 * HOUR + 600_000),
			record("carla", 43.4622, 10 * HOUR + 3_000_000),
			record("ana", 43.4623, 10 * HOUR + 3_500_000),
			record("dario", 43.50, 10 * HOUR + 7),
			record("ben", 43.4623, 11 * HOUR + 1),
		]
	}

	#[test]
	fn groups_of_k_subjects_are_released_generalized_and_pseudonymized() {
		let release = anonymize(&city(), POLICY, &pseudonymizer()).expect("anonymizes");
		assert_eq!(release.records.len(), 4);
		assert_eq!(release.suppressed, 2);
		for released in &release.records {
			assert_eq!(released.cell, "eztr32");
			assert_eq!(released.period_start_ms, 10 * HOUR);
		}
		let subjects: BTreeSet<_> = release.records.iter().map(|r| r.pseudonym).collect();
		assert_eq!(subjects.len(), 3);
		assert!(!subjects.contains(&Pseudonym(*b"ana\0\0\0\0\0\0\0\0\0\0\0\0\0")));
	}

	#[test]
	fn k_counts_subjects_not_records() {
		// One subject's ten records are still one subject.
		let records: Vec<Record> =
			(0..10).map(|minute| record("ana", 43.4623, 10 * HOUR + minute * 60_000)).collect();
		let release = anonymize(&records, POLICY, &pseudonymizer()).expect("anonymizes");
		assert!(release.records.is_empty());
		assert_eq!(release.suppressed, 10);
	}

	#[test]
	fn every_released_group_holds_k_subjects() {
		let records: Vec<Record> = (0..500u64)
			.map(|i| {
				let subject = format!("subject-{}", i % 37);
				record(&subject, 43.40 + (i % 7) as f64 * 0.01, (i % 5) * HOUR)
			})
			.collect();
		let release = anonymize(&records, POLICY, &pseudonymizer()).expect("anonymizes");
		let mut groups: BTreeMap<(String, u64), BTreeSet<Pseudonym>> = BTreeMap::new();
		for released in &release.records {
			groups
				.entry((released.cell.clone(), released.period_start_ms))
				.or_default()
				.insert(released.pseudonym);
		}
		assert!(groups.values().all(|subjects| subjects.len() >= POLICY.k));
		assert_eq!(release.records.len() + release.suppressed, records.len());
	}

	#[test]
	fn the_release_order_does_not_follow_the_input() {
		let mut reversed = city();
		reversed.reverse();
		let forward = anonymize(&city(), POLICY, &pseudonymizer()).expect("anonymizes");
		let backward = anonymize(&reversed, POLICY, &pseudonymizer()).expect("anonymizes");
		assert_eq!(forward, backward);
		assert_eq!(forward.digest(), backward.digest());
	}

	#[test]
	fn a_record_off_the_map_stops_the_release() {
		let mut records = city();
		records[2].latitude = 123.0;
		assert_eq!(
			anonymize(&records, POLICY, &pseudonymizer()),
			Err(Error::InvalidCoordinate { index: 2 })
		);
	}

	#[test]
	fn digests_change_with_the_data() {
		let release = anonymize(&city(), POLICY, &pseudonymizer()).expect("anonymizes");
		let mut changed = city();
		changed[0].reading = b"73 bpm".to_vec();
		let other = anonymize(&changed, POLICY, &pseudonymizer()).expect("anonymizes");
		assert_ne!(release.digest(), other.digest());
		assert_ne!(digest(&city()), digest(&changed));
	}
}
