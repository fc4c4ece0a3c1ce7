//! What the IDS pallet drops when a device leaves the registry.

use frame_support::weights::Weight;
use msec_primitives::{DeviceId, OnDeviceRemoved};

use crate::*;

/// The registry tells the IDS pallet when a device is deregistered: its period cursor goes
/// (device ids are never given again, so no report of it can come); its attestations stay
/// until they expire, as evidence.
impl<T: Config> OnDeviceRemoved for Pallet<T> {
	fn on_device_removed(id: DeviceId) {
		LastPeriodEnd::<T>::remove(id);
	}

	fn weight() -> Weight {
		T::WeightInfo::on_device_removed()
	}
}
