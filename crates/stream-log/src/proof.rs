//! The delivery proof of an epoch: how many messages the relay took for a stream in the
//! epoch's blocks, and the Merkle root over them, which a buyer holding the same messages can
//! recompute.

use codec::Encode;
use msec_stream_crypto::SealedMessage;
use sp_core::H256;
use sp_runtime::traits::BlakeTwo256;

/// What `Marketplace.confirm_delivery` anchors for an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveryProof {
	/// Messages in the epoch.
	pub message_count: u32,
	/// Root of the binary Merkle tree (`binary-merkle-tree`, BLAKE2-256) whose leaves are the
	/// SCALE-encoded sealed messages in log order; all zeros for no message.
	pub merkle_root: H256,
}

/// The proof over `messages`, in the order the relay logged them.
pub fn delivery_proof<'a>(messages: impl IntoIterator<Item = &'a SealedMessage>) -> DeliveryProof {
	let leaves: alloc::vec::Vec<_> = messages.into_iter().map(Encode::encode).collect();
	let message_count = u32::try_from(leaves.len()).unwrap_or(u32::MAX);
	let merkle_root = binary_merkle_tree::merkle_root::<BlakeTwo256, _>(leaves);
	DeliveryProof { message_count, merkle_root }
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
	fn no_message_has_a_zero_root() {
		let proof = delivery_proof(&[]);
		assert_eq!(proof, DeliveryProof { message_count: 0, merkle_root: H256::zero() });
	}

	#[test]
	fn the_root_commits_to_every_message_and_their_order() {
		let messages: alloc::vec::Vec<_> = (0..5).map(message).collect();
		let proof = delivery_proof(&messages);
		assert_eq!(proof.message_count, 5);
		assert_ne!(proof.merkle_root, H256::zero());

		let mut reordered = messages.clone();
		reordered.swap(1, 2);
		assert_ne!(delivery_proof(&reordered).merkle_root, proof.merkle_root);
		let mut altered = messages.clone();
		altered[4].ciphertext[0] ^= 1;
		assert_ne!(delivery_proof(&altered).merkle_root, proof.merkle_root);
		assert_ne!(delivery_proof(&messages[..4]).merkle_root, proof.merkle_root);
	}

	#[test]
	fn one_message_roots_at_its_hash() {
		let only = message(3);
		let expected = <BlakeTwo256 as sp_core::Hasher>::hash(&only.encode());
		assert_eq!(delivery_proof([&only]).merkle_root, expected);
	}
}
