//! What a reader checks on each message a relay serves, so that no relay (a buyer city's,
//! holding the content key) can pass off its own messages as the device's, and none can drop,
//! repeat or reorder messages unnoticed.
//!
//! - The signature is checked against the chain, over a payload bound to the chain's genesis
//!   and the message's listing: the device's key for what the device published, the key of a
//!   worker the provider appointed (its data-plane proxy) for what its node released from
//!   anonymized records. A message sealed by anyone else holding the content key is
//!   [`Authenticity::Forged`].
//! - Sequence numbers must rise: a repeated one is a [`Finding::Duplicate`], a lower one
//!   [`Finding::Reordered`], and a jump a [`Finding::Gap`] (devices number their messages
//!   one by one, so a gap is a message lost by the device or dropped by a relay).
//! - Log indexes must follow each other: a jump is [`Finding::Skipped`] (retention dropped
//!   them, or the relay withholds them), and consecutive indexes must carry the log's hash
//!   chain on, else [`Finding::BrokenChain`] (what the relay serves contradicts itself).

use msec_primitives::DeviceKey;
use msec_stream_crypto::{publication_payload, release_payload, DeviceId, GenesisHash, ListingId};
use msec_stream_log::link;
use sp_core::{sr25519, H256};

use crate::wire::RelayedMessage;

/// Whose message it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authenticity {
	/// Signed by the listing's device, on this chain.
	DeviceSigned,
	/// A release the provider's node sealed from anonymized records, signed with the key of a
	/// data-plane worker the provider appointed: no device wrote it, the provider vouches for
	/// it.
	ProviderRelease,
	/// Neither: an invalid signature, another device or listing, another chain. Not to be
	/// trusted.
	Forged,
}

/// Something wrong with the order of what the relay served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
	/// Sequences `from..=to` never arrived.
	Gap {
		/// First missing sequence.
		from: u64,
		/// Last missing sequence.
		to: u64,
	},
	/// A sequence served before, again.
	Duplicate {
		/// The repeated sequence.
		sequence: u64,
	},
	/// A sequence below one served before.
	Reordered {
		/// The late sequence.
		sequence: u64,
		/// The highest sequence served before it.
		after: u64,
	},
	/// The message does not continue the log's hash chain from the message before it.
	BrokenChain {
		/// Its log index.
		index: u64,
	},
	/// Log indexes `from..=to` were not served.
	Skipped {
		/// First index not served.
		from: u64,
		/// Last index not served.
		to: u64,
	},
}

impl core::fmt::Display for Finding {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::Gap { from, to } if from == to => write!(f, "sequence {from} is missing"),
			Self::Gap { from, to } => write!(f, "sequences {from} to {to} are missing"),
			Self::Duplicate { sequence } => write!(f, "sequence {sequence} was served twice"),
			Self::Reordered { sequence, after } => {
				write!(f, "sequence {sequence} came after sequence {after}")
			},
			Self::BrokenChain { index } => write!(
				f,
				"message #{index} does not continue the log's hash chain: the relay altered its log"
			),
			Self::Skipped { from, to } => write!(
				f,
				"log indexes {from} to {to} were not served (dropped by retention, or withheld)"
			),
		}
	}
}

/// The source of a listing's messages, as the chain records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedSource {
	/// The listing.
	pub listing: ListingId,
	/// The device the listing names, and its key on chain.
	pub device: Option<(DeviceId, DeviceKey)>,
	/// The keys of the provider's data-plane workers, one of which signs each release of an
	/// anonymized listing.
	pub release_signers: Vec<sr25519::Public>,
	/// Whether the listing is anonymized now: then new messages are the provider's releases.
	pub anonymized: bool,
}

/// A reader's checks along one listing's stream.
pub struct StreamAudit {
	genesis: GenesisHash,
	source: ExpectedSource,
	/// The index, chain after, and highest sequence of the last message checked.
	last: Option<(u64, H256, u64)>,
}

impl StreamAudit {
	/// Checks for a stream of the chain with genesis `genesis` from `source`.
	pub fn new(genesis: GenesisHash, source: ExpectedSource) -> Self {
		Self { genesis, source, last: None }
	}

	/// The source checked against.
	pub fn source(&self) -> &ExpectedSource {
		&self.source
	}

	/// Checks against `source` from now on (the device's key was rotated, say).
	pub fn replace_source(&mut self, source: ExpectedSource) {
		self.source = source;
	}

