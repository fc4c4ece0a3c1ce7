//! Devices: registered by providers against a deposit, rotated, revoked and deregistered by
//! their owners, quarantined and restored by security.

use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::MutateHold, tokens::Precision, Get},
};
use sp_core::H256;
use sp_runtime::DispatchError;

use crate::*;

impl<T: Config> Pallet<T> {
	/// Device `device`, if `owner` owns it.
	fn owned_device(owner: &T::AccountId, device: DeviceId) -> Result<DeviceOf<T>, DispatchError> {
		let record = Devices::<T>::get(device).ok_or(Error::<T>::NotFound)?;
		ensure!(record.owner == *owner, Error::<T>::NotOwner);
		Ok(record)
	}

	pub(crate) fn do_register_device(
		owner: T::AccountId,
		key: T::DeviceKey,
		kind: DeviceKind,
		firmware: H256,
	) -> Result<DeviceId, DispatchError> {
		let is_provider = Participants::<T>::get(&owner).is_some_and(|p| p.roles.provider);
		ensure!(is_provider, Error::<T>::NotProvider);
		ensure!(!DeviceByKey::<T>::contains_key(&key), Error::<T>::KeyInUse);
		let count = DeviceCount::<T>::get(&owner);
		ensure!(count < T::MaxDevicesPerOwner::get(), Error::<T>::TooManyDevices);
		let device = NextDeviceId::<T>::get();
		let next = device.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let count = count.checked_add(1).ok_or(Error::<T>::TooManyDevices)?;

		let deposit = T::DeviceDeposit::get();
		T::Currency::hold(&HoldReason::DeviceDeposit.into(), &owner, deposit)?;

		let record = Device {
			owner: owner.clone(),
			key: key.clone(),
			kind,
			firmware,
			status: DeviceStatus::Active,
			deposit,
		};
		Devices::<T>::insert(device, record);
		DeviceByKey::<T>::insert(key, device);
		DeviceCount::<T>::insert(&owner, count);
		NextDeviceId::<T>::put(next);
		Self::deposit_event(Event::DeviceRegistered { device, owner, kind, deposit });
		Ok(device)
	}

	pub(crate) fn do_rotate_device_key(
		owner: T::AccountId,
		device: DeviceId,
		new_key: T::DeviceKey,
	) -> DispatchResult {
		let mut record = Self::owned_device(&owner, device)?;
		ensure!(record.status != DeviceStatus::Revoked, Error::<T>::DeviceRevoked);
		ensure!(!DeviceByKey::<T>::contains_key(&new_key), Error::<T>::KeyInUse);

		DeviceByKey::<T>::remove(&record.key);
		DeviceByKey::<T>::insert(&new_key, device);
		record.key = new_key;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceKeyRotated { device });
		Ok(())
	}

	pub(crate) fn do_deregister_device(owner: T::AccountId, device: DeviceId) -> DispatchResult {
		let record = Self::owned_device(&owner, device)?;
		// Under investigation: the owner may not make the evidence's subject disappear.
		ensure!(record.status != DeviceStatus::Quarantined, Error::<T>::DeviceQuarantined);

		T::Currency::release(
			&HoldReason::DeviceDeposit.into(),
			&owner,
			record.deposit,
			Precision::BestEffort,
		)?;
		Devices::<T>::remove(device);
		DeviceByKey::<T>::remove(&record.key);
		// Drop the counter with the last device, so that no empty entry stays behind.
		DeviceCount::<T>::mutate_exists(&owner, msec_primitives::decrement_count);
		Self::deposit_event(Event::DeviceDeregistered { device, owner });
		Ok(())
	}

	pub(crate) fn do_revoke_device(owner: T::AccountId, device: DeviceId) -> DispatchResult {
		let mut record = Self::owned_device(&owner, device)?;
		ensure!(record.status != DeviceStatus::Revoked, Error::<T>::DeviceRevoked);

		record.status = DeviceStatus::Revoked;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceRevoked { device });
		Ok(())
	}

	pub(crate) fn do_quarantine_device(device: DeviceId, reason: H256) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::NotFound)?;
		ensure!(record.status == DeviceStatus::Active, Error::<T>::DeviceNotActive);

		record.status = DeviceStatus::Quarantined;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceQuarantined { device, reason });
		Ok(())
	}

	pub(crate) fn do_restore_device(device: DeviceId) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::NotFound)?;
		ensure!(record.status == DeviceStatus::Quarantined, Error::<T>::DeviceNotQuarantined);

		record.status = DeviceStatus::Active;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceRestored { device });
		Ok(())
	}
}
