//! Participants: registered, updated and removed by the registrar.

use frame_support::{ensure, pallet_prelude::DispatchResult};

use crate::*;

impl<T: Config> Pallet<T> {
	fn ensure_valid(jurisdiction: &Jurisdiction, roles: &Roles) -> DispatchResult {
		ensure!(jurisdiction.is_well_formed(), Error::<T>::InvalidJurisdiction);
		ensure!(!roles.is_empty(), Error::<T>::NoRoles);
		Ok(())
	}

	pub(crate) fn do_register_participant(
		who: T::AccountId,
		jurisdiction: Jurisdiction,
		roles: Roles,
	) -> DispatchResult {
		ensure!(!Participants::<T>::contains_key(&who), Error::<T>::AlreadyExists);
		Self::ensure_valid(&jurisdiction, &roles)?;

		let registered_at = frame_system::Pallet::<T>::block_number();
		Participants::<T>::insert(&who, Participant { jurisdiction, roles, registered_at });
		Self::deposit_event(Event::ParticipantRegistered { who, jurisdiction, roles });
		Ok(())
	}

	pub(crate) fn do_update_participant(
		who: T::AccountId,
		jurisdiction: Jurisdiction,
		roles: Roles,
	) -> DispatchResult {
		let mut participant = Participants::<T>::get(&who).ok_or(Error::<T>::NotFound)?;
		Self::ensure_valid(&jurisdiction, &roles)?;
		// A provider's devices must keep a provider as owner.
		ensure!(roles.provider || DeviceCount::<T>::get(&who) == 0, Error::<T>::HasDevices);

		participant.jurisdiction = jurisdiction;
		participant.roles = roles;
		Participants::<T>::insert(&who, participant);
		Self::deposit_event(Event::ParticipantUpdated { who, jurisdiction, roles });
		Ok(())
	}

	pub(crate) fn do_remove_participant(who: T::AccountId) -> DispatchResult {
		ensure!(Participants::<T>::contains_key(&who), Error::<T>::NotFound);
		ensure!(DeviceCount::<T>::get(&who) == 0, Error::<T>::HasDevices);

		Participants::<T>::remove(&who);
		Self::deposit_event(Event::ParticipantRemoved { who });
		Ok(())
	}
}