	/// Who wrote `message`, and what is wrong with its place in the stream.
	pub fn check(&mut self, message: &RelayedMessage) -> (Authenticity, Vec<Finding>) {
		let authenticity = self.authenticity(message);
		let mut findings = Vec::new();
		let chain_after = message.sealed_message().map(|sealed| link(message.previous, &sealed));
		if let Some((index, chain, highest)) = self.last {
			if message.index == index.saturating_add(1) && message.previous != chain {
				findings.push(Finding::BrokenChain { index: message.index });
			}
			if message.index > index.saturating_add(1) {
				findings.push(Finding::Skipped { from: index + 1, to: message.index - 1 });
			}
			let sequence = message.sequence;
			if sequence == highest {
				findings.push(Finding::Duplicate { sequence });
			} else if sequence < highest {
				findings.push(Finding::Reordered { sequence, after: highest });
			} else if sequence > highest.saturating_add(1) {
				findings.push(Finding::Gap { from: highest + 1, to: sequence - 1 });
			}
		}
		// A forged message moves nothing forward: the next honest one is checked against the
		// honest stream.
		if authenticity != Authenticity::Forged {
			let highest = self.last.map_or(message.sequence, |(_, _, highest)| {
				highest.max(message.sequence)
			});
			self.last = Some((message.index, chain_after.unwrap_or_default(), highest));
		}
		(authenticity, findings)
	}

