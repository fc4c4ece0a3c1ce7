//! [`ConsentInspect`] for other pallets, and what [`crate::runtime_api::ConsentApi`] answers.

use alloc::vec::Vec;
use frame_support::traits::Get;
use msec_primitives::{
	transfer_allowed, ConsentId, ConsentInspect, ConsentRefusal, Jurisdiction, Purpose,
};

use crate::{runtime_api::ConsentView, *};

impl<T: Config> ConsentInspect<T::AccountId> for Pallet<T> {
	fn permitted(
		subject: &T::AccountId,
		controller: &T::AccountId,
		purpose: Purpose,
		from: Jurisdiction,
		to: Jurisdiction,
	) -> Result<ConsentId, ConsentRefusal> {
		let now = Self::now_ms();
		// The most useful refusal: a consent that covers all but the transfer, then one that
		// was withdrawn, then one that expired.
		let mut refusal = ConsentRefusal::Missing;
		for id in SubjectConsents::<T>::iter_key_prefix(subject) {
			let Some(record) = Consents::<T>::get(id) else { continue };
			let terms = &record.terms;
			if terms.controller != *controller || !terms.purposes.contains(&purpose) {
				continue;
			}
			let this = match record.status(now) {
				ConsentStatus::Active if transfer_allowed(from, to, &terms.transfer_to) => {
					return Ok(id)
				},
				ConsentStatus::Active => ConsentRefusal::TransferNotAllowed,
				ConsentStatus::Withdrawn => ConsentRefusal::Withdrawn,
				ConsentStatus::Expired => ConsentRefusal::Expired,
			};
			refusal = more_telling(refusal, this);
		}
		Err(refusal)
	}

	fn permitted_weight() -> frame_support::weights::Weight {
		T::WeightInfo::check_consent(T::MaxConsentsPerSubject::get())
	}

	fn permitted_weight_of(subject: &T::AccountId) -> frame_support::weights::Weight {
		T::WeightInfo::check_consent(
			ConsentCount::<T>::get(subject).min(T::MaxConsentsPerSubject::get()),
		)
	}
}

/// Of two refusals, the one that tells the buyer more.
fn more_telling(a: ConsentRefusal, b: ConsentRefusal) -> ConsentRefusal {
	let rank = |refusal: ConsentRefusal| match refusal {
		ConsentRefusal::Missing => 0,
		ConsentRefusal::Expired => 1,
		ConsentRefusal::Withdrawn => 2,
		ConsentRefusal::TransferNotAllowed => 3,
	};
	if rank(b) > rank(a) {
		b
	} else {
		a
	}
}

impl<T: Config> Pallet<T> {
	/// `subject`'s consent records, oldest first, with their status now and their erasure
	/// receipts.
	pub fn consents_of(subject: &T::AccountId) -> Vec<ConsentView<T::AccountId>> {
		let now = Self::now_ms();
		let mut ids: Vec<ConsentId> = SubjectConsents::<T>::iter_key_prefix(subject).collect();
		ids.sort_unstable();
		ids.into_iter()
			.filter_map(|id| Consents::<T>::get(id).map(|record| (id, record)))
			.map(|(id, record)| ConsentView {
				id,
				status: record.status(now),
				controller: record.terms.controller,
				purposes: record.terms.purposes.into_inner(),
				legal_basis: record.terms.legal_basis,
				transfer_to: record.terms.transfer_to.into_inner(),
				expires_at: record.terms.expires_at,
				notice_hash: record.terms.notice_hash,
				granted_by: record.granted_by,
				granted_at: record.granted_at,
				withdrawn_at: record.withdrawn_at,
				erasures: record.erasures.into_inner(),
			})
			.collect()
	}
}
