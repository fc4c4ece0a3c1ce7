//! `IdsApi`: what the security visualization and dApps read, without decoding storage.

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use msec_primitives::{DeviceId, Jurisdiction};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

use crate::types::{AlertTally, AttestationId, Day, RuleId, RulesetVersion, Severity};

/// Longest range [`IdsApi::summaries`] answers, in days.
pub const MAX_SUMMARY_DAYS: u32 = 366;

/// The aggregates of one day.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DaySummary {
	/// Days since the Unix epoch (UTC).
	pub day: Day,
	/// Alert counts per jurisdiction of the reporting devices' owners.
	pub by_jurisdiction: Vec<(Jurisdiction, AlertTally)>,
	/// For each rule that fired, in how many attestations.
	pub by_rule: Vec<(RuleId, u32)>,
}

/// Why [`IdsApi::summaries`] refused a range.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum SummaryRangeError {
	/// `to` is before `from`.
	Inverted,
	/// The range spans more than [`MAX_SUMMARY_DAYS`] days.
	TooLong,
}

/// An attestation as a dApp sees it, with its confidence now.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AttestationSummary<AccountId, BlockNumber> {
	/// Its id.
	pub id: AttestationId,
	/// The reporting device.
	pub device: DeviceId,
	/// The rule set the report matched against.
	pub ruleset: RulesetVersion,
	/// Start of the period, Unix ms (inclusive).
	pub period_start: u64,
	/// End of the period, Unix ms (exclusive).
	pub period_end: u64,
	/// How many alerts.
	pub alert_count: u32,
	/// The worst of them.
	pub max_severity: Severity,
	/// The rules that fired.
	pub rule_ids: Vec<RuleId>,
	/// Merkle root of the alert records.
	pub alerts_root: H256,
	/// Who relayed it.
	pub submitter: AccountId,
	/// When it was recorded.
	pub submitted_at: BlockNumber,
	/// Gateways of other owners that confirmed it.
	pub corroborations: Vec<DeviceId>,
	/// Whether security disputed it.
	pub disputed: bool,
	/// How far it is to be trusted now: corroboration, decayed with age; zero if disputed.
	pub confidence: Perbill,
}

sp_api::decl_runtime_apis! {
	/// Reads of the IDS pallet for dashboards and dApps.
	pub trait IdsApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The aggregates of each day from Unix ms `from` to `to` (both inclusive) that has any.
		fn summaries(from: u64, to: u64) -> Result<Vec<DaySummary>, SummaryRangeError>;

		/// The retained attestations of `device`, oldest first.
		fn device_attestations(device: DeviceId) -> Vec<AttestationSummary<AccountId, BlockNumber>>;
	}
}
