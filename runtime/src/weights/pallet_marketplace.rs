// Placeholder until scripts/bench-weights.sh pallet_marketplace generates this file.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_marketplace::WeightInfo for WeightInfo<T> {
	fn create_listing() -> Weight {
		T::DbWeight::get().reads_writes(4, 5)
	}
	fn update_listing() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
	fn close_listing() -> Weight {
		T::DbWeight::get().reads_writes(2, 4)
	}
	fn purchase() -> Weight {
		T::DbWeight::get().reads_writes(70, 5)
	}
	fn deliver_key() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
	fn confirm_delivery() -> Weight {
		T::DbWeight::get().reads_writes(70, 1)
	}
	fn settle() -> Weight {
		T::DbWeight::get().reads_writes(4, 4)
	}
	fn dispute() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
	fn resolve_dispute() -> Weight {
		T::DbWeight::get().reads_writes(4, 4)
	}
	fn rate() -> Weight {
		T::DbWeight::get().reads_writes(3, 3)
	}
}
