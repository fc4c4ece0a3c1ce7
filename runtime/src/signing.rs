//! Building signed transactions outside the runtime: for node benchmarks, tests and tools that
//! link the runtime natively. Wallets do the same from metadata alone.

use codec::Encode;
use sp_core::{sr25519, Pair};
use sp_runtime::generic::Era;

use crate::{
	tx_extension, AccountId, Hash, Nonce, RuntimeCall, Signature, SignedPayload,
	UncheckedExtrinsic, VERSION,
};

/// `call` signed by `signer` as its `nonce`-th transaction on the chain with `genesis_hash`,
/// immortal and without tip.
pub fn sign_call(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	genesis_hash: Hash,
) -> UncheckedExtrinsic {
	let extension = tx_extension(Era::Immortal, nonce, 0);
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
