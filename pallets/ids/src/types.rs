//! What the IDS pallet stores and what devices sign.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, EqNoBound, PartialEqNoBound};
use msec_primitives::DeviceId;
use scale_info::TypeInfo;
use sp_core::H256;

/// A rule set's version: strictly increasing.
pub type RulesetVersion = u32;

/// A rule's number within the rule sets (a Snort/Suricata-style signature id).
pub type RuleId = u32;

/// An attestation's number.
pub type AttestationId = u64;

/// The domain-separation tag devices sign reports under, so that a report signature can never
/// be taken for any other signed message.
pub const ATTESTATION_CONTEXT: &[u8] = b"msec/ids/attest-alerts/v1";

/// The domain-separation tag gateways sign corroborations under.
pub const CORROBORATION_CONTEXT: &[u8] = b"msec/ids/corroborate/v2";

/// The bytes gateway `gateway` signs to corroborate `attestation`, whose alerts have Merkle
/// root `alerts_root`, on the chain with `genesis_hash`. Naming the gateway binds the signature
/// to its signer: a device registered later with the same key cannot count it again.
pub fn corroboration_payload(
	genesis_hash: &[u8],
	attestation: AttestationId,
	gateway: DeviceId,
	alerts_root: &H256,
) -> alloc::vec::Vec<u8> {
	(CORROBORATION_CONTEXT, genesis_hash, attestation, gateway, alerts_root).encode()
}

/// An official rule set: signatures derived from honeypot captures, published by security.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Ruleset<BlockNumber> {
	/// Hash of the rule file the gateways load.
	pub rules_hash: H256,
	/// How many rules it holds; reports may name rule ids below this only.
	pub rule_count: u32,
	/// When it was published.
	pub published_at: BlockNumber,
	/// Whether security retired it; reports against a retired set are refused.
	pub retired: bool,
}

/// How bad the worst alert of a period was.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum Severity {
	/// Reconnaissance, policy violations.
	Low,
	/// Suspicious activity.
	Medium,
	/// An attack attempt.
	High,
	/// A successful compromise.
	Critical,
}

/// What a device saw in one period, signed by the device's key.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxRuleIds))]
#[codec(mel_bound())]
pub struct AlertReport<MaxRuleIds: Get<u32>> {
	/// The reporting device.
	pub device: DeviceId,
	/// The rule set it matched against.
	pub ruleset: RulesetVersion,
	/// Start of the period, Unix time in milliseconds (inclusive).
	pub period_start: u64,
	/// End of the period, Unix time in milliseconds (exclusive).
	pub period_end: u64,
	/// How many alerts it raised.
	pub alert_count: u32,
	/// The worst of them.
	pub max_severity: Severity,
	/// The rules that fired: sorted, without duplicates.
	pub rule_ids: BoundedVec<RuleId, MaxRuleIds>,
	/// Merkle root of the alert records the gateway keeps off chain.
	pub alerts_root: H256,
}

impl<MaxRuleIds: Get<u32>> core::fmt::Debug for AlertReport<MaxRuleIds> {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("AlertReport")
			.field("device", &self.device)
			.field("ruleset", &self.ruleset)
			.field("period", &(self.period_start, self.period_end))
			.field("alert_count", &self.alert_count)
			.field("max_severity", &self.max_severity)
			.field("rule_ids", &self.rule_ids)
			.field("alerts_root", &self.alerts_root)
			.finish()
	}
}

impl<MaxRuleIds: Get<u32>> AlertReport<MaxRuleIds> {
	/// The bytes the device signs: the context tag, the chain's genesis hash (no replay on
	/// another chain) and the SCALE-encoded report.
	pub fn signing_payload(&self, genesis_hash: &[u8]) -> alloc::vec::Vec<u8> {
		(ATTESTATION_CONTEXT, genesis_hash, self).encode()
	}

	/// How many rule ids it names (at most `MaxRuleIds`).
	pub fn rule_count(&self) -> u32 {
		u32::try_from(self.rule_ids.len()).unwrap_or(u32::MAX)
	}

	/// Whether the rule ids are sorted and unique.
	pub fn rule_ids_sorted_and_unique(&self) -> bool {
		msec_primitives::is_strictly_increasing(&self.rule_ids)
	}
}

/// A day since the Unix epoch (UTC): the unit of the aggregates.
pub type Day = u32;

/// Milliseconds in a day.
pub const MS_PER_DAY: u64 = 86_400_000;

/// The day Unix time `ms` falls on.
pub fn day_of(ms: u64) -> Day {
	Day::try_from(ms / MS_PER_DAY).unwrap_or(Day::MAX)
}

impl Severity {
	/// Whether it counts towards quarantine: an attack attempt or worse.
	pub fn is_severe(&self) -> bool {
		*self >= Severity::High
	}
}

/// Alert counts of one day and jurisdiction (of the reporting devices' owners).
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct AlertTally {
	/// Attestations recorded.
	pub attestations: u32,
	/// Alerts they reported.
	pub alerts: u64,
	/// Attestations whose worst alert was low.
	pub low: u32,
	/// Attestations whose worst alert was medium.
	pub medium: u32,
	/// Attestations whose worst alert was high.
	pub high: u32,
	/// Attestations whose worst alert was critical.
	pub critical: u32,
}

impl AlertTally {
	/// Counts one attestation of `alerts` alerts whose worst is `severity`.
	pub fn record(&mut self, alerts: u32, severity: Severity) {
		self.attestations = self.attestations.saturating_add(1);
		self.alerts = self.alerts.saturating_add(u64::from(alerts));
		let slot = match severity {
			Severity::Low => &mut self.low,
			Severity::Medium => &mut self.medium,
			Severity::High => &mut self.high,
			Severity::Critical => &mut self.critical,
		};
		*slot = slot.saturating_add(1);
	}
}
