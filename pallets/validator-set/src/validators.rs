//! Adding and removing validators, and the invariants of the set.

use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*, traits::Contains};

use crate::{Config, Error, Event, Pallet, SetChanged, Validators};

impl<T: Config> Pallet<T> {
	/// Adds `who`; the session pallet takes the new set at the next session change.
	pub(crate) fn do_add_validator(who: T::AccountId) -> DispatchResult {
		let mut validators = Validators::<T>::get();
		ensure!(!validators.contains(&who), Error::<T>::AlreadyExists);
		ensure!(T::SessionKeys::contains(&who), Error::<T>::NoSessionKeys);
		validators.try_push(who.clone()).map_err(|_| Error::<T>::TooMany)?;
		// Only reachable from an empty (unmanaged) set: never hand the session a set this small.
		ensure!(validators.len() >= Self::min_validators_len(), Error::<T>::TooFew);

		Validators::<T>::put(validators);
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorAdded { validator: who });
		Ok(())
	}

	/// Removes `who`, keeping at least `MinValidators` validators with session keys.
	pub(crate) fn do_remove_validator(who: T::AccountId) -> DispatchResult {
		let mut validators = Validators::<T>::get();
		let position = validators.iter().position(|v| *v == who).ok_or(Error::<T>::NotFound)?;
		validators.remove(position);
		ensure!(Self::keyed(&validators).len() >= Self::min_validators_len(), Error::<T>::TooFew);

		Validators::<T>::put(validators);
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorRemoved { validator: who });
		Ok(())
	}

	/// Sets the genesis validators after checking them. An empty list leaves the set empty:
	/// the session pallet then keeps its own genesis validators and this pallet manages none.
	pub(crate) fn initialize_validators(initial: &[T::AccountId]) -> Result<(), &'static str> {
		if initial.is_empty() {
			return Ok(());
		}
		ensure!(initial.len() >= Self::min_validators_len(), "fewer than MinValidators");
		ensure!(!Self::has_duplicates(initial), "a validator is listed twice");
		let validators: BoundedVec<T::AccountId, T::MaxValidators> =
			initial.to_vec().try_into().map_err(|_| "more than MaxValidators")?;
		Validators::<T>::put(validators);
		Ok(())
	}

	/// The validators of `validators` that have session keys, in order.
	pub(crate) fn keyed(validators: &[T::AccountId]) -> Vec<T::AccountId> {
		validators.iter().filter(|v| T::SessionKeys::contains(v)).cloned().collect()
	}

	/// `MinValidators` as a length, for the session handover.
	pub(crate) fn enough(keyed: usize) -> bool {
		keyed >= Self::min_validators_len()
	}

	/// Whether an account appears in `validators` more than once.
	fn has_duplicates(validators: &[T::AccountId]) -> bool {
		let mut unique: Vec<&T::AccountId> = validators.iter().collect();
		unique.sort();
		unique.dedup();
		unique.len() != validators.len()
	}

	/// `MinValidators` as a length; saturates on 16-bit targets, which we do not run on.
	fn min_validators_len() -> usize {
		usize::try_from(T::MinValidators::get()).unwrap_or(usize::MAX)
	}

	/// The invariants of the set: no duplicates; empty (unmanaged) or at least `MinValidators`.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		ensure!(!Self::has_duplicates(&validators), "duplicate validator");
		ensure!(
			validators.is_empty() || validators.len() >= Self::min_validators_len(),
			"fewer than MinValidators"
		);
		Ok(())
	}
}
