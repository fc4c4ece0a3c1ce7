//! `RegistryApi`: participants and devices for dApps and for the node's stream relay.

use codec::Codec;
use msec_primitives::DeviceId;

sp_api::decl_runtime_apis! {
	/// Reads of the registry. Records come as their SCALE-encoded storage types, which the
	/// metadata describes.
	pub trait RegistryApi<AccountId, Participant, Device>
	where
		AccountId: Codec,
		Participant: Codec,
		Device: Codec,
	{
		/// `who`'s registration (jurisdiction, roles), if registered.
		fn participant(who: AccountId) -> Option<Participant>;

		/// Device `id` (owner, key, kind, firmware, status), if registered.
		fn device(id: DeviceId) -> Option<Device>;
	}
}
