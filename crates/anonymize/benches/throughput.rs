//! Anonymization throughput: records per second for a million synthetic records (a city's
//! wearables over a day, in hourly batches). `cargo bench -p msec-anonymize`; the figure is in
//! docs/performance.md.

use std::time::Instant;

use msec_anonymize::{anonymize, salted_commitment, Policy, Pseudonymizer, Record};

const RECORDS: u64 = 1_000_000;

/// A deterministic city: 20,000 subjects around Santander, one reading every few minutes,
/// each subject on one of 500 daily routes (where it is at each hour), a little off the route.
fn city() -> Vec<Record> {
	(0..RECORDS)
		.map(|i| {
			// A cheap deterministic scatter (SplitMix64 finalizer) for subjects and jitter.
			let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
			x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
			x ^= x >> 31;
			let subject = x % 20_000;
			let timestamp_ms = 1_790_000_000_000 + i * 86;
			let hour = timestamp_ms / 3_600_000;
			let stop = (subject % 500).wrapping_mul(7).wrapping_add(hour);
			Record {
				subject: format!("wearable-{subject}").into_bytes(),
				latitude: 43.40 + (stop % 16) as f64 * 0.011 + (x >> 40 & 0xf) as f64 * 0.000005,
				longitude: -3.90 + (stop / 16 % 16) as f64 * 0.022,
				timestamp_ms,
				reading: (x as u16).to_le_bytes().to_vec(),
			}
		})
		.collect()
}

fn main() {
	let records = city();
	let policy = Policy { geohash_precision: 6, time_bucket_ms: 3_600_000, k: 5 };
	let pseudonymizer = Pseudonymizer::new(&[7; 32]);
	// One batch per hour (the linkage window), as a gateway would hand them in.
	let batches: Vec<&[Record]> =
		records.chunk_by(|a, b| a.timestamp_ms / 3_600_000 == b.timestamp_ms / 3_600_000).collect();
	let mut best = f64::MAX;
	let (mut kept, mut suppressed) = (0, 0);
	for _ in 0..3 {
		(kept, suppressed) = (0, 0);
		// What the node does per batch: the input commitment, the release, the output hash.
		let start = Instant::now();
		for (number, batch) in batches.iter().enumerate() {
			let salt = [number as u8; 16];
			let input_hash = salted_commitment(&[3; 32], batch);
			let release = anonymize(batch, policy, &pseudonymizer, &salt).expect("a valid city");
			let output_hash = release.digest();
			(kept, suppressed) = (kept + release.records.len(), suppressed + release.suppressed);
			std::hint::black_box((input_hash, output_hash, release));
		}
		best = best.min(start.elapsed().as_secs_f64());
	}
	println!(
		"anonymize: {RECORDS} records in {} hourly batches in {best:.3} s (best of 3, both \
		 digests included): {:.0} records/s; {kept} kept, {suppressed} suppressed (k = {}, \
		 geohash {}, {} min buckets)",
		batches.len(),
		RECORDS as f64 / best,
		policy.k,
		policy.geohash_precision,
		policy.time_bucket_ms / 60_000,
	);
}
