//! Benchmarks: every call and the clean-up step in their worst case.

use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	weights::WeightMeter,
	BoundedVec,
};
use frame_system::RawOrigin;
use msec_primitives::{
	ConsentInspect, ConsentRefusal, CountryCode, Jurisdiction, LegalBasis, Purpose,
};
use sp_core::H256;
use sp_runtime::{traits::Zero, Saturating};

use crate::*;

/// What the benchmarks need of the runtime around the pallet.
pub trait BenchmarkHelper {
	/// Sets the chain's clock to Unix time `ms`.
	fn set_now(ms: u64);
}

/// The clock the benchmarks run at (2024-10-04): never zero, which the timestamp pallet
/// reports as an error on every read.
const NOW_MS: u64 = 1_728_000_000_000;

/// Terms with `MaxPurposes` purposes and `MaxTransfers` countries, never expiring.
fn full_terms<T: Config>(controller: T::AccountId) -> TermsOf<T> {
	let countries = (0u8..26)
		.flat_map(|a| (0u8..26).map(move |b| [b'A'.saturating_add(a), b'A'.saturating_add(b)]));
	let transfers = countries
		.map(|code| Jurisdiction::Other(CountryCode(code)))
		.filter(Jurisdiction::is_well_formed)
		.take(usize::try_from(T::MaxTransfers::get()).unwrap_or_default());
	ConsentTerms {
		controller,
		purposes: BoundedVec::truncate_from(Purpose::ALL.to_vec()),
		legal_basis: LegalBasis::ExplicitConsent,
		transfer_to: BoundedVec::truncate_from(transfers.collect()),
		expires_at: None,
		notice_hash: H256::repeat_byte(0x17),
	}
}

/// A guardianship the guardian origin decided.
fn appointed<T: Config>(guardian: &T::AccountId) -> Guardianship<T::AccountId, BalanceOf<T>> {
	Guardianship { guardian: guardian.clone(), deposit: Zero::zero(), appointed: true }
}

/// A funded account.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let deposits: BalanceOf<T> = T::MaxConsentsPerSubject::get().saturating_add(1).into();
	T::Currency::set_balance(
		&who,
		T::ConsentDeposit::get()
			.saturating_mul(deposits)
			.saturating_add(T::Currency::minimum_balance()),
	);
	who
}

