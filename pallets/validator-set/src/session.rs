//! The validator set as `pallet_session` sees it.

use alloc::vec::Vec;
use pallet_session::SessionManager;
use sp_staking::SessionIndex;

use crate::{Config, Event, Pallet, SetChanged, Validators};

impl<T: Config> SessionManager<T::AccountId> for Pallet<T> {
	/// Hands the set to the session pallet when it changed; `None` keeps the current one.
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !SetChanged::<T>::take() {
			return None;
		}
		let validators = Validators::<T>::get().into_inner();
		Self::deposit_event(Event::SetQueued {
			session: new_index,
			validators: u32::try_from(validators.len()).unwrap_or(u32::MAX),
		});
		Some(validators)
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
