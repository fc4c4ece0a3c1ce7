//! Benchmark of `pallet_grandpa::note_stalled`, the one GRANDPA call this runtime can take
//! (upstream's benchmarks measure a proof check instead of the calls). `report_equivocation`
//! has no benchmark: `KeyOwnerProof` is `Void`, so no such call decodes (see
//! `configs/consensus.rs`).

use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use pallet_grandpa::{Pallet as Grandpa, Stalled};

/// The pallet under measurement, wrapped so that the benchmarks can live in the runtime.
pub struct Pallet<T: Config>(Grandpa<T>);

/// What the benchmarks need of the runtime.
pub trait Config: pallet_grandpa::Config {}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn note_stalled() -> Result<(), BenchmarkError> {
		let delay = 1000u32.into();
		let best_finalized_block_number = 1u32.into();

		#[block]
		{
			Grandpa::<T>::note_stalled(RawOrigin::Root.into(), delay, best_finalized_block_number)?;
		}

		assert!(Stalled::<T>::get().is_some());
		Ok(())
	}
}
