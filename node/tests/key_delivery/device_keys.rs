//! A device gets its listing's content key over safe RPC, wrapped with HPKE for the X25519 key
//! the chain registers for it: whoever asks (another device, a buyer, anyone who reaches the
//! node) gets bytes only that device opens.

use msec_stream_crypto::{unwrap_content_key, unwrap_for_device, ContentKey, ListingId};

use crate::common::{
	streams::{device_encryption_keypair, wrapped_device_key, DEVICE, OTHER_DEVICE},
	RpcClient,
};

/// Anyone asks for `listing`'s key (`key`, its device's): the answer opens for device 0 only,
/// not for Alice's gateway (device 1, on the same node), not as a buyer's delivery, and holds
/// no key bytes in the clear.
pub async fn a_device_key_asked_for_by_anyone_opens_only_for_the_listings_device(
	rpc: &RpcClient,
	listing: ListingId,
	key: &ContentKey,
) {
	let (device, wrapped) = wrapped_device_key(rpc, listing).await;
	assert_eq!(device, DEVICE);
	assert!(
		!wrapped.bytes.windows(8).any(|window| window == &key.expose_bytes()[..8]),
		"no key bytes in the clear"
	);
	let gateway = device_encryption_keypair("//Alice//gateway-1");
	assert!(
		unwrap_for_device(&gateway, listing, OTHER_DEVICE, &wrapped).is_err() &&
			unwrap_for_device(&gateway, listing, DEVICE, &wrapped).is_err(),
		"another device of the same provider cannot open it"
	);
	let own = device_encryption_keypair("//Alice//air-quality-1");
	assert!(
		unwrap_content_key(&own, listing, DEVICE, &wrapped).is_err(),
		"it never opens as a buyer's delivery"
	);
	assert_eq!(unwrap_for_device(&own, listing, DEVICE, &wrapped).as_ref(), Ok(key));
}