/// `subject` with `MaxConsentsPerSubject - 1` consents, so that the next one is the last.
fn subject_with_consents<T: Config>(subject: &T::AccountId) -> Result<(), BenchmarkError> {
	let controller: T::AccountId = account("controller", 0, 0);
	for _ in 1..T::MaxConsentsPerSubject::get() {
		Pallet::<T>::do_grant(
			subject.clone(),
			subject.clone(),
			full_terms::<T>(controller.clone()),
		)
		.map_err(|_| BenchmarkError::Stop("the benchmark's consent is granted"))?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn grant() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let subject = funded::<T>("subject");
		subject_with_consents::<T>(&subject)?;
		let terms = full_terms::<T>(account("controller", 0, 0));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(subject.clone()),
			terms.controller,
			terms.purposes,
			terms.legal_basis,
			terms.transfer_to,
			terms.expires_at,
			terms.notice_hash,
		);

		assert_eq!(ConsentCount::<T>::get(&subject), T::MaxConsentsPerSubject::get());
		Ok(())
	}

	#[benchmark]
	fn grant_on_behalf() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let subject: T::AccountId = account("ward", 0, 0);
		let guardian = funded::<T>("guardian");
		Guardians::<T>::insert(&subject, appointed::<T>(&guardian));
		let terms = full_terms::<T>(account("controller", 0, 0));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(guardian),
			subject.clone(),
			terms.controller,
			terms.purposes,
			terms.legal_basis,
			terms.transfer_to,
			terms.expires_at,
			terms.notice_hash,
		);

		assert_eq!(ConsentCount::<T>::get(&subject), 1);
		Ok(())
	}

	/// By the guardian: the subject check fails first, then the guardian is read.
	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let subject = funded::<T>("subject");
		let guardian: T::AccountId = account("guardian", 0, 0);
		let id = Pallet::<T>::do_grant(
			subject.clone(),
			subject.clone(),
			full_terms::<T>(account("controller", 0, 0)),
		)
		.map_err(|_| BenchmarkError::Stop("granted"))?;
		// Appointed after the subject granted: the guardian withdraws for the ward.
		Guardians::<T>::insert(&subject, appointed::<T>(&guardian));

		#[extrinsic_call]
		_(RawOrigin::Signed(guardian), id);

		assert!(Consents::<T>::get(id).is_some_and(|record| record.withdrawn_at.is_some()));
		Ok(())
	}

	/// The ward chooses a guardian, holding the deposit (the guardian origin holds none).
	#[benchmark]
	fn set_guardian() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let ward = funded::<T>("ward");
		let guardian: T::AccountId = account("guardian", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(ward.clone()), ward.clone(), Some(guardian.clone()));

		assert_eq!(Guardians::<T>::get(&ward).map(|g| g.guardian), Some(guardian));
		Ok(())
	}

	#[benchmark]
	fn record_erasure() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let subject = funded::<T>("subject");
		let controller: T::AccountId = account("controller", 0, 0);
		let id =
			Pallet::<T>::do_grant(subject.clone(), subject, full_terms::<T>(controller.clone()))
				.map_err(|_| BenchmarkError::Stop("granted"))?;
		for _ in 1..T::MaxErasures::get() {
			Pallet::<T>::do_record_erasure(controller.clone(), id, H256::zero())
				.map_err(|_| BenchmarkError::Stop("recorded"))?;
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(controller), id, H256::repeat_byte(1));

		assert!(Consents::<T>::get(id).is_some_and(|record| record.erasures.is_full()));
		Ok(())
	}

	/// One record past its retention removed: deposit released, indexes updated.
	#[benchmark]
	fn remove_consent() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let subject = funded::<T>("subject");
		subject_with_consents::<T>(&subject)?;
		let id = 0;
		Pallet::<T>::do_withdraw(subject.clone(), id)
			.map_err(|_| BenchmarkError::Stop("withdrawn"))?;
		T::BenchmarkHelper::set_now(NOW_MS.saturating_add(T::RecordRetention::get()));
		// Room for one step: only the first record is visited.
		let mut meter = WeightMeter::with_limit(
			T::DbWeight::get()
				.reads_writes(2, 1)
				.saturating_add(T::WeightInfo::remove_consent()),
		);

		#[block]
		{
			Pallet::<T>::remove_ended(&mut meter);
		}

		assert!(Consents::<T>::get(id).is_none());
		Ok(())
	}

	/// Another pallet's consent check over `r` records of the subject, none of them for the
	/// controller asked about: the whole walk, whatever order the index keeps.
	#[benchmark]
	fn check_consent(
		r: Linear<0, { T::MaxConsentsPerSubject::get() }>,
	) -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_now(NOW_MS);
		let subject = funded::<T>("subject");
		let controller: T::AccountId = account("controller", 0, 0);
		for _ in 0..r {
			Pallet::<T>::do_grant(
				subject.clone(),
				subject.clone(),
				full_terms::<T>(controller.clone()),
			)
			.map_err(|_| BenchmarkError::Stop("the benchmark's consent is granted"))?;
		}
		let stranger: T::AccountId = account("stranger", 0, 0);
		let refusal;

		#[block]
		{
			// What `permitted_weight_of` reads to size the walk, then the walk.
			core::hint::black_box(ConsentCount::<T>::get(&subject));
			refusal = <Pallet<T> as ConsentInspect<T::AccountId>>::permitted(
				&subject,
				&stranger,
				Purpose::PublicBenefit,
				Jurisdiction::Eu,
				Jurisdiction::Japan,
			);
		}

		assert_eq!(refusal, Err(ConsentRefusal::Missing));
		assert_eq!(ConsentCount::<T>::get(&subject), r);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
