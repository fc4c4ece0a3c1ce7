//! What holds after every block (checked by `try_state` and after every unit test).

use alloc::collections::btree_map::BTreeMap;
use frame_support::traits::{fungible::InspectHold, Get};
use sp_runtime::{traits::Zero, Saturating, TryRuntimeError};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks the consent pallet's invariants:
	/// - every record's id is below `NextConsentId` and indexed under its subject;
	/// - `SubjectConsents` indexes only existing records, and `ConsentCount` counts them, at
	///   most `MaxConsentsPerSubject` each;
	/// - each account's held deposit equals the deposits of the records it granted;
	/// - nobody is their own guardian; a ward holds exactly its guardian's deposit, which an
	///   appointed guardian does not carry.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next = NextConsentId::<T>::get();
		let mut counts = BTreeMap::<T::AccountId, u32>::new();
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, record) in Consents::<T>::iter() {
			if id >= next {
				return Err("a consent id is not below NextConsentId".into());
			}
			if !SubjectConsents::<T>::contains_key(&record.subject, id) {
				return Err("a consent is not indexed under its subject".into());
			}
			let count = counts.entry(record.subject).or_default();
			*count = count.saturating_add(1);
			let held = deposits.entry(record.granted_by).or_insert_with(Zero::zero);
			*held = held.saturating_add(record.deposit);
		}
		for (subject, id, ()) in SubjectConsents::<T>::iter() {
			if Consents::<T>::get(id).is_none_or(|record| record.subject != subject) {
				return Err("SubjectConsents names a record that is not the subject's".into());
			}
		}
		for (subject, count) in ConsentCount::<T>::iter() {
			if counts.get(&subject) != Some(&count) || count > T::MaxConsentsPerSubject::get() {
				return Err("ConsentCount differs from the subject's records".into());
			}
		}
		if counts.len() != ConsentCount::<T>::iter().count() {
			return Err("a subject with records has no ConsentCount".into());
		}
		let reason = HoldReason::ConsentDeposit.into();
		for (account, deposit) in deposits {
			if T::Currency::balance_on_hold(&reason, &account) != deposit {
				return Err("an account's held deposit differs from its records' deposits".into());
			}
		}
		let guardian_reason = HoldReason::GuardianDeposit.into();
		for (ward, guardianship) in Guardians::<T>::iter() {
			if ward == guardianship.guardian {
				return Err("someone is their own guardian".into());
			}
			if guardianship.appointed && !guardianship.deposit.is_zero() {
				return Err("an appointed guardian carries a ward's deposit".into());
			}
			if T::Currency::balance_on_hold(&guardian_reason, &ward) != guardianship.deposit {
				return Err("a ward's held deposit differs from its guardian's".into());
			}
		}
		Ok(())
	}
}
