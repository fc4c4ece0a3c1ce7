// Placeholder until scripts/bench-weights.sh pallet_consent generates this file.

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_consent::WeightInfo for WeightInfo<T> {
	fn grant() -> Weight { T::DbWeight::get().reads_writes(3, 5) }
	fn grant_on_behalf() -> Weight { T::DbWeight::get().reads_writes(4, 5) }
	fn withdraw() -> Weight { T::DbWeight::get().reads_writes(2, 1) }
	fn set_guardian() -> Weight { T::DbWeight::get().writes(1) }
	fn record_erasure() -> Weight { T::DbWeight::get().reads_writes(1, 1) }
	fn remove_consent() -> Weight { T::DbWeight::get().reads_writes(3, 4) }
}
