//! The release: generalize every record, then release only the subjects whose trajectory in the
//! batch (the set of (cell, bucket) pairs their records fall in: what a buyer links through
//! one pseudonym) at least `k` subjects share, each under a pseudonym of this batch only.

use std::collections::{BTreeMap, BTreeSet};

use blake2::{digest::consts::U32, Blake2b, Digest};
use codec::Encode;

use crate::{BatchSalt, Error, Policy, Pseudonym, Pseudonymizer};

/// The method an attestation names: per-batch pseudonyms, generalization and k-anonymity over
/// each subject's trajectory in the batch, version 2.
pub const METHOD: &[u8] = b"msec/anonymize/blake2b-geohash-trajectory-kanon/v2";

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
	/// The subject's pseudonym in this batch.
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
	/// The records kept, sorted by pseudonym, cell, bucket and reading: their order says
	/// nothing of the input's.
	pub records: Vec<AnonymizedRecord>,
	/// How many input records were suppressed with their subjects.
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

/// BLAKE2b-256 of `items`, SCALE-encoded: the output hash of an attestation.
pub fn digest<T: Encode>(items: &[T]) -> [u8; 32] {
	let mut hasher = Blake2b::<U32>::new();
	hasher.update(items.encode());
	hasher.finalize().into()
}

/// BLAKE2b-256 of `salt` and `items`, SCALE-encoded: the input commitment of an attestation.
/// Without the salt nobody tests a guess of the raw records against it (a card seen at a
/// station at a time); whoever holds the salt and the records can show they were the input.
pub fn salted_commitment<T: Encode>(salt: &[u8; 32], items: &[T]) -> [u8; 32] {
	let mut hasher = Blake2b::<U32>::new();
	hasher.update(salt);
	hasher.update(items.encode());
	hasher.finalize().into()
}

/// One subject's records of a batch, generalized.
type Generalized<'a> = Vec<(String, u64, &'a [u8])>;

