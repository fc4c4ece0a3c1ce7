//! A test runtime: System, Balances and the IDS pallet, with a registry of three devices and a
//! clock the tests set.

use core::cell::RefCell;
use std::collections::BTreeMap;

use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64, UnixTime},
	weights::{constants::RocksDbWeight, Weight},
	BoundedVec,
};
use frame_system::EnsureSignedBy;
use msec_primitives::{
	DeviceId, DeviceInfo, DeviceKey, DeviceKind, DeviceSignature, DeviceStatus, Jurisdiction,
	RegistryInspect, Roles,
};
use sp_core::{ed25519, sr25519, Pair, H256};
use sp_runtime::{BuildStorage, DispatchResult};

use crate as pallet_ids;
use crate::{AlertReport, Severity};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Ids: pallet_ids,
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
	fn publish_ruleset() -> Weight {
		RocksDbWeight::get().reads_writes(1, 2)
	}
	fn retire_ruleset() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn attest_alerts(r: u32) -> Weight {
		RocksDbWeight::get().reads_writes(6, 5).saturating_add(RocksDbWeight::get().writes(r.into()))
	}
	fn corroborate() -> Weight {
		RocksDbWeight::get().reads_writes(3, 1)
	}
	fn dispute() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn expire_attestation() -> Weight {
		RocksDbWeight::get().reads_writes(3, 4)
	}
	fn prune_aggregate_entry() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn on_device_removed() -> Weight {
		RocksDbWeight::get().writes(1)
	}
}

pub const SECURITY: u64 = 99;
pub const GATEWAY_OPERATOR: u64 = 1;
pub const POOR: u64 = 2;
pub const DEPOSIT: u64 = 10;
pub const MAX_RULE_IDS: u32 = 4;

/// Devices, with keys from seeds equal to their ids. Owner 7: 0 active, 1 quarantined,
/// 2 revoked, 5 an active gateway. Owner 8: 3 and 6 active gateways, 4 an active sensor.
pub const ACTIVE: DeviceId = 0;
pub const QUARANTINED: DeviceId = 1;
pub const REVOKED: DeviceId = 2;
pub const OTHER_GATEWAY: DeviceId = 3;
pub const OTHER_SENSOR: DeviceId = 4;
pub const SAME_OWNER_GATEWAY: DeviceId = 5;
pub const SECOND_OTHER_GATEWAY: DeviceId = 6;
/// A gateway of another owner whose key is sr25519 (the others are ed25519).
pub const SR25519_GATEWAY: DeviceId = 7;
pub const MAX_CORROBORATIONS: u32 = 2;
pub const QUARANTINE_THRESHOLD: u32 = 2;
pub const MAX_RECENT_SEVERE: u32 = 3;
/// Severe attestations count towards quarantine for this long (ms).
pub const QUARANTINE_WINDOW: u64 = 100_000;
pub const HALF_LIFE: u64 = 86_400_000;
/// Attestations are kept this many blocks.
pub const RETENTION: u64 = 10;
pub const AGGREGATE_DAYS: u32 = 2;

pub fn device_pair(device: DeviceId) -> ed25519::Pair {
	ed25519::Pair::from_seed(&[u8::try_from(device).unwrap(); 32])
}

/// The sr25519 key of device `device`.
pub fn sr25519_pair(device: DeviceId) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[u8::try_from(device).unwrap(); 32])
}

/// A device in the mock registry.
type MockDevice = (u64, DeviceKind, DeviceStatus, DeviceKey);

fn seeded(
	owner: u64,
	id: DeviceId,
	kind: DeviceKind,
	status: DeviceStatus,
) -> (DeviceId, MockDevice) {
	(id, (owner, kind, status, DeviceKey::Ed25519(device_pair(id).public())))
}

