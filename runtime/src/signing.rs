//! Building signed transactions outside the runtime: for node benchmarks, tests and tools that
//! link the runtime natively. Wallets do the same from metadata alone.

use codec::Encode;
use sp_core::{sr25519, Pair};
use sp_runtime::generic::Era;

use crate::{
	AccountId, Balance, Hash, Nonce, RuntimeCall, Signature, SignedPayload, TxExtension,
	UncheckedExtrinsic, VERSION,
};

/// The transaction extensions of an immortal transaction with `nonce` and `tip`.
pub fn tx_extension(nonce: Nonce, tip: Balance) -> TxExtension {
	(
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	)
}

/// `call` signed by `signer` as its `nonce`-th transaction on the chain with `genesis_hash`,
/// immortal and without tip.
pub fn sign_call(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	genesis_hash: Hash,
) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce, 0);
	// What the extensions add to the signed payload without sending it: spec and transaction
	// version, genesis hash (twice: `CheckGenesis` and the immortal era's birth block) and no
	// metadata hash.
	let implicit = (
		(),
		(),
		VERSION.spec_version,
		VERSION.transaction_version,
		genesis_hash,
		genesis_hash,
		(),
		(),
		(),
		None,
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let sender = AccountId::from(signer.public());
	UncheckedExtrinsic::new_signed(call, sender.into(), Signature::Sr25519(signature), extension)
}
