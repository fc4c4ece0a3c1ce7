//! The registry as other pallets see it.

use msec_primitives::{DeviceInfo, RegistryInspect};
use sp_core::H256;
use sp_runtime::DispatchResult;

use crate::*;

impl<T: Config> RegistryInspect<T::AccountId> for Pallet<T> {
	type DeviceKey = T::DeviceKey;

	fn participant(who: &T::AccountId) -> Option<(Jurisdiction, Roles)> {
		Participants::<T>::get(who).map(|p| (p.jurisdiction, p.roles))
	}

	fn device(id: DeviceId) -> Option<DeviceInfo<T::AccountId, T::DeviceKey>> {
		Devices::<T>::get(id).map(|d| DeviceInfo {
			owner: d.owner,
			key: d.key,
			kind: d.kind,
			status: d.status,
			subject: d.subject,
		})
	}

	fn quarantine(id: DeviceId, reason: H256) -> DispatchResult {
		Self::do_quarantine_device(id, reason)
	}
}