thread_local! {
	static NOW_MS: RefCell<u64> = const { RefCell::new(1_000_000) };
	static DEVICES: RefCell<BTreeMap<DeviceId, MockDevice>> = RefCell::new(BTreeMap::from([
		seeded(7, ACTIVE, DeviceKind::Gateway, DeviceStatus::Active),
		seeded(7, QUARANTINED, DeviceKind::Gateway, DeviceStatus::Quarantined),
		seeded(7, REVOKED, DeviceKind::Gateway, DeviceStatus::Revoked),
		seeded(8, OTHER_GATEWAY, DeviceKind::Gateway, DeviceStatus::Active),
		seeded(8, OTHER_SENSOR, DeviceKind::Sensor, DeviceStatus::Active),
		seeded(7, SAME_OWNER_GATEWAY, DeviceKind::Gateway, DeviceStatus::Active),
		seeded(8, SECOND_OTHER_GATEWAY, DeviceKind::Gateway, DeviceStatus::Active),
		(
			SR25519_GATEWAY,
			(
				9,
				DeviceKind::Gateway,
				DeviceStatus::Active,
				DeviceKey::Sr25519(sr25519_pair(SR25519_GATEWAY).public()),
			),
		),
	]));
}

/// The chain's clock, in milliseconds.
pub struct MockTime;

impl UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW_MS.with(|now| *now.borrow()))
	}
}

pub fn set_now(ms: u64) {
	NOW_MS.with(|now| *now.borrow_mut() = ms);
}

/// A registry of the devices above.
pub struct MockRegistry;

impl RegistryInspect<u64> for MockRegistry {
	type DeviceKey = DeviceKey;

	fn participant(who: &u64) -> Option<(Jurisdiction, Roles)> {
		let roles = Roles { provider: true, buyer: false, security: false };
		match who {
			7 => Some((Jurisdiction::Eu, roles)),
			8 => Some((Jurisdiction::Japan, roles)),
			_ => None,
		}
	}

	fn device(id: DeviceId) -> Option<DeviceInfo<u64, DeviceKey>> {
		DEVICES
			.with(|devices| devices.borrow().get(&id).cloned())
			.map(|(owner, kind, status, key)| DeviceInfo { owner, key, kind, status, subject: None })
	}

	fn quarantine(id: DeviceId, _reason: H256) -> DispatchResult {
		set_status(id, DeviceStatus::Quarantined);
		Ok(())
	}
}

parameter_types! {
	/// Corroborations an attestation needs to count: 1 unless a test sets more.
	pub static MinCorroborations: u32 = 1;
}

ord_parameter_types! {
	/// The one account in the security team.
	pub const Security: u64 = SECURITY;
}

impl pallet_ids::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = MockRegistry;
	type SecurityOrigin = EnsureSignedBy<Security, u64>;
	type Time = MockTime;
	type MaxRuleIds = ConstU32<MAX_RULE_IDS>;
	type MaxCorroborations = ConstU32<MAX_CORROBORATIONS>;
	type AttestationDeposit = ConstU64<DEPOSIT>;
	type QuarantineThreshold = ConstU32<QUARANTINE_THRESHOLD>;
	type MinCorroborations = MinCorroborations;
	type QuarantineWindow = ConstU64<QUARANTINE_WINDOW>;
	type MaxRecentSevere = ConstU32<MAX_RECENT_SEVERE>;
	type ConfidenceHalfLife = ConstU64<HALF_LIFE>;
	type AttestationRetention = ConstU64<RETENTION>;
	type AggregateRetentionDays = ConstU32<AGGREGATE_DAYS>;
	type WeightInfo = StorageOnlyWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Registers benchmark devices in the mock registry and sets the mock clock.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn register_device(
		owner: &u64,
		_jurisdiction: Jurisdiction,
		key: DeviceKey,
		kind: DeviceKind,
	) -> Result<DeviceId, sp_runtime::DispatchError> {
		Ok(DEVICES.with(|devices| {
			let mut devices = devices.borrow_mut();
			let id = devices.keys().max().map_or(0, |max| max + 1);
			devices.insert(id, (*owner, kind, DeviceStatus::Active, key));
			id
		}))
	}

	fn set_now(ms: u64) {
		set_now(ms);
	}

	fn fund(who: &u64, deposits: u32) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 1 + DEPOSIT * u64::from(deposits));
	}
}

/// The test state for the benchmarks: no rule set yet, and a keystore for the device keys.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(GATEWAY_OPERATOR, 1_000), (POOR, 5), (SECURITY, 1_000)],
		dev_accounts: None,
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_now(1_000_000);
		// Rule set 1 with 100 rules.
		crate::Pallet::<Test>::do_publish_ruleset(1, H256::repeat_byte(1), 100)
			.expect("rule set 1 publishes");
	});
	ext
}

