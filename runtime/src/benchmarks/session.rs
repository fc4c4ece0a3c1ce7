//! Benchmarks of `pallet_session` for this runtime. Upstream's live in
//! `pallet-session-benchmarking`, which needs `pallet_staking`; here validators are chosen by
//! the council, so the calls are measured on their own: a validator account registers real
//! session keys (generated in the benchmark keystore, with their ownership proof) and purges
//! them, paying and getting back the key deposit.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use frame_system::RawOrigin;
use pallet_session::{NextKeys, Pallet as Session};
use sp_runtime::{traits::Convert, Saturating};

/// The pallet under measurement, wrapped so that the benchmarks can live in the runtime.
pub struct Pallet<T: Config>(Session<T>);

/// What the benchmarks need of the runtime.
pub trait Config: pallet_session::Config {
	/// Fresh session keys of `owner` and the proof that `owner` holds their private halves.
	fn generate_session_keys_and_proof(owner: &Self::AccountId) -> (Self::Keys, Vec<u8>);
}

/// A funded account with session keys registered, and the keys.
fn validator_with_keys<T: Config>() -> Result<(T::AccountId, T::ValidatorId), BenchmarkError> {
	let validator: T::AccountId = whitelisted_caller();
	// Two key deposits (the old keys' and the new ones' while they are swapped) and the
	// existential deposit, which a hold may not take.
	let funds = T::KeyDeposit::get()
		.saturating_mul(2u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::mint_into(&validator, funds)?;
	let (keys, proof) = T::generate_session_keys_and_proof(&validator);
	Session::<T>::set_keys(RawOrigin::Signed(validator.clone()).into(), keys, proof)?;
	let id = <T as pallet_session::Config>::ValidatorIdOf::convert(validator.clone())
		.ok_or(BenchmarkError::Stop("no validator id"))?;
	Ok((validator, id))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: the account already has keys, so the old ones are replaced and their
	/// key-owner entries removed.
	#[benchmark]
	fn set_keys() -> Result<(), BenchmarkError> {
		let (validator, id) = validator_with_keys::<T>()?;
		let (keys, proof) = T::generate_session_keys_and_proof(&validator);

		#[block]
		{
			Session::<T>::set_keys(RawOrigin::Signed(validator).into(), keys.clone(), proof)?;
		}

		assert!(NextKeys::<T>::get(&id).as_ref() == Some(&keys));
		Ok(())
	}

	#[benchmark]
	fn purge_keys() -> Result<(), BenchmarkError> {
		let (validator, id) = validator_with_keys::<T>()?;

		#[block]
		{
			Session::<T>::purge_keys(RawOrigin::Signed(validator).into())?;
		}

		assert!(NextKeys::<T>::get(&id).is_none());
		Ok(())
	}
}
