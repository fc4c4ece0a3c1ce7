//! A test runtime: System, Balances and the registry, with Root as registrar and account 99 as
//! security.

use frame_support::{
	derive_impl, ord_parameter_types,
	traits::{ConstU32, ConstU64},
	weights::{constants::RocksDbWeight, Weight},
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use core::cell::RefCell;
use sp_core::H256;
use sp_runtime::{testing::TestSignature, BuildStorage};

use crate as pallet_registry;
use crate::{DeviceKind, Jurisdiction, Roles};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Registry: pallet_registry,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Weights of storage accesses only, so that tests do not depend on generated numbers.
pub struct StorageOnlyWeights;

impl crate::WeightInfo for StorageOnlyWeights {
	fn register_participant() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn update_participant() -> Weight {
		RocksDbWeight::get().reads_writes(2, 1)
	}
	fn remove_participant() -> Weight {
		RocksDbWeight::get().reads_writes(2, 1)
	}
	fn register_device() -> Weight {
		RocksDbWeight::get().reads_writes(5, 6)
	}
	fn rotate_device_key() -> Weight {
		RocksDbWeight::get().reads_writes(2, 4)
	}
	fn deregister_device() -> Weight {
		RocksDbWeight::get().reads_writes(3, 6)
	}
	fn revoke_device() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn quarantine_device() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn restore_device() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn set_device_subject() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn record_subject() -> Weight {
		RocksDbWeight::get().reads_writes(2, 1)
	}
	fn set_device_encryption_key() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
}

thread_local! {
	static REMOVED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Records the devices the registry says were removed.
pub struct RecordRemoved;

impl msec_primitives::OnDeviceRemoved for RecordRemoved {
	fn on_device_removed(id: u64) {
		REMOVED.with(|removed| removed.borrow_mut().push(id));
	}

	fn weight() -> Weight {
		RocksDbWeight::get().writes(1)
	}
}

/// The devices other pallets were told about, in order.
pub fn removed_devices() -> Vec<u64> {
	REMOVED.with(|removed| removed.borrow().clone())
}

/// The genesis hash the mock's payloads name: block 0's hash, as frame_system records it.
pub fn genesis_hash() -> H256 {
	System::block_hash(0)
}

/// `key`'s proof of possession for `owner`: in this mock, a signature is the signer and the
/// message it covers.
pub fn possession(key: u64, owner: u64) -> TestSignature {
	TestSignature(key, msec_primitives::key_possession_payload(genesis_hash().as_ref(), &owner))
}

/// `subject`'s claim on `device` of `owner`.
pub fn subject_claim(subject: u64, device: u64, owner: u64) -> TestSignature {
	let payload =
		msec_primitives::subject_claim_payload(genesis_hash().as_ref(), device, &owner);
	TestSignature(subject, payload)
}

pub const SECURITY: u64 = 99;
pub const DEPOSIT: u64 = 100;
pub const MAX_DEVICES: u32 = 3;

ord_parameter_types! {
	/// The one account in the security team.
	pub const Security: u64 = SECURITY;
}

impl pallet_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistrarOrigin = EnsureRoot<u64>;
	type SecurityOrigin = EnsureSignedBy<Security, u64>;
	/// Device keys and accounts are plain numbers here, signatures the signer and the message.
	type DeviceKey = u64;
	type DeviceSignature = TestSignature;
	type SubjectSignature = TestSignature;
	type OnDeviceRemoved = RecordRemoved;
	type DeviceDeposit = ConstU64<DEPOSIT>;
	type MaxDevicesPerOwner = ConstU32<MAX_DEVICES>;
	type WeightInfo = StorageOnlyWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NumberKeys;
}

/// Device keys for the benchmarks: the index itself.
#[cfg(feature = "runtime-benchmarks")]
pub struct NumberKeys;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, u64, TestSignature, TestSignature> for NumberKeys {
	fn device_key(index: u32, message: &[u8]) -> (u64, TestSignature) {
		(u64::from(index), TestSignature(u64::from(index), message.to_vec()))
	}

	fn subject(message: &[u8]) -> (u64, TestSignature) {
		(77, TestSignature(77, message.to_vec()))
	}
}

/// A provider in the EU with one device (id 0, key 1000) at genesis.
pub const PROVIDER: u64 = 1;
/// A buyer in Japan.
pub const BUYER: u64 = 2;
/// A provider in Korea without devices.
pub const OTHER_PROVIDER: u64 = 3;
/// Not registered.
pub const STRANGER: u64 = 4;
/// A provider who cannot afford a deposit.
pub const POOR_PROVIDER: u64 = 5;
/// The genesis device and its key.
pub const GENESIS_DEVICE: u64 = 0;
pub const GENESIS_KEY: u64 = 1000;

pub fn provider_roles() -> Roles {
	Roles { provider: true, buyer: false, security: false }
}

pub fn firmware() -> H256 {
	H256::repeat_byte(0xf1)
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(PROVIDER, 1_000),
			(BUYER, 1_000),
			(OTHER_PROVIDER, 1_000),
			(STRANGER, 1_000),
			(POOR_PROVIDER, 50),
			(SECURITY, 1_000),
		],
		dev_accounts: None,
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	pallet_registry::GenesisConfig::<Test> {
		participants: vec![
			(PROVIDER, Jurisdiction::Eu, provider_roles()),
			(BUYER, Jurisdiction::Japan, Roles { provider: false, buyer: true, security: false }),
			(
				OTHER_PROVIDER,
				Jurisdiction::Other(msec_primitives::CountryCode(*b"KR")),
				provider_roles(),
			),
			(POOR_PROVIDER, Jurisdiction::Eu, provider_roles()),
		],
		devices: vec![(PROVIDER, GENESIS_KEY, DeviceKind::Sensor, firmware())],
		device_encryption_keys: vec![],
	}
	.assimilate_storage(&mut storage)
	.expect("registry genesis builds");

	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		REMOVED.with(|removed| removed.borrow_mut().clear());
	});
	ext
}

/// Runs `test` on the genesis state above, then checks the registry's invariants and that every
/// hold is the sum of the deposits of its holder's devices.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Registry::do_try_state().expect("registry invariants hold");
		for (who, holds) in pallet_balances::Holds::<Test>::iter() {
			for hold in holds {
				let RuntimeHoldReason::Registry(crate::HoldReason::DeviceDeposit) = hold.id;
				let recorded: u64 = crate::Devices::<Test>::iter_values()
					.filter(|device| device.owner == who)
					.map(|device| device.deposit)
					.sum();
				assert_eq!(hold.amount, recorded, "{who}'s device hold has no devices behind it");
			}
		}
	});
}

/// The last event the registry emitted.
pub fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Registry(event) => Some(event),
			_ => None,
		})
		.expect("the registry emitted an event")
}
