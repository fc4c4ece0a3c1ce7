//! Benchmarks of `pallet_node_authorization`, which upstream ships without any (only fixed
//! estimates). Each call is measured in its worst case: the largest well-known set, the
//! longest peer ids, the most connections a call may carry.

use alloc::{collections::BTreeSet, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use pallet_node_authorization::{
	AdditionalConnections, Owners, Pallet as NodeAuthorization, WellKnownNodes,
};
use sp_core::OpaquePeerId as PeerId;
use sp_runtime::traits::StaticLookup;

/// The pallet under measurement, wrapped so that the benchmarks can live in the runtime.
pub struct Pallet<T: Config>(NodeAuthorization<T>);

/// What the benchmarks need of the runtime.
pub trait Config: pallet_node_authorization::Config {}

/// A distinct peer id of the longest accepted length (`MaxPeerIdLength - 1` bytes).
fn peer<T: Config>(index: u32) -> PeerId {
	let length = T::MaxPeerIdLength::get().saturating_sub(1);
	let mut bytes: Vec<u8> =
		(0..length).map(|i| u8::try_from(i % 251).unwrap_or_default()).collect();
	bytes.splice(0..4, index.to_le_bytes());
	PeerId(bytes)
}

/// Fills the well-known set with `count` nodes owned by `owner`.
fn fill_well_known<T: Config>(count: u32, owner: &T::AccountId) {
	let nodes: BTreeSet<PeerId> = (1000..1000u32.saturating_add(count)).map(peer::<T>).collect();
	for node in &nodes {
		Owners::<T>::insert(node, owner);
	}
	WellKnownNodes::<T>::put(nodes);
}

/// The most nodes a set may hold before an addition (`MaxWellKnownNodes - 1`).
fn nearly_full<T: Config>() -> u32 {
	T::MaxWellKnownNodes::get().saturating_sub(1)
}

/// A claimed node of `owner` with the largest additional-connections set.
fn claimed_with_connections<T: Config>(owner: &T::AccountId) -> PeerId {
	let node = peer::<T>(1);
	Owners::<T>::insert(&node, owner);
	let connections: BTreeSet<PeerId> = (2000..2000u32.saturating_add(T::MaxWellKnownNodes::get()))
		.map(peer::<T>)
		.collect();
	AdditionalConnections::<T>::insert(&node, connections);
	node
}

fn connections<T: Config>(first: u32) -> Vec<PeerId> {
	(first..first.saturating_add(T::MaxWellKnownNodes::get()))
		.map(peer::<T>)
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_well_known_node() -> Result<(), BenchmarkError> {
		let origin =
			T::AddOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = whitelisted_caller();
		fill_well_known::<T>(nearly_full::<T>(), &owner);
		let node = peer::<T>(1);

		#[block]
		{
			NodeAuthorization::<T>::add_well_known_node(
				origin,
				node.clone(),
				T::Lookup::unlookup(owner),
			)?;
		}

		assert!(WellKnownNodes::<T>::get().contains(&node));
		Ok(())
	}

	#[benchmark]
	fn remove_well_known_node() -> Result<(), BenchmarkError> {
		let origin =
			T::RemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = whitelisted_caller();
		fill_well_known::<T>(nearly_full::<T>(), &owner);
		let node = peer::<T>(1000);
		AdditionalConnections::<T>::insert(
			&node,
			connections::<T>(2000).into_iter().collect::<BTreeSet<_>>(),
		);

		#[block]
		{
			NodeAuthorization::<T>::remove_well_known_node(origin, node.clone())?;
		}

		assert!(!WellKnownNodes::<T>::get().contains(&node));
		Ok(())
	}

	#[benchmark]
	fn swap_well_known_node() -> Result<(), BenchmarkError> {
		let origin =
			T::SwapOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = whitelisted_caller();
		fill_well_known::<T>(nearly_full::<T>(), &owner);
		let (old, new) = (peer::<T>(1000), peer::<T>(1));
		AdditionalConnections::<T>::insert(
			&old,
			connections::<T>(2000).into_iter().collect::<BTreeSet<_>>(),
		);

		#[block]
		{
			NodeAuthorization::<T>::swap_well_known_node(origin, old.clone(), new.clone())?;
		}

		assert!(WellKnownNodes::<T>::get().contains(&new));
		Ok(())
	}

	#[benchmark]
	fn reset_well_known_nodes() -> Result<(), BenchmarkError> {
		let origin =
			T::ResetOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = whitelisted_caller();
		fill_well_known::<T>(nearly_full::<T>(), &owner);
		let nodes: Vec<(PeerId, T::AccountId)> =
			(1..=nearly_full::<T>()).map(|i| (peer::<T>(i), owner.clone())).collect();

		#[block]
		{
			NodeAuthorization::<T>::reset_well_known_nodes(origin, nodes)?;
		}

		assert!(WellKnownNodes::<T>::get().contains(&peer::<T>(1)));
		Ok(())
	}

	#[benchmark]
	fn claim_node() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(1);

		#[block]
		{
			NodeAuthorization::<T>::claim_node(
				RawOrigin::Signed(caller.clone()).into(),
				node.clone(),
			)?;
		}

		assert_eq!(Owners::<T>::get(&node), Some(caller));
		Ok(())
	}

	#[benchmark]
	fn remove_claim() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fill_well_known::<T>(nearly_full::<T>(), &caller);
		let node = claimed_with_connections::<T>(&caller);

		#[block]
		{
			NodeAuthorization::<T>::remove_claim(RawOrigin::Signed(caller).into(), node.clone())?;
		}

		assert!(Owners::<T>::get(&node).is_none());
		Ok(())
	}

	#[benchmark]
	fn transfer_node() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = claimed_with_connections::<T>(&caller);
		let new_owner: T::AccountId = account("new owner", 0, 0);

		#[block]
		{
			NodeAuthorization::<T>::transfer_node(
				RawOrigin::Signed(caller).into(),
				node.clone(),
				T::Lookup::unlookup(new_owner.clone()),
			)?;
		}

		assert_eq!(Owners::<T>::get(&node), Some(new_owner));
		Ok(())
	}

	#[benchmark]
	fn add_connections() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = claimed_with_connections::<T>(&caller);
		let added = connections::<T>(3000);

		#[block]
		{
			NodeAuthorization::<T>::add_connections(
				RawOrigin::Signed(caller).into(),
				node.clone(),
				added,
			)?;
		}

		assert!(AdditionalConnections::<T>::get(&node).contains(&peer::<T>(3000)));
		Ok(())
	}

	#[benchmark]
	fn remove_connections() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = claimed_with_connections::<T>(&caller);
		let removed = connections::<T>(2000);

		#[block]
		{
			NodeAuthorization::<T>::remove_connections(
				RawOrigin::Signed(caller).into(),
				node.clone(),
				removed,
			)?;
		}

		assert!(AdditionalConnections::<T>::get(&node).is_empty());
		Ok(())
	}
}
