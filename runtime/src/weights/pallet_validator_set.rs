// BOOTSTRAP ONLY: replaced by the generated file before commit.
#![allow(unused_parens, unused_imports, missing_docs)]
use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_validator_set::WeightInfo for WeightInfo<T> {
	fn add_validator() -> Weight { T::DbWeight::get().reads_writes(1, 2) }
	fn remove_validator() -> Weight { T::DbWeight::get().reads_writes(1, 2) }
}
