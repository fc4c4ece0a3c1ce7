//! Message encryption throughput at 64 B, 1 KiB and 16 KiB: our `seal` and `open`
//! (XChaCha20-Poly1305 with the stream's associated data and a fresh random nonce) next to
//! `ring`'s ChaCha20-Poly1305 in place, in the same run. `cargo bench -p msec-stream-crypto`;
//! the figures are in docs/performance.md.

use std::{
	hint::black_box,
	time::{Duration, Instant},
};

use chacha20::ChaCha20Rng;
use msec_stream_crypto::{open, rand_core::SeedableRng, seal, ContentKey, StreamPosition};
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305};

const SIZES: [usize; 3] = [64, 1024, 16 * 1024];
/// How long each figure is measured, after a tenth of that for warming up.
const MEASURE: Duration = Duration::from_secs(2);

/// Runs `step` for about [`MEASURE`]; steps per second.
fn rate(mut step: impl FnMut()) -> f64 {
	let warm_up = Instant::now();
	while warm_up.elapsed() < MEASURE / 10 {
		step();
	}
	let start = Instant::now();
	let mut steps = 0u64;
	while start.elapsed() < MEASURE {
		for _ in 0..64 {
			step();
		}
		steps += 64;
	}
	steps as f64 / start.elapsed().as_secs_f64()
}

fn row(what: &str, size: usize, per_second: f64) {
	let mib_per_second = per_second * size as f64 / (1024.0 * 1024.0);
	println!("| {what:<44} | {size:>6} | {per_second:>12.0} | {mib_per_second:>8.1} |");
}

fn main() {
	let mut rng = ChaCha20Rng::from_seed([7; 32]);
	let key = ContentKey::generate(1, &mut rng);
	let position = StreamPosition { listing: 3, key_epoch: 1, sequence: 42 };
	let ring_key = LessSafeKey::new(
		UnboundKey::new(&CHACHA20_POLY1305, key.expose_bytes()).expect("a 32-byte key"),
	);
	let ad = position.associated_data();

	println!("| {:<44} | {:>6} | {:>12} | {:>8} |", "operation", "bytes", "messages/s", "MiB/s");
	println!("|{:-<46}|{:->8}|{:->14}|{:->10}|", "", "", "", "");
	for size in SIZES {
		let plaintext = vec![0x5a; size];
		row(
			"msec seal (XChaCha20-Poly1305, random nonce)",
			size,
			rate(|| {
				black_box(seal(&key, position, black_box(&plaintext), &mut rng).expect("seals"));
			}),
		);
		let sealed = seal(&key, position, &plaintext, &mut rng).expect("seals");
		row(
			"msec open",
			size,
			rate(|| {
				black_box(open(&key, black_box(&sealed)).expect("opens"));
			}),
		);
		// ring seals in place: give it the same work of copying the plaintext into a buffer
		// with room for the tag, as `seal` does.
		row(
			"ring ChaCha20-Poly1305 seal (in place)",
			size,
			rate(|| {
				let mut buffer = Vec::with_capacity(size + CHACHA20_POLY1305.tag_len());
				buffer.extend_from_slice(black_box(&plaintext));
				let nonce = Nonce::assume_unique_for_key([9; 12]);
				ring_key
					.seal_in_place_append_tag(nonce, Aad::from(&ad), &mut buffer)
					.expect("seals");
				black_box(buffer);
			}),
		);
		let mut ring_sealed = plaintext.clone();
		ring_key
			.seal_in_place_append_tag(
				Nonce::assume_unique_for_key([9; 12]),
				Aad::from(&ad),
				&mut ring_sealed,
			)
			.expect("seals");
		row(
			"ring ChaCha20-Poly1305 open (in place)",
			size,
			rate(|| {
				let mut buffer = black_box(&ring_sealed).clone();
				let nonce = Nonce::assume_unique_for_key([9; 12]);
				let opened = ring_key
					.open_in_place(nonce, Aad::from(&ad), &mut buffer)
					.expect("opens");
				black_box(opened.len());
			}),
		);
	}
}
