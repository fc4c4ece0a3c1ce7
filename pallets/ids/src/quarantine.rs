//! Threshold quarantine: enough severe, corroborated, recent attestations of one device put it
//! in quarantine through the registry.

use codec::Encode;
use frame_support::{pallet_prelude::DispatchResult, traits::Get, BoundedVec};
use msec_primitives::{DeviceId, DeviceStatus, RegistryInspect};
use sp_core::H256;

use crate::*;

/// The domain-separation tag of the quarantine reason: the hash of the evidence.
const QUARANTINE_CONTEXT: &[u8] = b"msec/ids/quarantine/v1";

impl<T: Config> Pallet<T> {
	/// [`Config::MinCorroborations`] as a length.
	pub(crate) fn min_corroborations() -> usize {
		usize::try_from(T::MinCorroborations::get()).unwrap_or(usize::MAX)
	}

	/// Remembers severe attestation `id` of `device`, forgetting its oldest one when full.
	pub(crate) fn note_severe(device: DeviceId, id: AttestationId) {
		RecentSevere::<T>::mutate(device, |recent| {
			let recent = recent.get_or_insert_with(BoundedVec::new);
			// Keeps the newest: when full, the oldest is dropped.
			let _ = recent.force_insert_keep_right(recent.len(), id);
		});
	}

	/// Whether attestation `id` counts towards quarantine now: severe, undisputed, corroborated
	/// enough, and for a period that ended within the window.
	fn is_evidence(id: AttestationId, since_ms: u64) -> bool {
		Attestations::<T>::get(id).is_some_and(|attestation| {
			!attestation.disputed
				&& attestation.report.max_severity.is_severe()
				&& attestation.corroborations.len() >= Self::min_corroborations()
				&& attestation.report.period_end >= since_ms
		})
	}

	/// Quarantines `device` if its recent attestations reach the threshold. Its evidence is then
	/// forgotten, so that a device security restores starts afresh.
	pub(crate) fn check_quarantine(device: DeviceId) -> DispatchResult {
		let Some(recent) = RecentSevere::<T>::get(device) else { return Ok(()) };
		let since = Self::now_ms().saturating_sub(T::QuarantineWindow::get());
		let evidence: BoundedVec<AttestationId, T::MaxRecentSevere> = BoundedVec::truncate_from(
			recent.into_iter().filter(|id| Self::is_evidence(*id, since)).collect(),
		);
		let threshold = usize::try_from(T::QuarantineThreshold::get()).unwrap_or(usize::MAX);
		if evidence.len() < threshold {
			return Ok(());
		}
		let active = T::Registry::device(device).is_some_and(|d| d.status == DeviceStatus::Active);
		if !active {
			// Quarantined or revoked already: nothing more to do.
			return Ok(());
		}

		let reason = H256(sp_io::hashing::blake2_256(&(QUARANTINE_CONTEXT, &evidence).encode()));
		T::Registry::quarantine(device, reason)?;
		RecentSevere::<T>::remove(device);
		Self::deposit_event(Event::DeviceQuarantined { device, evidence, reason });
		Ok(())
	}
}
