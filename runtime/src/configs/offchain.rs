//! Transactions signed inside the runtime, by the stream worker on a provider's node with the
//! worker key the provider appointed its data-plane proxy, from the node's keystore.

use codec::Encode;
use frame_system::offchain::{
	AppCrypto, CreateSignedTransaction, CreateTransactionBase, SigningTypes,
};
use sp_runtime::{generic::Era, traits::Verify};

use crate::{
	tx_extension, AccountId, Nonce, Runtime, RuntimeCall, Signature, SignedPayload, System,
	UncheckedExtrinsic,
};

/// Blocks a worker's transaction stays valid: a little more than the worker waits
/// (`pallet_stream_worker::outbox::RESEND_AFTER`) before it sends a lost one again.
const WORKER_TRANSACTION_LIFETIME: u64 = 16;

impl SigningTypes for Runtime {
	type Public = <Signature as Verify>::Signer;
	type Signature = Signature;
}

impl<LocalCall> CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> CreateSignedTransaction<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_signed_transaction<C: AppCrypto<Self::Public, Self::Signature>>(
		call: RuntimeCall,
		public: Self::Public,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		// Born at the parent block: every transaction pool view that may check the transaction
		// knows the parent's hash, but a view still at the parent does not know this block's,
		// and would drop the transaction as born in the future (seen: a key delivery lost for
		// the 10 blocks the outbox waits).
		let birth = u64::from(System::block_number()).saturating_sub(1);
		let era = Era::mortal(WORKER_TRANSACTION_LIFETIME, birth);
		let payload = SignedPayload::new(call, tx_extension(era, nonce, 0)).ok()?;
		let signature = payload.using_encoded(|bytes| C::sign(bytes, public))?;
		let (call, extension, _) = payload.deconstruct();
		Some(UncheckedExtrinsic::new_signed(call, account.into(), signature, extension))
	}
}

impl pallet_stream_worker::Config for Runtime {
	type AuthorityId = pallet_stream_worker::crypto::WorkerKey;
	type DataPlane = super::proxy::DataPlaneProxies;
}
