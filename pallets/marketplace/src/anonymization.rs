//! Anonymized listings: the provider commits to a policy, then attests each batch its node
//! anonymized before publishing it.

use frame_support::{ensure, pallet_prelude::DispatchResult};
use frame_system::pallet_prelude::BlockNumberFor;

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_require_anonymization(
		provider: T::AccountId,
		listing: ListingId,
		policy: AnonymizationPolicy,
	) -> DispatchResult {
		let mut record = Self::owned_listing(&provider, listing)?;
		ensure!(policy.is_valid(), Error::<T>::InvalidPolicy);
		let latest = match Anonymizations::<T>::get(listing) {
			Some(current) => {
				ensure!(policy.satisfies(&current.policy), Error::<T>::PolicyLoosened);
				current.latest
			},
			None => None,
		};
		// What is sold changed: buyers who signed against the raw listing do not buy this.
		record.version = record.version.checked_add(1).ok_or(Error::<T>::Overflow)?;

		Listings::<T>::insert(listing, record);
		Anonymizations::<T>::insert(listing, Anonymization { policy, latest });
		Self::deposit_event(Event::AnonymizationRequired { listing, policy });
		Ok(())
	}

	pub(crate) fn do_attest_anonymization(
		provider: T::AccountId,
		listing: ListingId,
		attestation: AnonymizationAttestation<BlockNumberFor<T>>,
	) -> DispatchResult {
		Self::owned_listing(&provider, listing)?;
		let mut anonymization =
			Anonymizations::<T>::get(listing).ok_or(Error::<T>::AnonymizationNotRequired)?;
		ensure!(attestation.batch == anonymization.next_batch(), Error::<T>::WrongBatch);
		ensure!(
			attestation.policy.is_valid() && attestation.policy.satisfies(&anonymization.policy),
			Error::<T>::PolicyTooWeak
		);
		ensure!(!attestation.method.is_empty(), Error::<T>::NoMethod);
		ensure!(attestation.records_out <= attestation.records_in, Error::<T>::InvalidCounts);

		anonymization.latest = Some(attestation.clone());
		Anonymizations::<T>::insert(listing, anonymization);
		Self::deposit_event(Event::AnonymizationAttested { listing, attestation });
		Ok(())
	}
}
