//! Granting and withdrawing consent, guardians, and erasure receipts.

use frame_support::traits::tokens::Precision;
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::MutateHold, Get, UnixTime},
};
use msec_primitives::{is_strictly_increasing, ConsentId, LegalBasis, Purpose};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError,
};

use crate::*;

impl<T: Config> Pallet<T> {
	/// The chain's clock in Unix milliseconds.
	pub(crate) fn now_ms() -> u64 {
		u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX)
	}

	/// The checks on terms that need no storage.
	fn ensure_valid_terms(terms: &TermsOf<T>) -> DispatchResult {
		ensure!(!terms.purposes.is_empty(), Error::<T>::NoPurposes);
		ensure!(is_strictly_increasing(&terms.purposes), Error::<T>::PurposesUnsorted);
		// Naming the EU or Japan is how a controller outside them may send data there.
		let valid_transfers = terms.transfer_to.iter().all(|j| j.is_well_formed());
		ensure!(valid_transfers, Error::<T>::InvalidTransfer);
		let needs_explicit =
			terms.purposes.contains(&Purpose::HealthMonitoring) || !terms.transfer_to.is_empty();
		ensure!(
			!needs_explicit || terms.legal_basis == LegalBasis::ExplicitConsent,
			Error::<T>::ExplicitConsentRequired
		);
		ensure!(
			terms.expires_at.is_none_or(|expiry| expiry > Self::now_ms()),
			Error::<T>::AlreadyExpired
		);
		Ok(())
	}

	pub(crate) fn do_grant(
		subject: T::AccountId,
		granted_by: T::AccountId,
		terms: TermsOf<T>,
	) -> Result<ConsentId, DispatchError> {
		Self::ensure_valid_terms(&terms)?;
		// A ward with a guardian appointed on a court's decision does not consent alone.
		let ward_alone = granted_by == subject &&
			Guardians::<T>::get(&subject).is_some_and(|guardianship| guardianship.appointed);
		ensure!(!ward_alone, Error::<T>::GuardianAppointed);
		let count = ConsentCount::<T>::get(&subject);
		ensure!(count < T::MaxConsentsPerSubject::get(), Error::<T>::TooManyConsents);
		let id = NextConsentId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = T::ConsentDeposit::get();
		T::Currency::hold(&HoldReason::ConsentDeposit.into(), &granted_by, deposit)?;

		let record = ConsentRecord {
			subject: subject.clone(),
			terms: terms.clone(),
			granted_by: granted_by.clone(),
			granted_at: Self::now_ms(),
			withdrawn_at: None,
			erasures: Default::default(),
			deposit,
		};
		Consents::<T>::insert(id, record);
		SubjectConsents::<T>::insert(&subject, id, ());
		ConsentCount::<T>::insert(&subject, count.saturating_add(1));
		NextConsentId::<T>::put(next);
		Self::deposit_event(Event::ConsentGranted { consent: id, subject, granted_by, terms });
		Ok(id)
	}

	/// `guardian`, `subject`'s guardian now, grants `terms` for them and holds the deposit.
	pub(crate) fn do_grant_on_behalf(
		subject: T::AccountId,
		guardian: T::AccountId,
		terms: TermsOf<T>,
	) -> Result<ConsentId, DispatchError> {
		Self::ensure_guardian(&subject, &guardian)?;
		Self::do_grant(subject, guardian, terms)
	}

	/// `guardian` is `subject`'s guardian now.
	pub(crate) fn ensure_guardian(
		subject: &T::AccountId,
		guardian: &T::AccountId,
	) -> DispatchResult {
		let current = Guardians::<T>::get(subject).map(|g| g.guardian);
		ensure!(current.as_ref() == Some(guardian), Error::<T>::NotGuardian);
		Ok(())
	}

	pub(crate) fn do_withdraw(who: T::AccountId, id: ConsentId) -> DispatchResult {
		let mut record = Consents::<T>::get(id).ok_or(Error::<T>::UnknownConsent)?;
		// Whoever granted it may end it: a former guardian's deposit is never stuck.
		let allowed = who == record.subject
			|| who == record.granted_by
			|| Self::ensure_guardian(&record.subject, &who).is_ok();
		ensure!(allowed, Error::<T>::NotSubjectOrGuardian);
		ensure!(record.withdrawn_at.is_none(), Error::<T>::AlreadyWithdrawn);

		record.withdrawn_at = Some(Self::now_ms());
		let subject = record.subject.clone();
		Consents::<T>::insert(id, record);
		Self::deposit_event(Event::ConsentWithdrawn { consent: id, subject, by: who });
		Ok(())
	}

	/// Sets `ward`'s guardian; `appointed` when the guardian origin decides, otherwise the
	/// ward does and holds the deposit.
	pub(crate) fn do_set_guardian(
		ward: T::AccountId,
		guardian: Option<T::AccountId>,
		appointed: bool,
	) -> DispatchResult {
		ensure!(guardian.as_ref() != Some(&ward), Error::<T>::SelfGuardian);
		let current = Guardians::<T>::get(&ward);
		ensure!(
			appointed || current.as_ref().is_none_or(|c| !c.appointed),
			Error::<T>::GuardianAppointed
		);
		let reason = HoldReason::GuardianDeposit.into();
		let held = current.as_ref().map_or_else(Zero::zero, |c| c.deposit);
		let deposit = match (&guardian, appointed) {
			(Some(_), false) => T::GuardianDeposit::get(),
			_ => Zero::zero(),
		};
		if deposit > held {
			T::Currency::hold(&reason, &ward, deposit.saturating_sub(held))?;
		} else if held > deposit {
			T::Currency::release(&reason, &ward, held.saturating_sub(deposit), Precision::BestEffort)?;
		}

		match &guardian {
			Some(guardian) => Guardians::<T>::insert(
				&ward,
				Guardianship { guardian: guardian.clone(), deposit, appointed },
			),
			None => Guardians::<T>::remove(&ward),
		}
		Self::deposit_event(Event::GuardianSet { ward, guardian });
		Ok(())
	}

	pub(crate) fn do_record_erasure(
		controller: T::AccountId,
		id: ConsentId,
		data_ref: H256,
	) -> DispatchResult {
		let mut record = Consents::<T>::get(id).ok_or(Error::<T>::UnknownConsent)?;
		ensure!(record.terms.controller == controller, Error::<T>::NotController);
		record
			.erasures
			.try_push(Erasure { data_ref, at: Self::now_ms() })
			.map_err(|_| Error::<T>::TooManyErasures)?;

		let subject = record.subject.clone();
		Consents::<T>::insert(id, record);
		Self::deposit_event(Event::ErasureRecorded { consent: id, subject, controller, data_ref });
		Ok(())
	}
}
