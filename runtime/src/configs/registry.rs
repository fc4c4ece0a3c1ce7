//! Who takes part: the registry of participants and IoT devices, run by the council.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	configs::governance::Privileged, constants::currency::deposit, Balance, Balances, Runtime,
	RuntimeHoldReason,
};

parameter_types! {
	/// Held per registered device: its record (owner 32, key 33, kind 1, firmware 32, status 1,
	/// deposit 16 bytes) and its key index (key 33, id 8), as two entries.
	pub const DeviceDeposit: Balance = deposit(2, 156);
}

impl pallet_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistrarOrigin = Privileged;
	type SecurityOrigin = Privileged;
	type DeviceKey = msec_primitives::DeviceKey;
	type DeviceDeposit = DeviceDeposit;
	/// A city department may run a few hundred sensors; more than this is a second provider.
	type MaxDevicesPerOwner = ConstU32<1_000>;
	type WeightInfo = crate::weights::pallet_registry::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = DeviceKeys;
}

/// Device keys for the benchmarks: sr25519 keys made from the index.
#[cfg(feature = "runtime-benchmarks")]
pub struct DeviceKeys;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_registry::BenchmarkHelper<msec_primitives::DeviceKey> for DeviceKeys {
	fn device_key(index: u32) -> msec_primitives::DeviceKey {
		let mut raw = [0u8; 32];
		for (byte, index_byte) in raw.iter_mut().zip(index.to_le_bytes()) {
			*byte = index_byte;
		}
		msec_primitives::DeviceKey::Sr25519(sp_core::sr25519::Public::from_raw(raw))
	}
}
