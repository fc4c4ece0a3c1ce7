//! The IDS pallet in the runtime: the council publishes rule sets, the example devices of the
//! presets attest with their own keys, and gateways of another city's operator corroborate
//! until the registry quarantines a device.

mod common;

use frame_support::{assert_noop, assert_ok, BoundedVec};
use msec_primitives::{
	DeviceId, DeviceKey, DeviceKind, DeviceSignature, DeviceStatus, Jurisdiction,
};
use msec_runtime::{Ids, Registry, Runtime, RuntimeEvent, RuntimeOrigin, System};
use pallet_ids::{types::MS_PER_DAY, AlertReport, Severity};
use sp_core::{ed25519, Pair, H256};
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie};
use sp_runtime::DispatchError;

/// The preset's devices: Alice's air-quality sensor and Charlie's gateway.
const AIR_QUALITY: DeviceId = 0;
const FUJISAWA_GATEWAY: DeviceId = 3;
/// A second gateway Charlie registers in the quarantine test.
const SECOND_GATEWAY: DeviceId = 4;
/// 2026-11-23 00:00 UTC.
const NOW_MS: u64 = 20_415 * MS_PER_DAY;

fn key(derivation: &str) -> ed25519::Pair {
	ed25519::Pair::from_string(derivation, None).expect("a dev derivation")
}

fn local_testnet() -> sp_io::TestExternalities {
	let mut ext = common::genesis(LOCAL_TESTNET_RUNTIME_PRESET);
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(NOW_MS);
	});
	ext
}

/// A critical report of Alice's sensor for minute `n` of the last hour.
fn report(n: u64) -> pallet_ids::ReportOf<Runtime> {
	let start = NOW_MS - 3_600_000 + n * 60_000;
	AlertReport {
		device: AIR_QUALITY,
		ruleset: 1,
		period_start: start,
		period_end: start + 60_000,
		alert_count: 12,
		max_severity: Severity::Critical,
		rule_ids: BoundedVec::truncate_from(vec![7, 99, 312]),
		alerts_root: H256::repeat_byte(0x5a),
	}
}

fn signed_by(pair: &ed25519::Pair, report: &pallet_ids::ReportOf<Runtime>) -> DeviceSignature {
	let genesis_hash = System::block_hash(0);
	DeviceSignature::Ed25519(pair.sign(&report.signing_payload(genesis_hash.as_ref())))
}

fn attest(
	report: &pallet_ids::ReportOf<Runtime>,
	signature: DeviceSignature,
) -> sp_runtime::DispatchResult {
	Ids::attest_alerts(RuntimeOrigin::signed(Bob.to_account_id()), report.clone(), signature)
}

fn corroborate(attestation: u64, gateway: DeviceId, pair: &ed25519::Pair) {
	let root = pallet_ids::Attestations::<Runtime>::get(attestation)
		.unwrap()
		.report
		.alerts_root;
	let payload = pallet_ids::types::corroboration_payload(
		System::block_hash(0).as_ref(),
		attestation,
		gateway,
		&root,
	);
	let signature = DeviceSignature::Ed25519(pair.sign(&payload));
	assert_ok!(Ids::corroborate(
		RuntimeOrigin::signed(Charlie.to_account_id()),
		attestation,
		gateway,
		signature
	));
}

#[test]
fn only_the_council_publishes_rule_sets() {
	local_testnet().execute_with(|| {
		assert_eq!(pallet_ids::LatestRuleset::<Runtime>::get(), 1, "the preset publishes one");
		assert_noop!(
			Ids::publish_ruleset(RuntimeOrigin::signed(Alice.to_account_id()), 2, H256::zero(), 10),
			DispatchError::BadOrigin
		);
		assert_ok!(Ids::publish_ruleset(RuntimeOrigin::root(), 2, H256::repeat_byte(2), 640));
		assert_eq!(pallet_ids::LatestRuleset::<Runtime>::get(), 2);
	});
}

#[test]
fn a_device_signed_report_is_recorded_and_forgeries_and_replays_are_refused() {
	local_testnet().execute_with(|| {
		let report = report(0);
		let forged = signed_by(&key("//Bob//air-quality-1"), &report);
		assert_noop!(attest(&report, forged), pallet_ids::Error::<Runtime>::BadSignature);

		let genuine = signed_by(&key("//Alice//air-quality-1"), &report);
		assert_ok!(attest(&report, genuine.clone()));
		assert_noop!(attest(&report, genuine), pallet_ids::Error::<Runtime>::PeriodOverlaps);

		let summaries = Ids::summaries(NOW_MS - MS_PER_DAY, NOW_MS).unwrap();
		let (jurisdiction, tally) = summaries[0].by_jurisdiction[0];
		assert_eq!((jurisdiction, tally.alerts, tally.critical), (Jurisdiction::Eu, 12, 1));
	});
}

#[test]
fn three_critical_reports_confirmed_by_two_fujisawa_gateways_quarantine_the_sensor() {
	local_testnet().execute_with(|| {
		let second_gateway = key("//Charlie//gateway-2");
		let possession = msec_primitives::key_possession_payload(
			System::block_hash(0).as_ref(),
			&Charlie.to_account_id(),
		);
		assert_ok!(Registry::register_device(
			RuntimeOrigin::signed(Charlie.to_account_id()),
			DeviceKey::Ed25519(second_gateway.public()),
			DeviceKind::Gateway,
			H256::zero(),
			DeviceSignature::Ed25519(second_gateway.sign(&possession))
		));
		let sensor = key("//Alice//air-quality-1");
		let gateway = key("//Charlie//gateway-1");
		for n in 0..3 {
			let report = report(n);
			assert_ok!(attest(&report, signed_by(&sensor, &report)));
			corroborate(n, FUJISAWA_GATEWAY, &gateway);
			corroborate(n, SECOND_GATEWAY, &second_gateway);
		}

		let device = pallet_registry::Devices::<Runtime>::get(AIR_QUALITY).unwrap();
		assert_eq!(device.status, DeviceStatus::Quarantined);
		assert!(System::events().iter().any(|record| matches!(
			&record.event,
			RuntimeEvent::Ids(pallet_ids::Event::DeviceQuarantined { device: AIR_QUALITY, evidence, .. })
				if evidence.to_vec() == vec![0, 1, 2]
		)));
		let next = report(3);
		assert_noop!(
			attest(&next, signed_by(&sensor, &next)),
			pallet_ids::Error::<Runtime>::DeviceQuarantined
		);
	});
}
