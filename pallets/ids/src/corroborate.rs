//! Corroborations by independent gateways, and disputes by security.

use frame_support::{ensure, pallet_prelude::DispatchResult};
use frame_system::pallet_prelude::BlockNumberFor;
use msec_primitives::{DeviceId, DeviceKind, DeviceSignature, DeviceStatus, RegistryInspect};
use sp_core::H256;
use sp_runtime::traits::Zero;

use crate::{types::corroboration_payload, *};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_corroborate(
		id: AttestationId,
		gateway: DeviceId,
		signature: DeviceSignature,
	) -> DispatchResult {
		let mut attestation = Attestations::<T>::get(id).ok_or(Error::<T>::UnknownAttestation)?;
		ensure!(!attestation.disputed, Error::<T>::Disputed);
		let reporter =
			T::Registry::device(attestation.report.device).ok_or(Error::<T>::UnknownDevice)?;
		let witness = T::Registry::device(gateway).ok_or(Error::<T>::UnknownDevice)?;
		let independent = witness.kind == DeviceKind::Gateway
			&& witness.status == DeviceStatus::Active
			&& witness.owner != reporter.owner;
		ensure!(independent, Error::<T>::NotIndependent);

		let genesis_hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let payload = corroboration_payload(
			genesis_hash.as_ref(),
			id,
			gateway,
			&attestation.report.alerts_root,
		);
		ensure!(witness.key.verify(&payload, &signature), Error::<T>::BadSignature);
		ensure!(!attestation.corroborations.contains(&gateway), Error::<T>::AlreadyCorroborated);
		attestation
			.corroborations
			.try_push(gateway)
			.map_err(|_| Error::<T>::TooManyCorroborations)?;

		let device = attestation.report.device;
		let counts_now = attestation.report.max_severity.is_severe()
			&& attestation.corroborations.len() == Self::min_corroborations();
		Attestations::<T>::insert(id, attestation);
		Self::deposit_event(Event::Corroborated { attestation: id, gateway });
		if counts_now {
			Self::check_quarantine(device)?;
		}
		Ok(())
	}

	pub(crate) fn do_dispute(id: AttestationId, reason: H256) -> DispatchResult {
		let mut attestation = Attestations::<T>::get(id).ok_or(Error::<T>::UnknownAttestation)?;
		ensure!(!attestation.disputed, Error::<T>::Disputed);

		attestation.disputed = true;
		Attestations::<T>::insert(id, attestation);
		Self::deposit_event(Event::AttestationDisputed { attestation: id, reason });
		Ok(())
	}
}
