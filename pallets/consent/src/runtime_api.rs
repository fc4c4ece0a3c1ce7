//! `ConsentApi`: the citizen's view of their consents, for wallets.

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use msec_primitives::{ConsentId, Jurisdiction, LegalBasis, Purpose};
use scale_info::TypeInfo;
use sp_core::H256;

use crate::types::{ConsentStatus, Erasure};

/// A consent record as a wallet shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ConsentView<AccountId> {
	/// Its id.
	pub id: ConsentId,
	/// Where it stands now.
	pub status: ConsentStatus,
	/// Who may process the data.
	pub controller: AccountId,
	/// What for.
	pub purposes: Vec<Purpose>,
	/// Under which legal basis.
	pub legal_basis: LegalBasis,
	/// Jurisdictions outside the EU-Japan area the data may go to.
	pub transfer_to: Vec<Jurisdiction>,
	/// When it ends by itself, Unix ms.
	pub expires_at: Option<u64>,
	/// Hash of the notice shown.
	pub notice_hash: H256,
	/// The subject or their guardian.
	pub granted_by: AccountId,
	/// When, Unix ms.
	pub granted_at: u64,
	/// When it was withdrawn, Unix ms.
	pub withdrawn_at: Option<u64>,
	/// Erasure receipts recorded under it.
	pub erasures: Vec<Erasure>,
}

sp_api::decl_runtime_apis! {
	/// Reads of the consent pallet for wallets and dApps.
	pub trait ConsentApi<AccountId>
	where
		AccountId: Codec,
	{
		/// `subject`'s consent records (until removed after their retention), oldest first.
		fn consents(subject: AccountId) -> Vec<ConsentView<AccountId>>;
	}
}
