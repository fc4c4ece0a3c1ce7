//! What holds after every block (checked by `try_state` and after every unit test).

use alloc::collections::btree_map::BTreeMap;
use frame_support::traits::fungible::InspectHold;
use msec_primitives::RegistryInspect;
use sp_runtime::{traits::Zero, Saturating, TryRuntimeError};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks the IDS pallet's invariants:
	/// - every attestation's id lies in `[OldestAttestation, NextAttestationId)`, and no
	///   registered device's period is later than the device's `LastPeriodEnd`;
	/// - `LastPeriodEnd` names registered devices only;
	/// - `DeviceAttestations` indexes exactly the attestations, under their devices;
	/// - `RecentSevere` names severe attestations of its device, oldest first;
	/// - each submitter's held deposit equals the deposits of their attestations;
	/// - no gateway corroborates an attestation twice;
	/// - `LatestRuleset` is the highest published version.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let (oldest, next) = (OldestAttestation::<T>::get(), NextAttestationId::<T>::get());
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut count: usize = 0;
		for (id, attestation) in Attestations::<T>::iter() {
			count = count.saturating_add(1);
			if id < oldest || id >= next {
				return Err(
					"an attestation id is outside [OldestAttestation, NextAttestationId)".into()
				);
			}
			let device = attestation.report.device;
			if !DeviceAttestations::<T>::contains_key(device, id) {
				return Err("an attestation is not indexed under its device".into());
			}
			let registered = T::Registry::device(device).is_some();
			if registered && LastPeriodEnd::<T>::get(device) < Some(attestation.report.period_end)
			{
				return Err("an attestation ends after its device's LastPeriodEnd".into());
			}
			let mut gateways = attestation.corroborations.to_vec();
			gateways.sort_unstable();
			gateways.dedup();
			if gateways.len() != attestation.corroborations.len() {
				return Err("a gateway corroborated an attestation twice".into());
			}
			let held = deposits.entry(attestation.submitter).or_insert_with(Zero::zero);
			*held = held.saturating_add(attestation.deposit);
		}
		if DeviceAttestations::<T>::iter().count() != count {
			return Err("DeviceAttestations indexes attestations that do not exist".into());
		}
		for device in LastPeriodEnd::<T>::iter_keys() {
			if T::Registry::device(device).is_none() {
				return Err("LastPeriodEnd outlived its device".into());
			}
		}
		for (device, recent) in RecentSevere::<T>::iter() {
			if !msec_primitives::is_strictly_increasing(&recent) {
				return Err("RecentSevere is not in id order".into());
			}
			let all_severe = recent.iter().all(|id| {
				Attestations::<T>::get(id)
					.is_some_and(|a| a.report.device == device && a.report.max_severity.is_severe())
			});
			if !all_severe {
				return Err(
					"RecentSevere names an attestation that is not a severe one of its device"
						.into(),
				);
			}
		}
		let reason = HoldReason::AttestationDeposit.into();
		for (submitter, deposit) in deposits {
			if T::Currency::balance_on_hold(&reason, &submitter) != deposit {
				return Err(
					"a submitter's held deposit differs from their attestations' deposits".into()
				);
			}
		}
		let latest = Rulesets::<T>::iter_keys().max().unwrap_or_default();
		if latest != LatestRuleset::<T>::get() {
			return Err("LatestRuleset is not the highest published version".into());
		}
		Ok(())
	}
}
