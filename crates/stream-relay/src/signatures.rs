//! Device signatures checked many at a time: the relay's largest cost per message.
//!
//! ed25519 signatures go through ed25519-zebra's batch verifier, about twice as fast per
//! signature as checking each alone. It accepts exactly the signatures that its single check
//! accepts (the ZIP 215 rules), and the single check is the one `sp_core` and the runtime use:
//! a batch can neither let through a signature the chain would refuse nor refuse one it takes.
//! If a batch fails, each of its signatures is checked alone to tell which; sr25519 signatures
//! are checked one by one.

use msec_primitives::{DeviceKey, DeviceSignature};

/// A signature to check: the key it should be by, the signature, the signed payload.
pub(crate) struct SignedPayload<'a> {
	pub key: &'a DeviceKey,
	pub signature: &'a DeviceSignature,
	pub payload: &'a [u8],
}

/// Whether each signature is its key's over its payload, in order.
pub(crate) fn verify_all(items: &[SignedPayload<'_>]) -> Vec<bool> {
	let mut genuine = vec![false; items.len()];
	let mut batch = ed25519_zebra::batch::Verifier::new();
	let mut batched = Vec::new();
	for (position, item) in items.iter().enumerate() {
		match (item.key, item.signature) {
			(DeviceKey::Ed25519(key), DeviceSignature::Ed25519(signature)) => {
				let key = ed25519_zebra::VerificationKeyBytes::from(key.0);
				let signature = ed25519_zebra::Signature::from_bytes(&signature.0);
				batch.queue((key, signature, item.payload));
				batched.push(position);
			},
			_ => genuine[position] = item.key.verify(item.payload, item.signature),
		}
	}
	let whole_batch_genuine = match batched.len() {
		0 => true,
		// One signature: the single check is as fast and needs no randomness.
		1 => false,
		_ => batch.verify(rand_core::OsRng).is_ok(),
	};
	for position in batched {
		let item = &items[position];
		genuine[position] = whole_batch_genuine || item.key.verify(item.payload, item.signature);
	}
	genuine
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{ed25519, sr25519, Pair};

	#[test]
	fn a_batch_with_one_forged_signature_refuses_that_one_only() {
		let ed = ed25519::Pair::from_seed(&[1; 32]);
		let sr = sr25519::Pair::from_seed(&[2; 32]);
		let (ed_key, sr_key) = (DeviceKey::Ed25519(ed.public()), DeviceKey::Sr25519(sr.public()));
		let payloads: Vec<Vec<u8>> = (0u8..6).map(|i| vec![i; 40]).collect();
		let mut signatures: Vec<(DeviceKey, DeviceSignature)> = payloads
			.iter()
			.enumerate()
			.map(|(i, payload)| match i {
				4 => (sr_key.clone(), DeviceSignature::Sr25519(sr.sign(payload))),
				_ => (ed_key.clone(), DeviceSignature::Ed25519(ed.sign(payload))),
			})
			.collect();
		let check = |signatures: &[(DeviceKey, DeviceSignature)]| {
			let items: Vec<SignedPayload<'_>> = signatures
				.iter()
				.zip(&payloads)
				.map(|((key, signature), payload)| SignedPayload { key, signature, payload })
				.collect();
			verify_all(&items)
		};
		assert_eq!(check(&signatures), vec![true; 6]);

		// A signature over another payload, and one by another scheme than the key's.
		signatures[2].1 = DeviceSignature::Ed25519(ed.sign(b"something else"));
		signatures[5].1 = DeviceSignature::Sr25519(sr.sign(&payloads[5]));
		assert_eq!(check(&signatures), vec![true, true, false, true, true, false]);
	}

	#[test]
	fn a_lone_signature_is_checked_alone() {
		let ed = ed25519::Pair::from_seed(&[1; 32]);
		let key = DeviceKey::Ed25519(ed.public());
		let genuine = DeviceSignature::Ed25519(ed.sign(b"reading"));
		let forged = DeviceSignature::Ed25519(ed.sign(b"another reading"));
		for (signature, expected) in [(genuine, true), (forged, false)] {
			let item = SignedPayload { key: &key, signature: &signature, payload: b"reading" };
			assert_eq!(verify_all(&[item]), vec![expected]);
		}
	}
}
