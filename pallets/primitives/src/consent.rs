//! Consent as other pallets see it: purposes (after the W3C Data Privacy Vocabulary), legal
//! bases, and whether a transfer across borders is allowed.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

use crate::Jurisdiction;

/// A consent record's number.
pub type ConsentId = u64;

/// Why data is processed: a subset of the W3C DPV purposes that smart-city data serves.
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
	Serialize,
	Deserialize,
)]
pub enum Purpose {
	/// `dpv:AcademicResearch`.
	AcademicResearch,
	/// `dpv:CommercialResearch`.
	CommercialResearch,
	/// `dpv:PublicBenefit`: city planning, mobility, environment.
	PublicBenefit,
	/// `dpv:ServiceProvision`.
	ServiceProvision,
	/// `dpv:ServiceOptimisation`.
	ServiceOptimisation,
	/// `dpv:EnforceSecurity`: intrusion detection, fraud prevention.
	EnforceSecurity,
	/// Home monitoring of people in care (`dpv:ProvideCare`-style; health data).
	HealthMonitoring,
	/// `dpv:Marketing`.
	Marketing,
}

impl Purpose {
	/// Every purpose, in order.
	pub const ALL: [Purpose; 8] = [
		Purpose::AcademicResearch,
		Purpose::CommercialResearch,
		Purpose::PublicBenefit,
		Purpose::ServiceProvision,
		Purpose::ServiceOptimisation,
		Purpose::EnforceSecurity,
		Purpose::HealthMonitoring,
		Purpose::Marketing,
	];
}

/// The lawful basis of processing (GDPR art. 6 and 9, APPI art. 27).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum LegalBasis {
	/// The subject's consent.
	Consent,
	/// Explicit consent, as special categories (health) require.
	ExplicitConsent,
	/// A contract with the subject.
	Contract,
	/// A legal obligation of the controller.
	LegalObligation,
	/// The subject's vital interests.
	VitalInterest,
	/// A task in the public interest.
	PublicTask,
	/// The controller's legitimate interests.
	LegitimateInterest,
}

/// Why personal data may not go to a controller for a purpose.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum ConsentRefusal {
	/// No consent of the subject to this controller covers the purpose.
	Missing,
	/// The consent that covered it was withdrawn.
	Withdrawn,
	/// The consent that covered it has expired.
	Expired,
	/// A consent covers the purpose, but not a transfer to the recipient's jurisdiction.
	TransferNotAllowed,
}

/// Whether personal data established in `from` may go to a recipient in `to`, given the
/// jurisdictions a consent names: within one jurisdiction and between the EU and Japan (their
/// mutual adequacy decisions of 2019) always; anywhere else only if the consent names it.
pub fn transfer_allowed(from: Jurisdiction, to: Jurisdiction, named: &[Jurisdiction]) -> bool {
	let adequate = matches!(
		(from, to),
		(Jurisdiction::Eu, Jurisdiction::Japan) | (Jurisdiction::Japan, Jurisdiction::Eu)
	);
	from == to || adequate || named.contains(&to)
}

/// The consent records, for other pallets.
pub trait ConsentInspect<AccountId> {
	/// The consent under which `controller` may process `subject`'s data for `purpose` and
	/// transfer it from `from` to a recipient in `to`, now; or why not.
	fn permitted(
		subject: &AccountId,
		controller: &AccountId,
		purpose: Purpose,
		from: Jurisdiction,
		to: Jurisdiction,
	) -> Result<ConsentId, ConsentRefusal>;

	/// The most [`ConsentInspect::permitted`] can weigh: it reads a subject's records, and
	/// which one matches depends on storage order, so callers add this worst case to their
	/// benchmarked weight. Callers benchmark themselves without a consent check (data that
	/// names no subject), so that the check is charged once, here.
	fn permitted_weight() -> sp_runtime::Weight;

	/// What [`ConsentInspect::permitted`] weighs for `subject`'s records as they stand (at most
	/// [`ConsentInspect::permitted_weight`]): what a caller that charged the worst case
	/// refunds down to.
	fn permitted_weight_of(subject: &AccountId) -> sp_runtime::Weight;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::CountryCode;

	#[test]
	fn eu_and_japan_exchange_freely_and_others_need_naming() {
		let korea = Jurisdiction::Other(CountryCode(*b"KR"));
		assert!(transfer_allowed(Jurisdiction::Eu, Jurisdiction::Japan, &[]));
		assert!(transfer_allowed(Jurisdiction::Japan, Jurisdiction::Eu, &[]));
		assert!(transfer_allowed(Jurisdiction::Eu, Jurisdiction::Eu, &[]));
		assert!(!transfer_allowed(Jurisdiction::Eu, korea, &[]));
		assert!(!transfer_allowed(Jurisdiction::Eu, korea, &[Jurisdiction::Japan]));
		assert!(transfer_allowed(Jurisdiction::Eu, korea, &[korea]));
	}
}
