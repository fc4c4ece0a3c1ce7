use crate::types::corroboration_payload;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use msec_primitives::DeviceSignature;
use sp_core::{ed25519, Pair};
use sp_runtime::TokenError;

use crate::{mock::*, Attestations, Error, Event, HoldReason, LastPeriodEnd, Severity};

#[test]
fn a_device_signed_report_is_recorded_and_the_relayer_holds_the_deposit() {
	build_and_execute(|| {
		let report = report(ACTIVE, 1_000, 2_000);
		assert_ok!(attest(&report));
		let stored = Attestations::<Test>::get(0).unwrap();
		assert_eq!(
			(stored.report, stored.submitter, stored.deposit),
			(report, GATEWAY_OPERATOR, DEPOSIT)
		);
		assert_eq!(LastPeriodEnd::<Test>::get(ACTIVE), Some(2_000));
		let reason = RuntimeHoldReason::Ids(HoldReason::AttestationDeposit);
		assert_eq!(Balances::balance_on_hold(&reason, &GATEWAY_OPERATOR), DEPOSIT);
		assert_eq!(
			last_event(),
			Event::AlertsAttested {
				attestation: 0,
				device: ACTIVE,
				alert_count: 5,
				max_severity: Severity::High
			}
		);
	});
}

#[test]
fn the_next_period_may_start_where_the_last_ended() {
	build_and_execute(|| {
		assert_ok!(attest(&report(ACTIVE, 1_000, 2_000)));
		assert_ok!(attest(&report(ACTIVE, 2_000, 3_000)));
	});
}

#[test]
fn a_replayed_or_overlapping_period_is_refused() {
	build_and_execute(|| {
		let first = report(ACTIVE, 1_000, 2_000);
		assert_ok!(attest(&first));
		assert_noop!(attest(&first), Error::<Test>::PeriodOverlaps);
		assert_noop!(attest(&report(ACTIVE, 1_500, 2_500)), Error::<Test>::PeriodOverlaps);
	});
}

#[test]
fn a_forged_signature_is_refused() {
	build_and_execute(|| {
		let report = report(ACTIVE, 1_000, 2_000);
		let forger = ed25519::Pair::from_seed(&[9; 32]);
		let genesis_hash = System::block_hash(0);
		let forged =
			DeviceSignature::Ed25519(forger.sign(&report.signing_payload(genesis_hash.as_ref())));
		assert_noop!(
			Ids::attest_alerts(RuntimeOrigin::signed(GATEWAY_OPERATOR), report.clone(), forged),
			Error::<Test>::BadSignature
		);
		// The device's signature of another report does not cover this one.
		let mut altered = report.clone();
		altered.alert_count = 500;
		assert_noop!(
			Ids::attest_alerts(RuntimeOrigin::signed(GATEWAY_OPERATOR), altered, sign(&report)),
			Error::<Test>::BadSignature
		);
		// Without the context tag, the device's signature of the bare report does not count.
		let bare =
			DeviceSignature::Ed25519(device_pair(ACTIVE).sign(&codec::Encode::encode(&report)));
		assert_noop!(
			Ids::attest_alerts(RuntimeOrigin::signed(GATEWAY_OPERATOR), report, bare),
			Error::<Test>::BadSignature
		);
	});
}

#[test]
fn a_report_signed_for_another_chain_is_refused() {
	build_and_execute(|| {
		let report = report(ACTIVE, 1_000, 2_000);
		let elsewhere = [0x42u8; 32];
		let signature =
			DeviceSignature::Ed25519(device_pair(ACTIVE).sign(&report.signing_payload(&elsewhere)));
		assert_noop!(
			Ids::attest_alerts(RuntimeOrigin::signed(GATEWAY_OPERATOR), report, signature),
			Error::<Test>::BadSignature
		);
	});
}

#[test]
fn an_sr25519_gateway_attests_and_corroborates_and_its_scheme_cannot_be_swapped() {
	build_and_execute(|| {
		let genesis_hash = System::block_hash(0);
		let own = report(SR25519_GATEWAY, 1_000, 2_000);
		let payload = own.signing_payload(genesis_hash.as_ref());
		// An ed25519 signature from the same seed is not the sr25519 key's signature.
		let swapped = DeviceSignature::Ed25519(device_pair(SR25519_GATEWAY).sign(&payload));
		assert_noop!(
			Ids::attest_alerts(RuntimeOrigin::signed(GATEWAY_OPERATOR), own.clone(), swapped),
			Error::<Test>::BadSignature
		);
		let signature = DeviceSignature::Sr25519(sr25519_pair(SR25519_GATEWAY).sign(&payload));
		assert_ok!(Ids::attest_alerts(RuntimeOrigin::signed(GATEWAY_OPERATOR), own, signature));

		assert_ok!(attest(&report(ACTIVE, 1_000, 2_000)));
		let stored = Attestations::<Test>::get(1).unwrap();
		let payload = corroboration_payload(
			genesis_hash.as_ref(),
			1,
			SR25519_GATEWAY,
			&stored.report.alerts_root,
		);
		let signature = DeviceSignature::Sr25519(sr25519_pair(SR25519_GATEWAY).sign(&payload));
		assert_ok!(Ids::corroborate(
			RuntimeOrigin::signed(GATEWAY_OPERATOR),
			1,
			SR25519_GATEWAY,
			signature
		));
		assert_eq!(
			Attestations::<Test>::get(1).unwrap().corroborations.to_vec(),
			vec![SR25519_GATEWAY]
		);
	});
}

