// BOOTSTRAP ONLY: replaced by the generated file before commit.
#![allow(unused_parens, unused_imports, missing_docs)]
use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_node_authorization::WeightInfo for WeightInfo<T> {
	fn add_well_known_node() -> Weight { Weight::zero() }
	fn remove_well_known_node() -> Weight { Weight::zero() }
	fn swap_well_known_node() -> Weight { Weight::zero() }
	fn reset_well_known_nodes() -> Weight { Weight::zero() }
	fn claim_node() -> Weight { Weight::zero() }
	fn remove_claim() -> Weight { Weight::zero() }
	fn transfer_node() -> Weight { Weight::zero() }
	fn add_connections() -> Weight { Weight::zero() }
	fn remove_connections() -> Weight { Weight::zero() }
}
