//! The invariants of M-Sec's pallets, checked on a running node's state: every storage pair at
//! the best block (`state_getPairs`, an unsafe method a local test node serves) is loaded into
//! an in-memory state, where each pallet's `try_state` checks run natively, and the runtime's
//! hold-side check (`msec_runtime::invariants`): no balance on hold without a record.

use msec_runtime::Runtime;

use super::RpcClient;

/// Checks the pallets' invariants on `rpc`'s node at its best block; panics with the first
/// that fails.
pub async fn assert_invariants_hold(rpc: &RpcClient) {
	let pairs: Vec<(String, String)> = rpc.request("state_getPairs", vec!["0x".into()]).await;
	let unhex = |text: &str| hex::decode(text.trim_start_matches("0x")).expect("hex");
	let mut storage = sp_core::storage::Storage::default();
	for (key, value) in &pairs {
		storage.top.insert(unhex(key), unhex(value));
	}
	sp_io::TestExternalities::new(storage).execute_with(|| {
		let checks: [(&str, fn() -> Result<(), sp_runtime::TryRuntimeError>); 5] = [
			("registry", pallet_registry::Pallet::<Runtime>::do_try_state),
			("ids", pallet_ids::Pallet::<Runtime>::do_try_state),
			("consent", pallet_consent::Pallet::<Runtime>::do_try_state),
			("marketplace", pallet_marketplace::Pallet::<Runtime>::do_try_state),
			("validator-set", pallet_validator_set::Pallet::<Runtime>::do_try_state),
		];
		for (pallet, check) in checks {
			check().unwrap_or_else(|error| panic!("{pallet} invariants on the node: {error:?}"));
		}
		msec_runtime::invariants::holds_have_records()
			.unwrap_or_else(|error| panic!("holds on the node: {error}"));
	});
	eprintln!("invariants hold on {} storage pairs", pairs.len());
}