	fn authenticity(&self, message: &RelayedMessage) -> Authenticity {
		let Ok(signature) = message.device_signature() else { return Authenticity::Forged };
		let Some(sealed) = message.sealed_message() else { return Authenticity::Forged };
		let Some((device, key)) = &self.source.device else { return Authenticity::Forged };
		if message.listing != self.source.listing || message.device != *device {
			return Authenticity::Forged;
		}
		// What the device published before the listing was anonymized stays the device's.
		if key.verify(&publication_payload(&self.genesis, *device, &sealed), &signature) {
			return Authenticity::DeviceSigned;
		}
		let payload = release_payload(&self.genesis, &sealed);
		let by_a_worker = self
			.source
			.release_signers
			.iter()
			.any(|worker| DeviceKey::Sr25519(*worker).verify(&payload, &signature));
		if by_a_worker {
			return Authenticity::ProviderRelease;
		}
		Authenticity::Forged
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use msec_primitives::DeviceSignature;
	use msec_stream_crypto::{SealedMessage, StreamPosition};
	use sp_core::{ed25519, Bytes, Pair};

	const GENESIS: GenesisHash = [0x47; 32];
	const DEVICE: DeviceId = 11;

	fn device_pair() -> ed25519::Pair {
		ed25519::Pair::from_seed(&[1; 32])
	}

	fn worker_pair() -> sr25519::Pair {
		sr25519::Pair::from_seed(&[4; 32])
	}

	fn source() -> ExpectedSource {
		let key = DeviceKey::Ed25519(device_pair().public());
		let release_signers = vec![worker_pair().public()];
		ExpectedSource { listing: 3, device: Some((DEVICE, key)), release_signers, anonymized: false }
	}

	/// A relay's log of `sequences`, each signed by `signer`, chained as the relay chains it.
	fn log(sequences: &[u64], signer: &ed25519::Pair) -> Vec<RelayedMessage> {
		let mut chain = H256::zero();
		sequences
			.iter()
			.enumerate()
			.map(|(index, &sequence)| {
				let position = StreamPosition { listing: 3, key_epoch: 0, sequence };
				let sealed =
					SealedMessage { position, nonce: [2; 24], ciphertext: vec![sequence as u8; 20] };
				let signature = DeviceSignature::Ed25519(
					signer.sign(&publication_payload(&GENESIS, DEVICE, &sealed)),
				);
				let relayed = RelayedMessage {
					index: index as u64,
					device: DEVICE,
					received_at: 5,
					listing: 3,
					key_epoch: 0,
					sequence,
					nonce: Bytes(sealed.nonce.to_vec()),
					ciphertext: Bytes(sealed.ciphertext.clone()),
					signature: Bytes(signature.encode()),
					previous: chain,
				};
				chain = link(chain, &sealed);
				relayed
			})
			.collect()
	}

	fn audit(messages: &[RelayedMessage]) -> Vec<(Authenticity, Vec<Finding>)> {
		let mut audit = StreamAudit::new(GENESIS, source());
		messages.iter().map(|message| audit.check(message)).collect()
	}

	#[test]
	fn an_honest_stream_is_device_signed_with_nothing_to_report() {
		for (authenticity, findings) in audit(&log(&[1, 2, 3, 4], &device_pair())) {
			assert_eq!(authenticity, Authenticity::DeviceSigned);
			assert!(findings.is_empty(), "{findings:?}");
		}
	}

	#[test]
	fn a_buyer_relay_holding_the_content_key_cannot_pass_off_its_messages_as_the_devices() {
		let honest = log(&[1, 2], &device_pair());
		let mut forged = log(&[1, 2, 3], &ed25519::Pair::from_seed(&[9; 32]));
		forged[2].previous = link(honest[1].previous, &honest[1].sealed_message().expect("sealed"));
		forged[2].index = 2;
		let mut served = honest.clone();
		served.push(forged[2].clone());
		let mut as_release = forged[2].clone();
		let sealed = as_release.sealed_message().expect("sealed");
		let relay_key = sr25519::Pair::from_seed(&[8; 32]);
		let release = DeviceSignature::Sr25519(relay_key.sign(&release_payload(&GENESIS, &sealed)));
		as_release.signature = Bytes(release.encode());
		served.push(as_release);
		let verdicts = audit(&served);
		assert_eq!(verdicts[2].0, Authenticity::Forged, "signed by another key");
		assert_eq!(verdicts[3].0, Authenticity::Forged, "passed off as a provider release");
	}

	#[test]
	fn a_publication_signed_for_another_chain_is_forged_here() {
		let messages = log(&[1], &device_pair());
		let mut audit = StreamAudit::new([0x99; 32], source());
		assert_eq!(audit.check(&messages[0]).0, Authenticity::Forged);
	}

	#[test]
	fn a_relay_that_drops_a_message_is_reported() {
		let mut served = log(&[1, 2, 3, 4], &device_pair());
		served.remove(1);
		let verdicts = audit(&served);
		assert_eq!(
			verdicts[1].1,
			vec![Finding::Skipped { from: 1, to: 1 }, Finding::Gap { from: 2, to: 2 }]
		);
	}

	#[test]
	fn a_relay_that_renumbers_its_log_to_hide_a_drop_breaks_the_hash_chain() {
		let mut served = log(&[1, 2, 3], &device_pair());
		served.remove(1);
		served[1].index = 1;
		let verdicts = audit(&served);
		assert!(verdicts[1].1.contains(&Finding::BrokenChain { index: 1 }), "{:?}", verdicts[1]);
		assert!(verdicts[1].1.contains(&Finding::Gap { from: 2, to: 2 }));
	}

	#[test]
	fn a_message_of_the_same_device_for_another_listing_is_forged_here() {
		let mut served = log(&[1, 2], &device_pair());
		served[1].listing = 4;
		// Signed for listing 4 by the same device: the signature binds the listing.
		let sealed = served[1].sealed_message().expect("sealed");
		let signature =
			DeviceSignature::Ed25519(device_pair().sign(&publication_payload(&GENESIS, DEVICE, &sealed)));
		served[1].signature = Bytes(signature.encode());
		assert_eq!(audit(&served)[1].0, Authenticity::Forged);
	}

	#[test]
	fn a_relay_that_repeats_a_message_is_reported() {
		let log = log(&[1, 2, 3], &device_pair());
		let served = [log[0].clone(), log[1].clone(), log[1].clone(), log[2].clone()];
		let verdicts = audit(&served);
		assert_eq!(verdicts[2].1, vec![Finding::Duplicate { sequence: 2 }]);
		assert!(verdicts[3].1.is_empty(), "the stream goes on from the duplicate");
	}

	#[test]
	fn a_relay_that_reorders_messages_is_reported() {
		let log = log(&[1, 2, 3], &device_pair());
		let served = [log[0].clone(), log[2].clone(), log[1].clone()];
		let verdicts = audit(&served);
		assert!(verdicts[1].1.contains(&Finding::Gap { from: 2, to: 2 }));
		assert!(verdicts[2].1.contains(&Finding::Reordered { sequence: 2, after: 3 }));
	}

	#[test]
	fn a_relay_that_rewrites_its_log_breaks_the_hash_chain() {
		let mut served = log(&[1, 2, 3], &device_pair());
		// The relay swapped message 1 for another signed one of the same sequence (a replay
		// from another relay) but kept message 2's chain.
		let other = log(&[5, 2], &device_pair());
		served[1] = RelayedMessage { index: 1, ..other[1].clone() };
		let verdicts = audit(&served);
		assert_eq!(verdicts[1].1, vec![Finding::BrokenChain { index: 1 }]);
		assert_eq!(verdicts[2].1, vec![Finding::BrokenChain { index: 2 }]);
	}

	#[test]
	fn a_provider_release_is_told_from_a_device_message() {
		let anonymized = ExpectedSource { anonymized: true, ..source() };
		let mut release = log(&[1], &device_pair())[0].clone();
		let sealed = release.sealed_message().expect("sealed");
		let signature =
			DeviceSignature::Sr25519(worker_pair().sign(&release_payload(&GENESIS, &sealed)));
		release.signature = Bytes(signature.encode());
		let mut audit = StreamAudit::new(GENESIS, anonymized);
		assert_eq!(audit.check(&release).0, Authenticity::ProviderRelease);
		let mut unsigned = release.clone();
		unsigned.signature = Bytes(vec![]);
		assert_eq!(audit.check(&unsigned).0, Authenticity::Forged, "no signature, no trust");
	}

	#[test]
	fn a_release_signed_by_a_key_the_provider_did_not_appoint_is_forged() {
		let anonymized = ExpectedSource { anonymized: true, ..source() };
		let mut release = log(&[1], &device_pair())[0].clone();
		let sealed = release.sealed_message().expect("sealed");
		let unappointed = sr25519::Pair::from_seed(&[9; 32]);
		let signature =
			DeviceSignature::Sr25519(unappointed.sign(&release_payload(&GENESIS, &sealed)));
		release.signature = Bytes(signature.encode());
		let mut audit = StreamAudit::new(GENESIS, anonymized);
		assert_eq!(audit.check(&release).0, Authenticity::Forged);
	}
}
