//! Anonymization throughput: records per second for a million synthetic records (a city's
//! wearables over a day). `cargo bench -p msec-anonymize`; the figure is in
//! docs/performance.md.

use std::time::Instant;

use msec_anonymize::{anonymize, digest, Policy, Pseudonymizer, Record};

const RECORDS: u64 = 1_000_000;

/// A deterministic city: 20,000 subjects around Santander, one reading every few minutes.
fn city() -> Vec<Record> {
	(0..RECORDS)
		.map(|i| {
			// A cheap deterministic scatter (SplitMix64 finalizer) for places and subjects.
			let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
			x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
			x ^= x >> 31;
			Record {
				subject: format!("wearable-{}", x % 20_000).into_bytes(),
				latitude: 43.40 + (x >> 20 & 0xff) as f64 * 0.0005,
				longitude: -3.90 + (x >> 28 & 0xff) as f64 * 0.0007,
				timestamp_ms: 1_790_000_000_000 + i * 86,
				reading: (x as u16).to_le_bytes().to_vec(),
			}
		})
		.collect()
}

fn main() {
	let records = city();
	let policy = Policy { geohash_precision: 6, time_bucket_ms: 3_600_000, k: 5 };
	let pseudonymizer = Pseudonymizer::new(&[7; 32]);
	let mut best = f64::MAX;
	let mut kept = 0;
	let mut suppressed = 0;
	for _ in 0..3 {
		// What the worker does per batch: the input hash, the release, the output hash.
		let start = Instant::now();
		let input_hash = digest(&records);
		let release = anonymize(&records, policy, &pseudonymizer).expect("a valid city");
		let output_hash = release.digest();
		let seconds = start.elapsed().as_secs_f64();
		best = best.min(seconds);
		(kept, suppressed) = (release.records.len(), release.suppressed);
		std::hint::black_box((input_hash, output_hash, release));
	}
	println!(
		"anonymize: {RECORDS} records in {best:.3} s (best of 3, both digests included): \
		 {:.0} records/s; {kept} kept, {suppressed} suppressed (k = {}, geohash {}, {} min buckets)",
		RECORDS as f64 / best,
		policy.k,
		policy.geohash_precision,
		policy.time_bucket_ms / 60_000,
	);
}
