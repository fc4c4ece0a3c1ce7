//! Devices: registered by providers against a deposit, rotated, revoked and deregistered by
//! their owners, quarantined and restored by security.

use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::MutateHold, tokens::Precision, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use msec_primitives::{key_possession_payload, subject_claim_payload, OnDeviceRemoved};
use sp_core::H256;
use sp_runtime::{
	traits::{Verify, Zero},
	DispatchError,
};

use crate::*;

impl<T: Config> Pallet<T> {
	/// The chain's genesis hash, which every signed payload names (no replay on another chain).
	fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// `possession` is `key`'s signature of `owner`'s proof-of-possession payload.
	pub(crate) fn ensure_possession(
		owner: &T::AccountId,
		key: &T::DeviceKey,
		possession: &T::DeviceSignature,
	) -> DispatchResult {
		let payload = key_possession_payload(Self::genesis_hash().as_ref(), owner);
		ensure!(possession.verify(payload.as_slice(), key), Error::<T>::BadKeyProof);
		Ok(())
	}

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
			subject: None,
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
		// A key is rotated when it leaked, and the device's encryption key most likely with it:
		// the device gets no content key until its owner names a new one.
		if DeviceEncryptionKeys::<T>::take(device).is_some() {
			Self::deposit_event(Event::DeviceEncryptionKeySet { device, key: None });
		}
		Ok(())
	}

	pub(crate) fn do_set_device_encryption_key(
		owner: T::AccountId,
		device: DeviceId,
		key: [u8; 32],
	) -> DispatchResult {
		let record = Self::owned_device(&owner, device)?;
		ensure!(record.status != DeviceStatus::Revoked, Error::<T>::DeviceRevoked);

		DeviceEncryptionKeys::<T>::insert(device, key);
		Self::deposit_event(Event::DeviceEncryptionKeySet { device, key: Some(key) });
		Ok(())
	}

	pub(crate) fn do_deregister_device(owner: T::AccountId, device: DeviceId) -> DispatchResult {
		let record = Self::owned_device(&owner, device)?;
		// Under investigation: the owner may not make the evidence's subject disappear.
		ensure!(record.status != DeviceStatus::Quarantined, Error::<T>::DeviceQuarantined);
		// Nor shake off a data subject by registering the key again as a new device: the
		// registrar clears the subject first.
		ensure!(record.subject.is_none(), Error::<T>::HasSubject);

		T::Currency::release(
			&HoldReason::DeviceDeposit.into(),
			&owner,
			record.deposit,
			Precision::BestEffort,
		)?;
		Devices::<T>::remove(device);
		DeviceByKey::<T>::remove(&record.key);
		DeviceEncryptionKeys::<T>::remove(device);
		// Drop the counter with the last device, so that no empty entry stays behind.
		DeviceCount::<T>::mutate_exists(&owner, msec_primitives::decrement_count);
		T::OnDeviceRemoved::on_device_removed(device);
		Self::deposit_event(Event::DeviceDeregistered { device, owner });
		Ok(())
	}

	pub(crate) fn do_set_device_subject(
		device: DeviceId,
		subject: Option<T::AccountId>,
	) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::NotFound)?;

		record.subject = subject.clone();
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceSubjectSet { device, subject });
		Ok(())
	}

	pub(crate) fn do_record_subject(
		owner: T::AccountId,
		device: DeviceId,
		subject: T::AccountId,
		signature: T::SubjectSignature,
	) -> DispatchResult {
		let mut record = Self::owned_device(&owner, device)?;
		let payload = subject_claim_payload(Self::genesis_hash().as_ref(), device, &owner);
		ensure!(signature.verify(payload.as_slice(), &subject), Error::<T>::BadSubjectSignature);
		ensure!(
			record.subject.as_ref().is_none_or(|current| *current == subject),
			Error::<T>::SubjectAlreadySet
		);

		record.subject = Some(subject.clone());
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceSubjectSet { device, subject: Some(subject) });
		Ok(())
	}

	pub(crate) fn do_revoke_device(owner: T::AccountId, device: DeviceId) -> DispatchResult {
		let mut record = Self::owned_device(&owner, device)?;
		ensure!(record.status != DeviceStatus::Revoked, Error::<T>::DeviceRevoked);
		// Revoking would let a quarantined device be deregistered: security decides first.
		ensure!(record.status != DeviceStatus::Quarantined, Error::<T>::DeviceQuarantined);

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
