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

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod session;
mod validators;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

// FRAME's pallet macros expand to `expect` calls (storage and error metadata); the pallet's own
// logic lives in `validators.rs` and `session.rs`, where the crate-level lint still applies.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::Contains};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the validator set.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who may add and remove validators: Root or a 2/3 council motion in the runtime.
		type ValidatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The accounts that registered session keys (`pallet_session::NextKeys`): only they
		/// can author and vote, so only they join and count towards `MinValidators`.
		type SessionKeys: Contains<Self::AccountId>;

		/// The set never shrinks below this many validators.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// The set never grows beyond this many validators; at most the consensus pallets'
		/// `MaxAuthorities`.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Weights of the calls, from `benchmarking.rs`.
		type WeightInfo: WeightInfo;

		/// Gives accounts session keys for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// What the benchmarks need from the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Registers session keys for `who`.
		fn set_session_keys(who: &AccountId);
	}

	/// The validator set sessions start from: changes take effect at the session after next.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since the session pallet last took it.
	#[pallet::storage]
	pub type SetChanged<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// Events of the validator set.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `validator` joined the set; it authors from the session after next.
		ValidatorAdded {
			/// The new validator.
			validator: T::AccountId,
		},
		/// `validator` left the set; it stops authoring from the session after next.
		ValidatorRemoved {
			/// The removed validator.
			validator: T::AccountId,
		},
		/// The changed set was not handed to the session pallet: fewer than `MinValidators` of
		/// its validators have session keys. The session goes on with the current set.
		SetWithheld {
			/// The session that keeps the current set.
			session: u32,
			/// How many of the set's validators have keys.
			keyed: u32,
		},
		/// The session pallet took the changed set for session `session`: its validators with
		/// session keys.
		SetQueued {
			/// The session the set applies to.
			session: u32,
			/// How many validators it has.
			validators: u32,
		},
	}

	/// Why a validator set change was refused. The set is unchanged after any of these.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is a validator already.
		AlreadyExists,
		/// The account is not a validator.
		NotFound,
		/// The change would leave fewer than `MinValidators` validators with session keys
		/// (also: adding to an empty, unmanaged set).
		TooFew,
		/// The candidate has no session keys: it could neither author nor vote.
		NoSessionKeys,
		/// Adding it would exceed `MaxValidators`.
		TooMany,
	}

	/// The validators at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Initial validators: at least `MinValidators`, at most `MaxValidators`, no duplicates;
		/// or none, to leave the session pallet's genesis validators unmanaged.
		pub initial_validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis is built before the chain runs; a wrong chain spec must not start.
			Pallet::<T>::initialize_validators(&self.initial_validators)
				.unwrap_or_else(|error| panic!("invalid validator-set genesis: {error}"));
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Adds `who` to the validator set, effective from the session after next.
		///
		/// `who` must also set session keys (`Session::set_keys`) to author blocks.
		///
		/// ## Errors
		/// - `BadOrigin`: the origin is not the validator origin.
		/// - [`Error::AlreadyExists`]: `who` is a validator.
		/// - [`Error::TooMany`]: the set holds `MaxValidators` already.
		/// - [`Error::TooFew`]: the set is empty (unmanaged) and one validator is too few.
		#[pallet::call_index(0)]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ValidatorOrigin::ensure_origin(origin)?;
			Self::do_add_validator(who)
		}

		/// Removes `who` from the validator set, effective from the session after next.
		///
		/// ## Errors
		/// - `BadOrigin`: the origin is not the validator origin.
		/// - [`Error::NotFound`]: `who` is not a validator.
		/// - [`Error::TooFew`]: fewer than `MinValidators` would remain.
		#[pallet::call_index(1)]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ValidatorOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(who)
		}
	}
}
