//! What a device signs to publish a sealed message to a relay.
//!
//! The relay accepts a message only with a signature by the device the listing names, over
//! [`publication_payload`]: the relay cannot read the message, but it can tell who sent it
//! and refuse anything else, and it keeps the signature so that readers can tell too. The
//! payload names the chain (its genesis hash): a publication taken from one relay is refused
//! by the relays of any other chain that shares the device key (a test chain, say).

use alloc::vec::Vec;
use codec::Encode;

use crate::SealedMessage;

/// A device's id on chain (`msec_primitives::DeviceId`).
pub type DeviceId = u64;

/// Domain separation: a publication signature is never valid as any other device signature
/// (IDS alert batches, for instance).
const PUBLICATION_CONTEXT: &[u8; 16] = b"msec/publish/v2\0";

/// Domain separation of the provider node's signature on an anonymized release.
const RELEASE_CONTEXT: &[u8; 16] = b"msec/release/v1\0";

/// Domain separation of a device's request to anonymize raw records.
const ANONYMIZATION_REQUEST_CONTEXT: &[u8; 16] = b"msec/anon-req/v1";

/// A chain's genesis block hash.
pub type GenesisHash = [u8; 32];

/// The bytes `device` signs to publish `message` on the chain whose genesis block is
/// `genesis`: context tag, genesis hash, device id and the SCALE encoding of the whole sealed
/// message (position, nonce, ciphertext).
pub fn publication_payload(
	genesis: &GenesisHash,
	device: DeviceId,
	message: &SealedMessage,
) -> Vec<u8> {
	(PUBLICATION_CONTEXT, genesis, device, message).encode()
}

/// The bytes the provider's node signs, with the key of a worker the provider appointed its
/// data-plane proxy (sr25519, key type `mprv`), for a message it sealed itself from records it
/// anonymized: no device wrote the release, so the provider vouches for it. Context tag,
/// genesis hash and the SCALE encoding of the whole sealed message.
pub fn release_payload(genesis: &GenesisHash, message: &SealedMessage) -> Vec<u8> {
	(RELEASE_CONTEXT, genesis, message).encode()
}

/// The bytes `device` signs to hand raw records to its provider's node for anonymization into
/// `listing` on the chain whose genesis block is `genesis`: context tag, genesis hash, device
/// id, listing id, the request's number (above every earlier one of the device's key for the
/// listing, so that a request cannot be replayed) and BLAKE2b-256 of the SCALE-encoded
/// records (`msec_anonymize::digest`).
pub fn anonymization_request_payload(
	genesis: &GenesisHash,
	device: DeviceId,
	listing: crate::ListingId,
	request: u64,
	records_hash: &[u8; 32],
) -> Vec<u8> {
	(ANONYMIZATION_REQUEST_CONTEXT, genesis, device, listing, request, records_hash).encode()
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::StreamPosition;

	fn message() -> SealedMessage {
		SealedMessage {
			position: StreamPosition { listing: 1, key_epoch: 0, sequence: 9 },
			nonce: [5; crate::NONCE_LEN],
			ciphertext: alloc::vec![1, 2, 3],
		}
	}

	const GENESIS: GenesisHash = [0x11; 32];

	#[test]
	fn the_payload_binds_chain_device_and_every_part_of_the_message() {
		let base = publication_payload(&GENESIS, 7, &message());
		assert!(base.starts_with(b"msec/publish/v2\0"));
		assert_eq!(base[16..48], GENESIS);
		assert_ne!(base, publication_payload(&[0x22; 32], 7, &message()));
		assert_ne!(base, publication_payload(&GENESIS, 8, &message()));
		let mut moved = message();
		moved.position.sequence = 10;
		assert_ne!(base, publication_payload(&GENESIS, 7, &moved));
		let mut altered = message();
		altered.ciphertext[0] = 0;
		assert_ne!(base, publication_payload(&GENESIS, 7, &altered));
	}

	#[test]
	fn a_release_signature_is_never_a_publication_signature() {
		let release = release_payload(&GENESIS, &message());
		assert!(release.starts_with(b"msec/release/v1\0"));
		assert_ne!(release[16..], publication_payload(&GENESIS, 7, &message())[16..]);
	}

	#[test]
	fn an_anonymization_request_binds_chain_device_listing_number_and_records() {
		let base = anonymization_request_payload(&GENESIS, 7, 3, 10, &[1; 32]);
		assert!(base.starts_with(b"msec/anon-req/v1"));
		assert_ne!(base, anonymization_request_payload(&[0x22; 32], 7, 3, 10, &[1; 32]));
		assert_ne!(base, anonymization_request_payload(&GENESIS, 8, 3, 10, &[1; 32]));
		assert_ne!(base, anonymization_request_payload(&GENESIS, 7, 4, 10, &[1; 32]));
		assert_ne!(base, anonymization_request_payload(&GENESIS, 7, 3, 11, &[1; 32]));
		assert_ne!(base, anonymization_request_payload(&GENESIS, 7, 3, 10, &[2; 32]));
	}
}
