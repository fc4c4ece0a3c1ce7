//! The validator set as `pallet_session` sees it.

use alloc::vec::Vec;
use pallet_session::SessionManager;
use sp_staking::SessionIndex;

use crate::{Config, Event, Pallet, SetChanged, Validators};

impl<T: Config> SessionManager<T::AccountId> for Pallet<T> {
	/// Hands the set's validators with session keys to the session pallet when the set
	/// changed; `None` keeps the current one. A set with fewer than `MinValidators` keyed
	/// validators is withheld (and tried again at the next session), so that the authorities
	/// never fall below the minimum however keys were purged.
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !SetChanged::<T>::get() {
			return None;
		}
		let keyed = Self::keyed(&Validators::<T>::get());
		let count = u32::try_from(keyed.len()).unwrap_or(u32::MAX);
		if !Self::enough(keyed.len()) {
			Self::deposit_event(Event::SetWithheld { session: new_index, keyed: count });
			return None;
		}
		SetChanged::<T>::kill();
		Self::deposit_event(Event::SetQueued { session: new_index, validators: count });
		Some(keyed)
	}

	/// At genesis the session pallet starts from the genesis set, or from its own genesis keys
	/// when this pallet was given none.
	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let validators = Validators::<T>::get();
		(!validators.is_empty()).then(|| validators.into_inner())
	}

	fn end_session(_end_index: SessionIndex) {}

	fn start_session(_start_index: SessionIndex) {}
}
