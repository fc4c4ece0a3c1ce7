//! Benchmarks: every call in its worst case, a full set.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};

use crate::*;

/// Fills the set with `count` generated validators, each with session keys.
fn fill_set<T: Config>(count: u32) -> Vec<T::AccountId> {
	let validators: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, 0)).collect();
	for validator in &validators {
		T::BenchmarkHelper::set_session_keys(validator);
	}
	let bounded: BoundedVec<T::AccountId, T::MaxValidators> =
		validators.clone().try_into().unwrap_or_default();
	Validators::<T>::put(bounded);
	validators
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: the set holds `MaxValidators - 1`, so the duplicate scan reads them all.
	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill_set::<T>(T::MaxValidators::get().saturating_sub(1));
		let who: T::AccountId = account("candidate", 0, 0);
		T::BenchmarkHelper::set_session_keys(&who);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	/// Worst case: a full set, removing its last member; every other member's keys are read.
	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let validators = fill_set::<T>(T::MaxValidators::get());
		let who = validators.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
