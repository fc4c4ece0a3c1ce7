//! `enact`: the two-city condition on a council motion.

use alloc::{boxed::Box, collections::btree_set::BTreeSet};
use frame_support::{
	dispatch::{extract_actual_weight, GetDispatchInfo},
	ensure,
	pallet_prelude::*,
	traits::Get,
};
use sp_runtime::{
	traits::{Convert, Dispatchable, Hash},
	DispatchErrorWithPostInfo,
};

use crate::*;

impl<T: Config> Pallet<T> {
	/// The hash `pallet_collective` knows the motion proposing `enact(call)` by.
	pub fn motion_hash(call: &<T as Config>::RuntimeCall) -> T::Hash {
		let proposal: <T as Config>::RuntimeCall =
			Call::<T>::enact { call: Box::new(call.clone()) }.into();
		T::Hashing::hash_of(&proposal)
	}

	/// The cities that have an aye among `ayes`.
	fn approving_cities(ayes: &[T::AccountId]) -> BTreeSet<T::City> {
		ayes.iter().filter_map(|member| T::CityOf::convert(member.clone())).collect()
	}

	pub(crate) fn do_enact(call: Box<<T as Config>::RuntimeCall>) -> DispatchResultWithPostInfo {
		let motion = Self::motion_hash(&call);
		let ayes = T::Ayes::ayes(&motion).ok_or(Error::<T>::NotAMotion)?;
		let approving = Self::approving_cities(&ayes);
		ensure!(
			T::Cities::get().iter().all(|city| approving.contains(city)),
			Error::<T>::CityMissing
		);

		let info = call.get_dispatch_info();
		let result = call.dispatch(frame_system::RawOrigin::Root.into());
		let ayes = u32::try_from(ayes.len()).unwrap_or(u32::MAX);
		let weight = T::WeightInfo::enact(ayes).saturating_add(extract_actual_weight(&result, &info));
		match result {
			Ok(_) => {
				Self::deposit_event(Event::Enacted { motion, result: Ok(()) });
				Ok(Some(weight).into())
			},
			// The motion's `Executed` event carries the error; nothing it did stays.
			Err(error) => Err(DispatchErrorWithPostInfo {
				post_info: Some(weight).into(),
				error: error.error,
			}),
		}
	}
}