/// Runs `test` on the state above, then checks the pallet's invariants and that every hold is
/// the sum of the deposits of its holder's attestations.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Ids::do_try_state().expect("IDS invariants hold");
		for (who, holds) in pallet_balances::Holds::<Test>::iter() {
			for hold in holds {
				let RuntimeHoldReason::Ids(crate::HoldReason::AttestationDeposit) = hold.id;
				let recorded: u64 = crate::Attestations::<Test>::iter_values()
					.filter(|attestation| attestation.submitter == who)
					.map(|attestation| attestation.deposit)
					.sum();
				assert_eq!(
					hold.amount, recorded,
					"{who}'s attestation hold has no records behind it"
				);
			}
		}
	});
}

/// Device `device`'s status in the mock registry.
pub fn status(device: DeviceId) -> DeviceStatus {
	MockRegistry::device(device).expect("the device exists").status
}

/// A well-formed report of device `device` for `[start, end)`.
pub fn report(device: DeviceId, start: u64, end: u64) -> AlertReport<ConstU32<MAX_RULE_IDS>> {
	AlertReport {
		device,
		ruleset: 1,
		period_start: start,
		period_end: end,
		alert_count: 5,
		max_severity: Severity::High,
		rule_ids: BoundedVec::truncate_from(vec![3, 17, 42]),
		alerts_root: H256::repeat_byte(0xa1),
	}
}

/// `report` signed by its device's key as the pallet expects.
pub fn sign(report: &AlertReport<ConstU32<MAX_RULE_IDS>>) -> DeviceSignature {
	let genesis_hash = System::block_hash(0);
	DeviceSignature::Ed25519(
		device_pair(report.device).sign(&report.signing_payload(genesis_hash.as_ref())),
	)
}

/// The last event the IDS pallet emitted.
pub fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Ids(event) => Some(event),
			_ => None,
		})
		.expect("the IDS pallet emitted an event")
}

/// Gateway `gateway`'s signature corroborating attestation `attestation`.
pub fn corroboration(attestation: crate::AttestationId, gateway: DeviceId) -> DeviceSignature {
	let stored = crate::Attestations::<Test>::get(attestation).expect("the attestation exists");
	let genesis_hash = System::block_hash(0);
	let payload = crate::types::corroboration_payload(
		genesis_hash.as_ref(),
		attestation,
		gateway,
		&stored.report.alerts_root,
	);
	DeviceSignature::Ed25519(device_pair(gateway).sign(&payload))
}

/// Relays `report`, signed by its device, from the gateway operator.
pub fn attest(report: &AlertReport<ConstU32<MAX_RULE_IDS>>) -> DispatchResult {
	Ids::attest_alerts(RuntimeOrigin::signed(GATEWAY_OPERATOR), report.clone(), sign(report))
}

/// Relays gateway `gateway`'s corroboration of `attestation` from the gateway operator.
pub fn corroborate(attestation: crate::AttestationId, gateway: DeviceId) -> DispatchResult {
	Ids::corroborate(
		RuntimeOrigin::signed(GATEWAY_OPERATOR),
		attestation,
		gateway,
		corroboration(attestation, gateway),
	)
}

/// Registers device `device` of `owner` with `key` in the mock registry.
pub fn register(device: DeviceId, owner: u64, kind: DeviceKind, key: DeviceKey) {
	DEVICES.with(|devices| {
		devices.borrow_mut().insert(device, (owner, kind, DeviceStatus::Active, key));
	});
}

/// Deregisters `device` from the mock registry, which tells the IDS pallet as the registry
/// does.
pub fn deregister(device: DeviceId) {
	DEVICES.with(|devices| devices.borrow_mut().remove(&device));
	<Ids as msec_primitives::OnDeviceRemoved>::on_device_removed(device);
}

/// Sets device `device`'s status in the mock registry, as security or its owner would.
pub fn set_status(device: DeviceId, status: DeviceStatus) {
	DEVICES.with(|devices| {
		if let Some(entry) = devices.borrow_mut().get_mut(&device) {
			entry.2 = status;
		}
	});
}
