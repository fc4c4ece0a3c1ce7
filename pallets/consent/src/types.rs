//! A consent record, shaped after ISO/IEC TS 27560.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, EqNoBound, PartialEqNoBound};
use msec_primitives::{Jurisdiction, LegalBasis, Purpose};
use scale_info::TypeInfo;
use sp_core::H256;

/// Where a consent stands at a given time.
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
pub enum ConsentStatus {
	/// In force.
	Active,
	/// Withdrawn by the subject or the guardian.
	Withdrawn,
	/// Past its expiry.
	Expired,
}

/// Who guards a person in care, and on whose decision.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Guardianship<AccountId, Balance> {
	/// The guardian.
	pub guardian: AccountId,
	/// Held from the ward who chose the guardian; zero when the guardian origin appointed it.
	pub deposit: Balance,
	/// Whether the guardian origin appointed it (a court's or social services' decision):
	/// then the ward cannot replace or remove it.
	pub appointed: bool,
}

/// An erasure receipt: the controller destroyed the keys of the data `data_ref` names.
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
pub struct Erasure {
	/// Hash identifying the erased data (a listing, a stream, a dataset).
	pub data_ref: H256,
	/// When it was recorded, Unix ms.
	pub at: u64,
}

/// What a subject agrees to: the controller, the purposes, the legal basis, where the data may
/// go beyond the EU and Japan, until when, and under which notice.
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
#[scale_info(skip_type_params(MaxPurposes, MaxTransfers))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
// The no-bound derives repeat the struct's bounds in their where clauses.
#[allow(clippy::multiple_bound_locations)]
pub struct ConsentTerms<
	AccountId: Clone + PartialEq + Eq,
	MaxPurposes: Get<u32>,
	MaxTransfers: Get<u32>,
> {
	/// Who may process the data.
	pub controller: AccountId,
	/// What for: sorted, without duplicates, at least one.
	pub purposes: BoundedVec<Purpose, MaxPurposes>,
	/// Under which legal basis.
	pub legal_basis: LegalBasis,
	/// Jurisdictions outside the EU-Japan area the data may be transferred to.
	pub transfer_to: BoundedVec<Jurisdiction, MaxTransfers>,
	/// When it ends by itself, Unix ms; never if `None`.
	pub expires_at: Option<u64>,
	/// Hash of the privacy notice the subject was shown.
	pub notice_hash: H256,
}

impl<AccountId, MaxPurposes: Get<u32>, MaxTransfers: Get<u32>> core::fmt::Debug
	for ConsentTerms<AccountId, MaxPurposes, MaxTransfers>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
{
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("ConsentTerms")
			.field("controller", &self.controller)
			.field("purposes", &self.purposes)
			.field("legal_basis", &self.legal_basis)
			.field("transfer_to", &self.transfer_to)
			.field("expires_at", &self.expires_at)
			.field("notice_hash", &self.notice_hash)
			.finish()
	}
}
