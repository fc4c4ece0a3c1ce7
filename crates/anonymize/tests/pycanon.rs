//! The k a release claims, checked by an independent implementation: pyCANON (PyPI `pycanon`,
//! installed by `scripts/setup.sh`; `MSEC_PYTHON` names its Python). One row per subject, its
//! quasi-identifier the trajectory a buyer links through its pseudonym.

use std::{
	collections::{BTreeMap, BTreeSet},
	path::{Path, PathBuf},
	process::Command,
};

use msec_anonymize::{anonymize, Policy, Pseudonymizer, Record};

const K: usize = 3;
const HOUR: u64 = 3_600_000;

/// 97 subjects over 500 records: odd ones move between three cells, every third one between
/// two hours; five trajectories, one of them only two subjects'.
fn city() -> Vec<Record> {
	(0..500u64)
		.map(|i| {
			let subject = i % 97;
			let cell = if subject % 2 == 1 { i % 3 } else { 0 };
			let hour = if subject % 3 == 0 { (i / 97) % 2 } else { 0 };
			Record {
				subject: format!("card-{subject}").into_bytes(),
				latitude: 43.40 + cell as f64 * 0.05,
				longitude: -3.8099,
				timestamp_ms: 1_795_435_200_000 + hour * HOUR,
				reading: b"1.30 EUR".to_vec(),
			}
		})
		.collect()
}

/// Writes to `path` a CSV of one row per subject of `rows`: the subject, and its trajectory
/// (its (cell, bucket) pairs, joined).
fn trajectories_csv(path: &Path, rows: impl Iterator<Item = (String, (String, u64))>) -> PathBuf {
	let mut trajectories: BTreeMap<String, BTreeSet<(String, u64)>> = BTreeMap::new();
	for (subject, pair) in rows {
		trajectories.entry(subject).or_default().insert(pair);
	}
	let mut csv = String::from("subject,trajectory\n");
	for (subject, pairs) in trajectories {
		let joined: Vec<String> =
			pairs.iter().map(|(cell, bucket)| format!("{cell}@{bucket}")).collect();
		csv.push_str(&format!("{subject},{}\n", joined.join(" ")));
	}
	std::fs::write(path, csv).expect("the CSV is written");
	path.to_path_buf()
}

/// pyCANON's k of `csv` over its trajectory column.
fn pycanon_k(csv: &Path) -> usize {
	let python = std::env::var("MSEC_PYTHON").unwrap_or_else(|_| {
		format!("{}/.cache/msec/python/bin/python", std::env::var("HOME").unwrap_or_default())
	});
	let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/k_anonymity.py");
	let output = Command::new(&python)
		.arg(&script)
		.arg(csv)
		.arg("trajectory")
		.output()
		.unwrap_or_else(|error| panic!("cannot run {python} (run scripts/setup.sh): {error}"));
	assert!(
		output.status.success(),
		"pyCANON failed (scripts/setup.sh installs it): {}",
		String::from_utf8_lossy(&output.stderr)
	);
	String::from_utf8_lossy(&output.stdout).trim().parse().expect("pyCANON prints k")
}

#[test]
fn anonymization_k_holds_as_pycanon_measures_it() {
	let dir = std::env::temp_dir().join(format!("msec-pycanon-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("a temporary directory");
	let policy = Policy { geohash_precision: 6, time_bucket_ms: HOUR, k: K };
	let records = city();

	// The raw trajectories, generalized: pyCANON finds the class of two subjects that the
	// release must not show, so its verdict below means something.
	let raw = records.iter().map(|record| {
		let cell = policy.cell(record.latitude, record.longitude).expect("on the map");
		let subject = String::from_utf8_lossy(&record.subject).into_owned();
		(subject, (cell, policy.bucket(record.timestamp_ms)))
	});
	let raw_k = pycanon_k(&trajectories_csv(&dir.join("raw.csv"), raw));
	assert!(raw_k < K, "pyCANON measures k = {raw_k} on the input");

	let release = anonymize(&records, policy, &Pseudonymizer::new(&[4; 32]), &[0; 16]).expect("valid");
	assert!(release.suppressed > 0 && !release.records.is_empty());
	let released = release.records.iter().map(|record| {
		let pseudonym = format!("0x{}", hex::encode(record.pseudonym.0));
		(pseudonym, (record.cell.clone(), record.period_start_ms))
	});
	let released_k = pycanon_k(&trajectories_csv(&dir.join("released.csv"), released));
	assert!(released_k >= K, "pyCANON measures k = {released_k} for a release claiming {K}");
	let _ = std::fs::remove_dir_all(&dir);
}
