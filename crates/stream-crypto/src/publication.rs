//! What a device signs to publish a sealed message to a relay.
//!
//! The relay accepts a message only with a signature by the device the listing names, over
//! [`publication_payload`]: the relay cannot read the message, but it can tell who sent it
//! and refuse anything else.

use alloc::vec::Vec;
use codec::Encode;

use crate::SealedMessage;

/// A device's id on chain (`msec_primitives::DeviceId`).
pub type DeviceId = u64;

/// Domain separation: a publication signature is never valid as any other device signature
/// (IDS alert batches, for instance).
const PUBLICATION_CONTEXT: &[u8; 16] = b"msec/publish/v1\0";

/// The bytes `device` signs to publish `message`: context tag, device id and the SCALE
/// encoding of the whole sealed message (position, nonce, ciphertext).
pub fn publication_payload(device: DeviceId, message: &SealedMessage) -> Vec<u8> {
	(PUBLICATION_CONTEXT, device, message).encode()
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

	#[test]
	fn the_payload_binds_device_and_every_part_of_the_message() {
		let base = publication_payload(7, &message());
		assert!(base.starts_with(b"msec/publish/v1\0"));
		assert_ne!(base, publication_payload(8, &message()));
		let mut moved = message();
		moved.position.sequence = 10;
		assert_ne!(base, publication_payload(7, &moved));
		let mut altered = message();
		altered.ciphertext[0] = 0;
		assert_ne!(base, publication_payload(7, &altered));
	}
}
