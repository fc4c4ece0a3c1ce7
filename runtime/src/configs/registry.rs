//! Who takes part: the registry of participants and IoT devices, run by the council.

use codec::MaxEncodedLen;
use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	configs::governance::Privileged, constants::currency::deposit, Balance, Balances, Runtime,
	RuntimeHoldReason,
};

/// The bytes of a device record with its key (`Twox64Concat` id), of its key index entry
/// (`Blake2_128Concat` device key, the id) and of the IDS pallet's period cursor for it
/// (`Twox64Concat` id, a u64), which goes with the device.
fn device_bytes() -> u32 {
	let record = pallet_registry::DeviceOf::<Runtime>::max_encoded_len().saturating_add(16);
	let key_index = msec_primitives::DeviceKey::max_encoded_len().saturating_add(16 + 8);
	let period_cursor = 16 + 8;
	u32::try_from(record.saturating_add(key_index).saturating_add(period_cursor))
		.unwrap_or(u32::MAX)
}

parameter_types! {
	/// Held per registered device: its record, its key index and its IDS period cursor, as
	/// three entries, sized from their encoded maximum.
	pub DeviceDeposit: Balance = deposit(3, device_bytes());
}

impl pallet_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistrarOrigin = Privileged;
	type SecurityOrigin = Privileged;
	type DeviceKey = msec_primitives::DeviceKey;
	type DeviceSignature = msec_primitives::DeviceSignature;
	type SubjectSignature = crate::Signature;
	/// The IDS pallet drops a deregistered device's period cursor.
	type OnDeviceRemoved = crate::Ids;
	type DeviceDeposit = DeviceDeposit;
	/// A city department may run a few hundred sensors; more than this is a second provider.
	type MaxDevicesPerOwner = ConstU32<1_000>;
	type WeightInfo = crate::weights::pallet_registry::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = DeviceKeys;
}

/// Device keys for the benchmarks: sr25519 keys in the benchmark's keystore, made from the
/// index (sr25519 verifies slower than ed25519: the worst case).
#[cfg(feature = "runtime-benchmarks")]
pub struct DeviceKeys;

#[cfg(feature = "runtime-benchmarks")]
const BENCHMARK_KEYS: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"msec");

#[cfg(feature = "runtime-benchmarks")]
impl
	pallet_registry::BenchmarkHelper<
		crate::AccountId,
		msec_primitives::DeviceKey,
		msec_primitives::DeviceSignature,
		crate::Signature,
	> for DeviceKeys
{
	fn device_key(
		index: u32,
		message: &[u8],
	) -> (msec_primitives::DeviceKey, msec_primitives::DeviceSignature) {
		let seed = alloc::format!("//benchmark-device-{index}").into_bytes();
		let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEYS, Some(seed));
		let signature = sp_io::crypto::sr25519_sign(BENCHMARK_KEYS, &public, message)
			.unwrap_or_else(|| sp_core::sr25519::Signature::from_raw([0; 64]));
		(
			msec_primitives::DeviceKey::Sr25519(public),
			msec_primitives::DeviceSignature::Sr25519(signature),
		)
	}

	fn subject(message: &[u8]) -> (crate::AccountId, crate::Signature) {
		let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEYS, Some(b"//subject".to_vec()));
		let signature = sp_io::crypto::sr25519_sign(BENCHMARK_KEYS, &public, message)
			.unwrap_or_else(|| sp_core::sr25519::Signature::from_raw([0; 64]));
		(public.into(), signature.into())
	}
}