#[test]
fn reports_of_unknown_quarantined_or_revoked_devices_are_refused() {
	build_and_execute(|| {
		assert_noop!(attest(&report(42, 1_000, 2_000)), Error::<Test>::UnknownDevice);
		assert_noop!(attest(&report(QUARANTINED, 1_000, 2_000)), Error::<Test>::DeviceQuarantined);
		assert_noop!(attest(&report(REVOKED, 1_000, 2_000)), Error::<Test>::DeviceRevoked);
	});
}

#[test]
fn reports_against_unknown_or_retired_rule_sets_or_unknown_rules_are_refused() {
	build_and_execute(|| {
		let mut unknown = report(ACTIVE, 1_000, 2_000);
		unknown.ruleset = 9;
		assert_noop!(attest(&unknown), Error::<Test>::UnknownRuleset);
		let mut unknown_rule = report(ACTIVE, 1_000, 2_000);
		unknown_rule.rule_ids = BoundedVec::truncate_from(vec![3, 100]);
		assert_noop!(attest(&unknown_rule), Error::<Test>::UnknownRule);
		assert_ok!(Ids::retire_ruleset(RuntimeOrigin::signed(SECURITY), 1));
		assert_noop!(attest(&report(ACTIVE, 1_000, 2_000)), Error::<Test>::RulesetRetired);
	});
}

#[test]
fn malformed_reports_are_refused() {
	build_and_execute(|| {
		assert_noop!(attest(&report(ACTIVE, 2_000, 2_000)), Error::<Test>::InvalidPeriod);
		set_now(1_500);
		assert_noop!(attest(&report(ACTIVE, 1_000, 2_000)), Error::<Test>::PeriodInFuture);
		set_now(1_000_000);
		let mut unsorted = report(ACTIVE, 1_000, 2_000);
		unsorted.rule_ids = BoundedVec::truncate_from(vec![17, 3]);
		assert_noop!(attest(&unsorted), Error::<Test>::RuleIdsUnsorted);
		let mut duplicated = report(ACTIVE, 1_000, 2_000);
		duplicated.rule_ids = BoundedVec::truncate_from(vec![3, 3]);
		assert_noop!(attest(&duplicated), Error::<Test>::RuleIdsUnsorted);
		let mut too_few = report(ACTIVE, 1_000, 2_000);
		too_few.alert_count = 2;
		assert_noop!(attest(&too_few), Error::<Test>::InconsistentCounts);
	});
}

#[test]
fn a_relayer_without_funds_for_the_deposit_is_refused() {
	build_and_execute(|| {
		let report = report(ACTIVE, 1_000, 2_000);
		assert_noop!(
			Ids::attest_alerts(RuntimeOrigin::signed(POOR), report.clone(), sign(&report)),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn attestation_ids_that_would_overflow_are_refused() {
	build_and_execute(|| {
		crate::NextAttestationId::<Test>::put(u64::MAX);
		crate::OldestAttestation::<Test>::put(u64::MAX);
		assert_noop!(attest(&report(ACTIVE, 1_000, 2_000)), Error::<Test>::Overflow);
	});
}

/// The review's L10: `LastPeriodEnd` was never removed, not even on deregistration.
#[test]
fn a_deregistered_devices_period_cursor_goes_with_it() {
	build_and_execute(|| {
		assert_ok!(attest(&report(ACTIVE, 1_000, 2_000)));
		assert_eq!(LastPeriodEnd::<Test>::get(ACTIVE), Some(2_000));
		deregister(ACTIVE);
		assert_eq!(LastPeriodEnd::<Test>::get(ACTIVE), None);
		// Its attestation stays as evidence until it expires; no report of it can come again.
		assert!(Attestations::<Test>::contains_key(0));
		assert_noop!(attest(&report(ACTIVE, 2_000, 3_000)), Error::<Test>::UnknownDevice);
	});
}
