//! Runtime APIs: what the node and dApps can ask the runtime without a transaction.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

use crate::{
	genesis_config_presets, AccountId, Aura, Balance, Block, BlockNumber, Consent, Executive,
	Grandpa, Ids, InherentDataExt, Marketplace, Nonce, Runtime, RuntimeCall, RuntimeGenesisConfig,
	SessionKeys, System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocations are handled by the council (see `pallet_grandpa::Config`).
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// `KeyOwnerProof` is `Void`: no proof can exist.
			None
		}
	}

	impl pallet_ids::runtime_api::IdsApi<Block, AccountId, BlockNumber> for Runtime {
		fn summaries(
			from: u64,
			to: u64,
		) -> Result<Vec<pallet_ids::runtime_api::DaySummary>, pallet_ids::runtime_api::SummaryRangeError> {
			Ids::summaries(from, to)
		}

		fn device_attestations(
			device: msec_primitives::DeviceId,
		) -> Vec<pallet_ids::runtime_api::AttestationSummary<AccountId, BlockNumber>> {
			Ids::device_attestations(device)
		}
	}

	impl pallet_consent::runtime_api::ConsentApi<Block, AccountId> for Runtime {
		fn consents(subject: AccountId) -> Vec<pallet_consent::runtime_api::ConsentView<AccountId>> {
			Consent::consents_of(&subject)
		}
	}

	impl pallet_registry::runtime_api::RegistryApi<
		Block,
		AccountId,
		pallet_registry::Participant<BlockNumber>,
		pallet_registry::Device<AccountId, msec_primitives::DeviceKey, Balance>,
	> for Runtime {
		fn participant(who: AccountId) -> Option<pallet_registry::Participant<BlockNumber>> {
			pallet_registry::Participants::<Runtime>::get(who)
		}

		fn device(
			id: msec_primitives::DeviceId,
		) -> Option<pallet_registry::Device<AccountId, msec_primitives::DeviceKey, Balance>> {
			pallet_registry::Devices::<Runtime>::get(id)
		}
	}

	#[api_version(3)]
	impl pallet_marketplace::runtime_api::MarketplaceApi<
		Block,
		AccountId,
		pallet_marketplace::Listing<Runtime>,
		pallet_marketplace::Purchase<Runtime>,
		pallet_marketplace::Anonymization<BlockNumber>,
	> for Runtime {
		fn listing(id: pallet_marketplace::ListingId) -> Option<pallet_marketplace::Listing<Runtime>> {
			pallet_marketplace::Listings::<Runtime>::get(id)
		}

		fn listings_by_provider(
			provider: AccountId,
		) -> Vec<(pallet_marketplace::ListingId, pallet_marketplace::Listing<Runtime>)> {
			Marketplace::listings_by_provider(&provider)
		}

		fn listings_by_jurisdiction(
			jurisdiction: msec_primitives::Jurisdiction,
		) -> Vec<(pallet_marketplace::ListingId, pallet_marketplace::Listing<Runtime>)> {
			Marketplace::listings_by_jurisdiction(jurisdiction)
		}

		fn purchase(id: pallet_marketplace::PurchaseId) -> Option<pallet_marketplace::Purchase<Runtime>> {
			pallet_marketplace::Purchases::<Runtime>::get(id)
		}

		fn reputation(provider: AccountId) -> pallet_marketplace::Reputation {
			pallet_marketplace::Reputations::<Runtime>::get(provider)
		}

		fn anonymization(
			id: pallet_marketplace::ListingId,
		) -> Option<pallet_marketplace::Anonymization<BlockNumber>> {
			pallet_marketplace::Anonymizations::<Runtime>::get(id)
		}

		fn purchase_keys(
			id: pallet_marketplace::PurchaseId,
		) -> Vec<(pallet_marketplace::KeyEpoch, sp_core::H256, Vec<u8>)> {
			Marketplace::purchase_keys(id)
		}
	}

	impl pallet_stream_worker::runtime_api::DataPlaneApi<Block, AccountId> for Runtime {
		fn data_plane_workers(provider: AccountId) -> Vec<AccountId> {
			use pallet_stream_worker::data_plane::DataPlaneProxies as _;
			crate::configs::proxy::DataPlaneProxies::workers(&provider)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|error| panic!("the runtime upgrade failed its checks: {error:?}"));
			if checks.try_state() {
				crate::invariants::holds_have_records()
					.unwrap_or_else(|error| panic!("a hold has no record behind it: {error:?}"));
			}
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			let check_holds = !matches!(select, frame_try_runtime::TryStateSelect::None);
			let weight = Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|error| panic!("the block failed its checks: {error:?}"));
			if check_holds {
				crate::invariants::holds_have_records()
					.unwrap_or_else(|error| panic!("a hold has no record behind it: {error:?}"));
			}
			weight
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}
}
