//! Retention: attestations older than [`Config::AttestationRetention`] blocks are removed in
//! the blocks' spare weight, and their deposits released.

use frame_support::{
	traits::{fungible::MutateHold, tokens::Precision, Get},
	weights::WeightMeter,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Saturating;

use crate::*;

impl<T: Config> Pallet<T> {
	/// Expires attestations in id order (which is submission order) while `meter` allows.
	pub(crate) fn expire_attestations(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		if meter.try_consume(T::DbWeight::get().reads_writes(2, 1)).is_err() {
			return;
		}
		let next = NextAttestationId::<T>::get();
		let first = OldestAttestation::<T>::get();
		let mut oldest = first;
		let step = T::WeightInfo::expire_attestation();
		while oldest < next && meter.try_consume(step).is_ok() {
			if let Some(attestation) = Attestations::<T>::get(oldest) {
				let expires_at =
					attestation.submitted_at.saturating_add(T::AttestationRetention::get());
				if expires_at > now {
					break;
				}
				Self::remove_attestation(oldest, attestation);
			}
			oldest = oldest.saturating_add(1);
		}
		if oldest != first {
			OldestAttestation::<T>::put(oldest);
		}
	}

	fn remove_attestation(id: AttestationId, attestation: Attestation<T>) {
		let device = attestation.report.device;
		// Best effort: a hold cannot have shrunk below the deposit, as nothing else slashes it.
		let _ = T::Currency::release(
			&HoldReason::AttestationDeposit.into(),
			&attestation.submitter,
			attestation.deposit,
			Precision::BestEffort,
		);
		Attestations::<T>::remove(id);
		DeviceAttestations::<T>::remove(device, id);
		RecentSevere::<T>::mutate_exists(device, |recent| {
			if let Some(ids) = recent {
				ids.retain(|kept| *kept != id);
				if ids.is_empty() {
					*recent = None;
				}
			}
		});
		Self::deposit_event(Event::AttestationExpired {
			attestation: id,
			submitter: attestation.submitter,
		});
	}
}
