//! Benchmarks: `enact` with the most ayes, every one's city read.

use alloc::{boxed::Box, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};

use crate::*;

/// What the benchmarks need of the runtime around the pallet.
pub trait BenchmarkHelper<AccountId, City> {
	/// Makes `who` a council member speaking for `city`.
	fn set_city(who: &AccountId, city: City);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A motion with `a` ayes, spread over the cities, enacting a remark.
	#[benchmark]
	fn enact(a: Linear<2, { T::MaxMembers::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::MotionOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cities = T::Cities::get();
		let mut ayes = Vec::new();
		for (i, city) in (0..a).zip(cities.iter().cycle()) {
			let member: T::AccountId = account("member", i, 0);
			T::BenchmarkHelper::set_city(&member, *city);
			ayes.push(member);
		}
		let call: <T as Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: Vec::new() }.into();
		T::Ayes::set_ayes(&Pallet::<T>::motion_hash(&call), ayes);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Box::new(call));

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
