#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
// A panic in the runtime halts block production.
#![cfg_attr(
	not(test),
	warn(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects
	)
)]

extern crate alloc;

mod cleanup;
mod grants;
mod inspect;
mod invariants;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::{ConsentStatus, ConsentTerms, Erasure, Guardianship};
pub use weights::WeightInfo;

// FRAME's pallet macros expand to `expect` calls (storage and error metadata); the pallet's own
// logic lives in the feature files, where the crate-level lint still applies.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use msec_primitives::{ConsentId, Jurisdiction, LegalBasis, Purpose};
	use sp_core::H256;

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// The terms of a consent in this runtime.
	pub type TermsOf<T> = ConsentTerms<
		<T as frame_system::Config>::AccountId,
		<T as Config>::MaxPurposes,
		<T as Config>::MaxTransfers,
	>;

	/// A stored consent record.
	#[derive(
		CloneNoBound,
		PartialEqNoBound,
		EqNoBound,
		Encode,
		Decode,
		TypeInfo,
		MaxEncodedLen,
		DebugNoBound,
	)]
	#[scale_info(skip_type_params(T))]
	#[codec(mel_bound())]
	pub struct ConsentRecord<T: Config> {
		/// Whose data it is.
		pub subject: T::AccountId,
		/// What the subject agreed to.
		pub terms: TermsOf<T>,
		/// The subject, or the guardian who granted on the subject's behalf; holds the deposit.
		pub granted_by: T::AccountId,
		/// When, Unix ms.
		pub granted_at: u64,
		/// When it was withdrawn, Unix ms.
		pub withdrawn_at: Option<u64>,
		/// Erasure receipts the controller recorded under it.
		pub erasures: BoundedVec<Erasure, T::MaxErasures>,
		/// Held from `granted_by` until the record is removed.
		pub deposit: BalanceOf<T>,
	}

	impl<T: Config> ConsentRecord<T> {
		/// Where it stands at Unix time `now` (ms): evaluated when read, never stored.
		pub fn status(&self, now: u64) -> ConsentStatus {
			if self.withdrawn_at.is_some() {
				ConsentStatus::Withdrawn
			} else if self.terms.expires_at.is_some_and(|expiry| expiry <= now) {
				ConsentStatus::Expired
			} else {
				ConsentStatus::Active
			}
		}

		/// When it stopped being in force, if it has by `now`.
		pub fn ended_at(&self, now: u64) -> Option<u64> {
			self.withdrawn_at.or(self.terms.expires_at.filter(|expiry| *expiry <= now))
		}
	}

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the consent pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Holds record deposits.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which [`HoldReason`] is part.
		type RuntimeHoldReason: From<HoldReason>;

		/// The chain's clock: grants, expiries and withdrawals are in Unix ms.
		type Time: UnixTime;

		/// Appoints and removes guardians of people who cannot act for themselves (the council
		/// in the runtime, acting on a court's or social services' decision).
		type GuardianOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most purposes one consent names.
		#[pallet::constant]
		type MaxPurposes: Get<u32>;

		/// Most jurisdictions outside the EU-Japan area one consent names.
		#[pallet::constant]
		type MaxTransfers: Get<u32>;

		/// Most consent records a subject has at once (withdrawn and expired ones count until
		/// they are removed).
		#[pallet::constant]
		type MaxConsentsPerSubject: Get<u32>;

		/// Most erasure receipts under one consent.
		#[pallet::constant]
		type MaxErasures: Get<u32>;

		/// Held from whoever grants a consent, until the record is removed.
		#[pallet::constant]
		type ConsentDeposit: Get<BalanceOf<Self>>;

		/// Held from a ward who chooses a guardian, until the guardian is removed.
		#[pallet::constant]
		type GuardianDeposit: Get<BalanceOf<Self>>;

		/// How long, in ms, a withdrawn or expired record stays readable (the subject's view and
		/// its erasure receipts) before `on_idle` removes it and releases its deposit.
		#[pallet::constant]
		type RecordRetention: Get<u64>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Sets the clock for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper;
	}

	/// Why funds are held.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a consent record.
		#[codec(index = 0)]
		ConsentDeposit,
		/// The deposit of a guardian the ward chose.
		#[codec(index = 1)]
		GuardianDeposit,
	}

	/// Consent records.
	#[pallet::storage]
	pub type Consents<T: Config> = StorageMap<_, Twox64Concat, ConsentId, ConsentRecord<T>>;

	/// Each subject's consent records.
	#[pallet::storage]
	pub type SubjectConsents<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ConsentId, ()>;

	/// How many records each subject has.
	#[pallet::storage]
	pub type ConsentCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The guardian of each person in care.
	#[pallet::storage]
	pub type Guardians<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Guardianship<T::AccountId, BalanceOf<T>>>;

	/// The id the next consent gets.
	#[pallet::storage]
	pub type NextConsentId<T: Config> = StorageValue<_, ConsentId, ValueQuery>;

	/// Where `on_idle` goes on looking for records to remove.
	#[pallet::storage]
	pub type CleanupCursor<T: Config> = StorageValue<_, ConsentId, ValueQuery>;

	/// What happened; the events are the receipts a subject keeps.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A consent was granted.
		ConsentGranted {
			/// Its id.
			consent: ConsentId,
			/// Whose data.
			subject: T::AccountId,
			/// The subject or their guardian.
			granted_by: T::AccountId,
			/// What was agreed to.
			terms: TermsOf<T>,
		},
		/// A consent was withdrawn, with immediate effect.
		ConsentWithdrawn {
			/// Its id.
			consent: ConsentId,
			/// Whose data.
			subject: T::AccountId,
			/// The subject or their guardian.
			by: T::AccountId,
		},
		/// A person's guardian changed.
		GuardianSet {
			/// The person in care.
			ward: T::AccountId,
			/// The new guardian; none if removed.
			guardian: Option<T::AccountId>,
		},
		/// A controller recorded that it erased data (GDPR art. 17, APPI art. 35).
		ErasureRecorded {
			/// The consent it held the data under.
			consent: ConsentId,
			/// Whose data.
			subject: T::AccountId,
			/// Who erased it.
			controller: T::AccountId,
			/// Which data.
			data_ref: H256,
		},
		/// A withdrawn or expired record passed its retention: removed, its deposit released.
		ConsentRemoved {
			/// Its id.
			consent: ConsentId,
		},
	}

	/// Why a consent call was refused. Nothing changed when any of these is returned.
	#[pallet::error]
	pub enum Error<T> {
		/// A consent names at least one purpose.
		NoPurposes,
		/// Purposes must be sorted and unique.
		PurposesUnsorted,
		/// A transfer jurisdiction is malformed.
		InvalidTransfer,
		/// Health data (`HealthMonitoring`) and transfers to named countries need the legal
		/// basis `ExplicitConsent` (GDPR art. 9(2)(a) and 49(1)(a), APPI art. 28).
		ExplicitConsentRequired,
		/// A guardian the guardian origin appointed acts for the ward: only that origin replaces
		/// or removes it, and the ward does not grant consent alone.
		GuardianAppointed,
		/// The expiry is not in the future.
		AlreadyExpired,
		/// The subject has `MaxConsentsPerSubject` records.
		TooManyConsents,
		/// No consent with this id.
		UnknownConsent,
		/// Only the subject, their guardian, or whoever granted the consent withdraws it.
		NotSubjectOrGuardian,
		/// The consent is withdrawn already.
		AlreadyWithdrawn,
		/// The caller is not the subject's guardian.
		NotGuardian,
		/// Nobody is their own guardian.
		SelfGuardian,
		/// Only the consent's controller records erasures under it.
		NotController,
		/// The consent has `MaxErasures` receipts.
		TooManyErasures,
		/// Consent ids are exhausted.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Removes records whose retention has passed, in the block's spare weight.
		fn on_idle(_n: BlockNumberFor<T>, remaining_weight: Weight) -> Weight {
			let mut meter = frame_support::weights::WeightMeter::with_limit(remaining_weight);
			Self::remove_ended(&mut meter);
			meter.consumed()
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// The caller, as data subject, consents to `controller` processing their data for
		/// `purposes` (sorted, unique) under `legal_basis`, transferred to recipients in
		/// `transfer_to` besides those the law allows anyway (within a jurisdiction, and
		/// between the EU and Japan), until `expires_at` (Unix ms; never if `None`), having been
		/// shown the notice with hash `notice_hash`. Health data and named transfers need
		/// `ExplicitConsent`. Holds [`Config::ConsentDeposit`].
		///
		/// ## Errors
		/// - [`Error::NoPurposes`], [`Error::PurposesUnsorted`], [`Error::InvalidTransfer`],
		///   [`Error::ExplicitConsentRequired`], [`Error::AlreadyExpired`].
		/// - [`Error::GuardianAppointed`]: the caller has a guardian the guardian origin appointed.
		/// - [`Error::TooManyConsents`], [`Error::Overflow`]; a funds error when the deposit
		///   cannot be held.
		#[pallet::call_index(0)]
		pub fn grant(
			origin: OriginFor<T>,
			controller: T::AccountId,
			purposes: BoundedVec<Purpose, T::MaxPurposes>,
			legal_basis: LegalBasis,
			transfer_to: BoundedVec<Jurisdiction, T::MaxTransfers>,
			expires_at: Option<u64>,
			notice_hash: H256,
		) -> DispatchResult {
			let subject = ensure_signed(origin)?;
			let terms = ConsentTerms {
				controller,
				purposes,
				legal_basis,
				transfer_to,
				expires_at,
				notice_hash,
			};
			Self::do_grant(subject.clone(), subject, terms).map(|_| ())
		}

		/// A guardian grants consent on behalf of `subject`, a person in their care; as
		/// [`Pallet::grant`] otherwise. The guardian holds the deposit.
		///
		/// ## Errors
		/// - [`Error::NotGuardian`]; the errors of [`Pallet::grant`].
		#[pallet::call_index(1)]
		#[allow(clippy::too_many_arguments)]
		pub fn grant_on_behalf(
			origin: OriginFor<T>,
			subject: T::AccountId,
			controller: T::AccountId,
			purposes: BoundedVec<Purpose, T::MaxPurposes>,
			legal_basis: LegalBasis,
			transfer_to: BoundedVec<Jurisdiction, T::MaxTransfers>,
			expires_at: Option<u64>,
			notice_hash: H256,
		) -> DispatchResult {
			let guardian = ensure_signed(origin)?;
			let terms = ConsentTerms {
				controller,
				purposes,
				legal_basis,
				transfer_to,
				expires_at,
				notice_hash,
			};
			Self::do_grant_on_behalf(subject, guardian, terms).map(|_| ())
		}

		/// The subject, their guardian, or whoever granted `consent` (a former guardian, whose
		/// deposit it holds) withdraws it, with immediate effect: no purpose is permitted under
		/// it from this block on.
		///
		/// ## Errors
		/// - [`Error::UnknownConsent`], [`Error::NotSubjectOrGuardian`],
		///   [`Error::AlreadyWithdrawn`].
		#[pallet::call_index(2)]
		pub fn withdraw(origin: OriginFor<T>, consent: ConsentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, consent)
		}

		/// Appoints `guardian` for `ward`, or removes the guardian with `None`. The ward
		/// (choosing a trusted person while able to) holds [`Config::GuardianDeposit`] for it;
		/// the guardian origin (a court's or social services' decision) appoints without a
		/// deposit, and then only it replaces or removes the guardian.
		///
		/// ## Errors
		/// - `BadOrigin`: neither the ward nor the guardian origin.
		/// - [`Error::SelfGuardian`], [`Error::GuardianAppointed`]; a funds error when the
		///   ward cannot hold the deposit.
		#[pallet::call_index(3)]
		pub fn set_guardian(
			origin: OriginFor<T>,
			ward: T::AccountId,
			guardian: Option<T::AccountId>,
		) -> DispatchResult {
			let is_ward = ensure_signed(origin.clone()).is_ok_and(|who| who == ward);
			if !is_ward {
				T::GuardianOrigin::ensure_origin(origin)?;
			}
			Self::do_set_guardian(ward, guardian, !is_ward)
		}

		/// The controller of `consent` records that it erased the data `data_ref` names (it
		/// destroyed its keys): a receipt under the consent and an event.
		///
		/// ## Errors
		/// - [`Error::UnknownConsent`], [`Error::NotController`], [`Error::TooManyErasures`].
		#[pallet::call_index(4)]
		pub fn record_erasure(
			origin: OriginFor<T>,
			consent: ConsentId,
			data_ref: H256,
		) -> DispatchResult {
			let controller = ensure_signed(origin)?;
			Self::do_record_erasure(controller, consent, data_ref)
		}
	}
}
