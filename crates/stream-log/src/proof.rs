//! The delivery proof of an epoch: how many messages the relay took for a stream in the
//! epoch's blocks, and a digest of them a buyer holding the same messages can recompute.
//!
//! The relay keeps a hash chain along each listing's log as it appends
//! (`chain' = link(chain, message)`), and each message carries the chain before it. The digest
//! of messages `first..end` is `BLAKE2b-256(chain before first ‖ chain after end - 1)`: the
//! stream worker reads it off the log in a few reads however large the epoch, and a buyer
//! recomputes it by linking the messages it fetched, starting from the first one's `previous`.

use codec::Encode;
use msec_stream_crypto::SealedMessage;
use sp_core::H256;
use sp_crypto_hashing::blake2_256;

use crate::LogWindow;

/// What `Marketplace.confirm_delivery` anchors for an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveryProof {
	/// Messages in the epoch.
	pub message_count: u32,
	/// BLAKE2b-256 of the log's hash chain before and after the epoch's messages; all zeros
	/// for no message.
	pub digest: H256,
}

/// The log's hash chain after `message`, when it was `previous` before it:
/// `BLAKE2b-256(previous ‖ BLAKE2b-256(SCALE(message)))`.
pub fn link(previous: H256, message: &SealedMessage) -> H256 {
	let leaf = blake2_256(&message.encode());
	H256(blake2_256(&[previous.0, leaf].concat()))
}

impl DeliveryProof {
	/// The proof of a window of the log, from its bounds alone.
	pub fn of_window(window: &LogWindow) -> Self {
		let count = window.end.saturating_sub(window.first);
		Self::from_chain(count, window.start_chain, window.end_chain)
	}

	fn from_chain(count: u64, start: H256, end: H256) -> Self {
		if count == 0 {
			return Self { message_count: 0, digest: H256::zero() };
		}
		let message_count = u32::try_from(count).unwrap_or(u32::MAX);
		Self { message_count, digest: H256(blake2_256(&[start.0, end.0].concat())) }
	}
}

/// The proof over `messages`, in log order, when the log's hash chain before the first was
/// `start` (the first message's `previous`): what a buyer recomputes.
pub fn delivery_proof<'a>(
	start: H256,
	messages: impl IntoIterator<Item = &'a SealedMessage>,
) -> DeliveryProof {
	let (count, end) = messages
		.into_iter()
		.fold((0u64, start), |(count, chain), message| (count + 1, link(chain, message)));
	DeliveryProof::from_chain(count, start, end)
}

#[cfg(test)]
mod tests {
	use super::*;
	use msec_stream_crypto::StreamPosition;

	fn message(sequence: u64) -> SealedMessage {
		let position = StreamPosition { listing: 1, key_epoch: 0, sequence };
		SealedMessage { position, nonce: [7; 24], ciphertext: alloc::vec![9; 40] }
	}

	#[test]
	fn no_message_has_a_zero_digest() {
		let proof = delivery_proof(H256::repeat_byte(1), &[]);
		assert_eq!(proof, DeliveryProof { message_count: 0, digest: H256::zero() });
	}

	#[test]
	fn the_digest_commits_to_every_message_their_order_and_the_log_before_them() {
		let messages: alloc::vec::Vec<_> = (0..5).map(message).collect();
		let start = H256::repeat_byte(3);
		let proof = delivery_proof(start, &messages);
		assert_eq!(proof.message_count, 5);
		assert_ne!(proof.digest, H256::zero());

		let mut reordered = messages.clone();
		reordered.swap(1, 2);
		assert_ne!(delivery_proof(start, &reordered).digest, proof.digest);
		let mut altered = messages.clone();
		altered[4].ciphertext[0] ^= 1;
		assert_ne!(delivery_proof(start, &altered).digest, proof.digest);
		assert_ne!(delivery_proof(start, &messages[..4]).digest, proof.digest);
		assert_ne!(delivery_proof(H256::zero(), &messages).digest, proof.digest);
	}

	#[test]
	fn the_window_digest_equals_what_a_buyer_recomputes() {
		let messages: alloc::vec::Vec<_> = (0..4).map(message).collect();
		let start = H256::repeat_byte(5);
		let end = messages.iter().fold(start, |chain, message| link(chain, message));
		let window = LogWindow { first: 10, end: 14, start_chain: start, end_chain: end };
		assert_eq!(DeliveryProof::of_window(&window), delivery_proof(start, &messages));
	}

	#[test]
	fn the_link_is_blake2_of_the_previous_chain_and_the_message_hash() {
		let only = message(3);
		let leaf = blake2_256(&only.encode());
		let mut preimage = [0u8; 64];
		preimage[32..].copy_from_slice(&leaf);
		assert_eq!(link(H256::zero(), &only), H256(blake2_256(&preimage)));
	}
}
