//! What holds after every block (checked by `try_state` and after every unit test).

use alloc::collections::btree_map::BTreeMap;
use frame_support::traits::fungible::InspectHold;
use sp_runtime::{traits::Zero, Saturating, TryRuntimeError};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks the registry's invariants:
	/// - every device is indexed by its key, and every key index points at its device;
	/// - every device's owner is a provider, and `DeviceCount` counts each owner's devices;
	/// - each owner's held deposit equals the deposits of their devices;
	/// - no device id is at or above `NextDeviceId`;
	/// - every encryption key belongs to a registered device.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next_id = NextDeviceId::<T>::get();
		let mut counts = BTreeMap::<T::AccountId, u32>::new();
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, device) in Devices::<T>::iter() {
			if id >= next_id {
				return Err("a device id is not below NextDeviceId".into());
			}
			if DeviceByKey::<T>::get(&device.key) != Some(id) {
				return Err("a device's key does not index it".into());
			}
			let is_provider =
				Participants::<T>::get(&device.owner).is_some_and(|p| p.roles.provider);
			if !is_provider {
				return Err("a device's owner is not a provider".into());
			}
			let count = counts.entry(device.owner.clone()).or_default();
			*count = count.saturating_add(1);
			let held = deposits.entry(device.owner).or_insert_with(Zero::zero);
			*held = held.saturating_add(device.deposit);
		}
		for (key, id) in DeviceByKey::<T>::iter() {
			if Devices::<T>::get(id).map(|d| d.key) != Some(key) {
				return Err("a key index points at another device".into());
			}
		}
		for device in DeviceEncryptionKeys::<T>::iter_keys() {
			if !Devices::<T>::contains_key(device) {
				return Err("an encryption key outlived its device".into());
			}
		}
		for (owner, count) in DeviceCount::<T>::iter() {
			if counts.get(&owner).copied().unwrap_or_default() != count {
				return Err("DeviceCount does not count the owner's devices".into());
			}
		}
		for (owner, count) in &counts {
			if DeviceCount::<T>::get(owner) != *count {
				return Err("an owner's devices are not counted".into());
			}
		}
		for (owner, expected) in deposits {
			let held = T::Currency::balance_on_hold(&HoldReason::DeviceDeposit.into(), &owner);
			if held != expected {
				return Err("held deposits differ from the devices' deposits".into());
			}
		}
		Ok(())
	}
}