/// Anonymizes the `records` of one batch under `policy`, with pseudonyms from `pseudonymizer`
/// salted with the batch's random `batch_salt`.
///
/// A subject's records are released only if at least `policy.k` subjects of the batch have
/// exactly the same trajectory (set of (cell, bucket) pairs), so that whatever a buyer links
/// through one pseudonym fits `k` subjects; so does every released (cell, bucket) group.
/// Pseudonyms change with the salt: nothing links a subject across batches.
///
/// ## Errors
/// - [`Error::InvalidPolicy`]: the policy would hide no one.
/// - [`Error::InvalidCoordinate`]: a record has no place on Earth; nothing is released.
pub fn anonymize(
	records: &[Record],
	policy: Policy,
	pseudonymizer: &Pseudonymizer,
	batch_salt: &BatchSalt,
) -> Result<Release, Error> {
	policy.validate()?;
	let mut subjects: BTreeMap<&[u8], Generalized<'_>> = BTreeMap::new();
	for (index, record) in records.iter().enumerate() {
		let cell = policy
			.cell(record.latitude, record.longitude)
			.ok_or(Error::InvalidCoordinate { index })?;
		let period_start_ms = policy.bucket(record.timestamp_ms);
		subjects.entry(record.subject.as_slice()).or_default().push((
			cell,
			period_start_ms,
			record.reading.as_slice(),
		));
	}

	let mut trajectories: BTreeMap<BTreeSet<(&str, u64)>, Vec<(&[u8], &Generalized<'_>)>> =
		BTreeMap::new();
	for (subject, generalized) in &subjects {
		let trajectory = generalized.iter().map(|(cell, period, _)| (cell.as_str(), *period));
		trajectories.entry(trajectory.collect()).or_default().push((subject, generalized));
	}

	let mut released = Vec::with_capacity(records.len());
	let mut suppressed = 0;
	for sharing in trajectories.values() {
		for (subject, generalized) in sharing {
			if sharing.len() < policy.k {
				suppressed += generalized.len();
				continue;
			}
			let pseudonym = pseudonymizer.pseudonym(batch_salt, subject);
			released.extend(generalized.iter().map(|(cell, period_start_ms, reading)| {
				AnonymizedRecord {
					pseudonym,
					cell: cell.clone(),
					period_start_ms: *period_start_ms,
					reading: reading.to_vec(),
				}
			}));
		}
	}
	released.sort_unstable();
	Ok(Release { records: released, suppressed, policy })
}

#[cfg(test)]
mod tests {
	use super::*;

	const POLICY: Policy = Policy { geohash_precision: 6, time_bucket_ms: 3_600_000, k: 3 };
	const HOUR: u64 = 3_600_000;
	/// Santander's town hall, in cell `eztr32` at precision 6.
	const TOWN_HALL: f64 = 43.4623;
	/// 4 km north: another cell.
	const NORTH: f64 = 43.50;

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

	/// Four subjects at the town hall at 10 (Ana twice), Dario alone up north.
	fn city() -> Vec<Record> {
		vec![
			record("ana", TOWN_HALL, 10 * HOUR + 5),
			record("ben", TOWN_HALL + 0.0001, 10 * HOUR + 600_000),
			record("carla", TOWN_HALL - 0.0001, 10 * HOUR + 3_000_000),
			record("ana", TOWN_HALL, 10 * HOUR + 3_500_000),
			record("dario", NORTH, 10 * HOUR + 7),
			record("eva", TOWN_HALL, 10 * HOUR + 9),
		]
	}

	#[test]
	fn subjects_sharing_a_trajectory_with_k_are_released_generalized_and_pseudonymized() {
		let release = anonymize(&city(), POLICY, &pseudonymizer(), &[0; 16]).expect("anonymizes");
		// Ana (twice), Ben, Carla, Eva: the town hall at 10. Dario is alone up north.
		assert_eq!((release.records.len(), release.suppressed), (5, 1));
		for released in &release.records {
			assert_eq!((released.cell.as_str(), released.period_start_ms), ("eztr32", 10 * HOUR));
		}
		let subjects: BTreeSet<_> = release.records.iter().map(|r| r.pseudonym).collect();
		assert_eq!(subjects.len(), 4);
		assert!(!subjects.contains(&Pseudonym(*b"ana\0\0\0\0\0\0\0\0\0\0\0\0\0")));
	}

	#[test]
	fn a_buyer_cannot_single_out_a_subject_by_the_cells_her_pseudonym_links() {
		// Every (cell, hour) holds three subjects, but only Ana was at the town hall at 10 and
		// up north at 11: whoever saw her there twice would find her records by her pseudonym.
		let records = vec![
			record("ana", TOWN_HALL, 10 * HOUR),
			record("ana", NORTH, 11 * HOUR),
			record("ben", TOWN_HALL, 10 * HOUR),
			record("carla", TOWN_HALL, 10 * HOUR),
			record("dario", NORTH, 11 * HOUR),
			record("eva", NORTH, 11 * HOUR),
		];
		let policy = Policy { k: 2, ..POLICY };
		let release = anonymize(&records, policy, &pseudonymizer(), &[0; 16]).expect("anonymizes");
		let ana = pseudonymizer().pseudonym(&[0; 16], b"ana");
		assert!(release.records.iter().all(|record| record.pseudonym != ana), "Ana is suppressed");
		assert_eq!((release.records.len(), release.suppressed), (4, 2));
	}

	#[test]
	fn the_same_subject_in_two_batches_gets_unlinkable_pseudonyms() {
		let first = anonymize(&city(), POLICY, &pseudonymizer(), &[0; 16]).expect("anonymizes");
		let second = anonymize(&city(), POLICY, &pseudonymizer(), &[1; 16]).expect("anonymizes");
		let pseudonyms = |release: &Release| -> BTreeSet<Pseudonym> {
			release.records.iter().map(|record| record.pseudonym).collect()
		};
		assert!(pseudonyms(&first).is_disjoint(&pseudonyms(&second)));
	}

	#[test]
	fn k_counts_subjects_not_records() {
		// One subject's ten records are still one subject.
		let records: Vec<Record> =
			(0..10).map(|minute| record("ana", TOWN_HALL, 10 * HOUR + minute * 60_000)).collect();
		let release = anonymize(&records, POLICY, &pseudonymizer(), &[0; 16]).expect("anonymizes");
		assert!(release.records.is_empty());
		assert_eq!(release.suppressed, 10);
	}

	#[test]
	fn every_released_trajectory_and_group_holds_k_subjects() {
		// 97 subjects: odd ones move between three cells, every third one between two hours;
		// five trajectories, one of them only two subjects'.
		let records: Vec<Record> = (0..500u64)
			.map(|i| {
				let subject = i % 97;
				let cell = if subject % 2 == 1 { i % 3 } else { 0 };
				let hour = if subject % 3 == 0 { (i / 97) % 2 } else { 0 };
				record(&format!("subject-{subject}"), 43.40 + cell as f64 * 0.05, hour * HOUR)
			})
			.collect();
		let release = anonymize(&records, POLICY, &pseudonymizer(), &[0; 16]).expect("anonymizes");
		assert!(!release.records.is_empty() && release.suppressed > 0, "both cases occur");
		let mut trajectories: BTreeMap<Pseudonym, BTreeSet<(String, u64)>> = BTreeMap::new();
		let mut groups: BTreeMap<(String, u64), BTreeSet<Pseudonym>> = BTreeMap::new();
		for released in &release.records {
			let pair = (released.cell.clone(), released.period_start_ms);
			trajectories.entry(released.pseudonym).or_default().insert(pair.clone());
			groups.entry(pair).or_default().insert(released.pseudonym);
		}
		let mut sharing: BTreeMap<&BTreeSet<(String, u64)>, usize> = BTreeMap::new();
		for trajectory in trajectories.values() {
			*sharing.entry(trajectory).or_default() += 1;
		}
		assert!(sharing.values().all(|subjects| *subjects >= POLICY.k));
		assert!(groups.values().all(|subjects| subjects.len() >= POLICY.k));
		assert_eq!(release.records.len() + release.suppressed, records.len());
	}

	#[test]
	fn the_release_order_does_not_follow_the_input() {
		let mut reversed = city();
		reversed.reverse();
		let forward = anonymize(&city(), POLICY, &pseudonymizer(), &[0; 16]).expect("anonymizes");
		let backward = anonymize(&reversed, POLICY, &pseudonymizer(), &[0; 16]).expect("anonymizes");
		assert_eq!(forward, backward);
		assert_eq!(forward.digest(), backward.digest());
	}

	#[test]
	fn a_record_off_the_map_stops_the_release() {
		let mut records = city();
		records[2].latitude = 123.0;
		assert_eq!(
			anonymize(&records, POLICY, &pseudonymizer(), &[0; 16]),
			Err(Error::InvalidCoordinate { index: 2 })
		);
	}

	#[test]
	fn digests_change_with_the_data() {
		let release = anonymize(&city(), POLICY, &pseudonymizer(), &[0; 16]).expect("anonymizes");
		let mut changed = city();
		changed[0].reading = b"73 bpm".to_vec();
		let other = anonymize(&changed, POLICY, &pseudonymizer(), &[0; 16]).expect("anonymizes");
		assert_ne!(release.digest(), other.digest());
		assert_ne!(digest(&city()), digest(&changed));
	}

	#[test]
	fn nobody_without_the_salt_can_test_a_guess_of_the_input() {
		let guess = city();
		let commitment = salted_commitment(&[5; 32], &guess);
		// The unsalted hash of the right guess, or another salt, does not match.
		assert_ne!(commitment, digest(&guess));
		assert_ne!(commitment, salted_commitment(&[6; 32], &guess));
		assert_eq!(commitment, salted_commitment(&[5; 32], &guess), "the salt's holder can");
	}
}
