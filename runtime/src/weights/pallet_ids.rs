// Placeholder until scripts/bench-weights.sh pallet_ids generates this file.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_ids::WeightInfo for WeightInfo<T> {
	fn publish_ruleset() -> Weight {
		T::DbWeight::get().reads_writes(1, 2)
	}
	fn retire_ruleset() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
	fn attest_alerts() -> Weight {
		T::DbWeight::get().reads_writes(10, 40)
	}
	fn corroborate() -> Weight {
		T::DbWeight::get().reads_writes(20, 4)
	}
	fn dispute() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
	fn expire_attestation() -> Weight {
		T::DbWeight::get().reads_writes(3, 4)
	}
	fn prune_aggregate_entry() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
}
