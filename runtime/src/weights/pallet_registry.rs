// BOOTSTRAP ONLY: replaced by the generated file before commit.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_registry::WeightInfo for WeightInfo<T> {
	fn register_participant() -> Weight {
		Weight::zero()
	}
	fn update_participant() -> Weight {
		Weight::zero()
	}
	fn remove_participant() -> Weight {
		Weight::zero()
	}
	fn register_device() -> Weight {
		Weight::zero()
	}
	fn rotate_device_key() -> Weight {
		Weight::zero()
	}
	fn deregister_device() -> Weight {
		Weight::zero()
	}
	fn revoke_device() -> Weight {
		Weight::zero()
	}
	fn quarantine_device() -> Weight {
		Weight::zero()
	}
	fn restore_device() -> Weight {
		Weight::zero()
	}
}
