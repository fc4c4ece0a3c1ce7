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

mod approval;
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

/// Who voted aye for a council motion while it is being closed.
pub trait MotionAyes<Hash, AccountId> {
	/// The members who voted aye for the open motion whose proposal hashes to
	/// `proposal_hash`; `None` if no such motion is open.
	fn ayes(proposal_hash: &Hash) -> Option<alloc::vec::Vec<AccountId>>;

	/// Records `ayes` for an open motion of `proposal_hash`, for the benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_ayes(proposal_hash: &Hash, ayes: alloc::vec::Vec<AccountId>);
}

// FRAME's pallet macros expand to `expect` calls (storage and error metadata); the pallet's own
// logic lives in approval.rs, where the crate-level lint still applies.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Convert, Dispatchable};

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the two-city approval.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The calls a motion enacts.
		type RuntimeCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
			+ GetDispatchInfo
			+ From<Call<Self>>
			+ From<frame_system::Call<Self>>;

		/// A council motion carried by its threshold (2/3 of the council in the runtime).
		type MotionOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who voted aye for the motion being closed.
		type Ayes: MotionAyes<Self::Hash, Self::AccountId>;

		/// What a council member speaks for.
		type City: Parameter + Ord + Copy + MaxEncodedLen;

		/// The city each council member speaks for, if any.
		type CityOf: Convert<Self::AccountId, Option<Self::City>>;

		/// The cities of which every motion needs an aye.
		type Cities: Get<Vec<Self::City>>;

		/// Most council members: the most ayes a motion has.
		#[pallet::constant]
		type MaxMembers: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Gives benchmark accounts a city.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId, Self::City>;
	}

	/// What happened.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A motion with an aye of every city was enacted with Root.
		Enacted {
			/// The hash of the motion's proposal (the `enact` call).
			motion: T::Hash,
			/// What the enacted call returned.
			result: DispatchResult,
		},
	}

	/// Why `enact` was refused. Nothing changed when any of these is returned.
	#[pallet::error]
	pub enum Error<T> {
		/// No open council vote carries this call: a motion executed when proposed, or another
		/// origin that passed `MotionOrigin`.
		NotAMotion,
		/// No member of one of the cities voted aye.
		CityMissing,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Enacts `call` with Root, for a council motion at its threshold whose ayes include a
		/// member of every city.
		///
		/// ## Errors
		/// - `BadOrigin`: not a motion at its threshold.
		/// - [`Error::NotAMotion`], [`Error::CityMissing`].
		#[pallet::call_index(0)]
		#[pallet::weight({
			let inner = call.get_dispatch_info();
			(T::WeightInfo::enact(T::MaxMembers::get()).saturating_add(inner.call_weight), inner.class)
		})]
		pub fn enact(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::MotionOrigin::ensure_origin(origin)?;
			Self::do_enact(call)
		}
	}
}
