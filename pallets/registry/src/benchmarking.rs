//! Benchmarks: every call in its worst case.

use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use msec_primitives::{key_possession_payload, subject_claim_payload};
use sp_core::H256;
use sp_runtime::{traits::Zero, Saturating};

use crate::*;

fn provider<T: Config>() -> T::AccountId {
	let who: T::AccountId = whitelisted_caller();
	let roles = Roles { provider: true, buyer: true, security: true };
	Participants::<T>::insert(
		&who,
		Participant { jurisdiction: Jurisdiction::Eu, roles, registered_at: Zero::zero() },
	);
	// Deposits for as many devices as allowed, plus the existential deposit.
	let devices: BalanceOf<T> = T::MaxDevicesPerOwner::get().saturating_add(1).into();
	let funds = T::DeviceDeposit::get()
		.saturating_mul(devices)
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, funds);
	who
}

fn genesis_hash<T: Config>() -> T::Hash {
	frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
}

/// A device key the benchmarks make up, distinct per `index`, with its proof of possession
/// for `owner`.
fn key<T: Config>(owner: &T::AccountId, index: u32) -> (T::DeviceKey, T::DeviceSignature) {
	let payload = key_possession_payload(genesis_hash::<T>().as_ref(), owner);
	T::BenchmarkHelper::device_key(index, &payload)
}

/// `owner` registers a device with `key(index)`.
fn device<T: Config>(owner: &T::AccountId, index: u32) -> Result<DeviceId, BenchmarkError> {
	let (key, _) = key::<T>(owner, index);
	Pallet::<T>::do_register_device(owner.clone(), key, DeviceKind::Sensor, H256::zero())
		.map_err(|_| BenchmarkError::Stop("the benchmark's device registers"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_participant() -> Result<(), BenchmarkError> {
		let origin =
			T::RegistrarOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("participant", 0, 0);
		let roles = Roles { provider: true, buyer: true, security: true };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), Jurisdiction::Eu, roles);

		assert!(Participants::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn update_participant() -> Result<(), BenchmarkError> {
		let origin =
			T::RegistrarOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = provider::<T>();
		let roles = Roles { provider: false, buyer: true, security: false };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), Jurisdiction::Japan, roles);

		assert_eq!(Participants::<T>::get(&who).map(|p| p.roles), Some(roles));
		Ok(())
	}

	#[benchmark]
	fn remove_participant() -> Result<(), BenchmarkError> {
		let origin =
			T::RegistrarOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = provider::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Participants::<T>::contains_key(&who));
		Ok(())
	}

	/// The owner holds all but one of `MaxDevicesPerOwner`.
	#[benchmark]
	fn register_device() -> Result<(), BenchmarkError> {
		let owner = provider::<T>();
		let max = T::MaxDevicesPerOwner::get();
		for index in 1..max {
			device::<T>(&owner, index)?;
		}
		let (new_key, possession) = key::<T>(&owner, max);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			new_key.clone(),
			DeviceKind::Gateway,
			H256::zero(),
			possession,
		);

		assert!(DeviceByKey::<T>::contains_key(&new_key));
		Ok(())
	}

	#[benchmark]
	fn rotate_device_key() -> Result<(), BenchmarkError> {
		let owner = provider::<T>();
		let id = device::<T>(&owner, 1)?;
		// The worst case: an encryption key to clear.
		DeviceEncryptionKeys::<T>::insert(id, [7; 32]);
		let (new_key, possession) = key::<T>(&owner, 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_key.clone(), possession);

		assert_eq!(DeviceByKey::<T>::get(&new_key), Some(id));
		assert!(!DeviceEncryptionKeys::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn deregister_device() -> Result<(), BenchmarkError> {
		let owner = provider::<T>();
		let id = device::<T>(&owner, 1)?;
		DeviceEncryptionKeys::<T>::insert(id, [7; 32]);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(!Devices::<T>::contains_key(id));
		assert!(!DeviceEncryptionKeys::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn revoke_device() -> Result<(), BenchmarkError> {
		let owner = provider::<T>();
		let id = device::<T>(&owner, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert_eq!(Devices::<T>::get(id).map(|d| d.status), Some(DeviceStatus::Revoked));
		Ok(())
	}

	#[benchmark]
	fn quarantine_device() -> Result<(), BenchmarkError> {
		let origin =
			T::SecurityOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner = provider::<T>();
		let id = device::<T>(&owner, 1)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, H256::repeat_byte(1));

		assert_eq!(Devices::<T>::get(id).map(|d| d.status), Some(DeviceStatus::Quarantined));
		Ok(())
	}

	#[benchmark]
	fn restore_device() -> Result<(), BenchmarkError> {
		let origin =
			T::SecurityOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner = provider::<T>();
		let id = device::<T>(&owner, 1)?;
		Pallet::<T>::do_quarantine_device(id, H256::repeat_byte(1))
			.map_err(|_| BenchmarkError::Stop("the benchmark's device is quarantined"))?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert_eq!(Devices::<T>::get(id).map(|d| d.status), Some(DeviceStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn set_device_subject() -> Result<(), BenchmarkError> {
		let origin =
			T::RegistrarOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner = provider::<T>();
		let id = device::<T>(&owner, 1)?;
		let subject: T::AccountId = account("subject", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, Some(subject.clone()));

		assert_eq!(Devices::<T>::get(id).and_then(|d| d.subject), Some(subject));
		Ok(())
	}

	#[benchmark]
	fn record_subject() -> Result<(), BenchmarkError> {
		let owner = provider::<T>();
		let id = device::<T>(&owner, 1)?;
		let payload = subject_claim_payload(genesis_hash::<T>().as_ref(), id, &owner);
		let (subject, signature) = T::BenchmarkHelper::subject(&payload);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, subject.clone(), signature);

		assert_eq!(Devices::<T>::get(id).and_then(|d| d.subject), Some(subject));
		Ok(())
	}

	#[benchmark]
	fn set_device_encryption_key() -> Result<(), BenchmarkError> {
		let owner = provider::<T>();
		let id = device::<T>(&owner, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, [9; 32]);

		assert_eq!(DeviceEncryptionKeys::<T>::get(id), Some([9; 32]));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
