//! Test state built from the runtime's own genesis presets, the way a chain spec builds it.

#![allow(dead_code)]

use codec::Encode;
use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	genesis_builder_helper::{build_state, get_preset},
};
use msec_runtime::{
	genesis_config_presets, Council, Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig,
	RuntimeOrigin, System,
};
use serde_json::Value;
use sp_core::H256;
use sp_io::TestExternalities;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Hash as _, DispatchError};

/// `who`'s signed origin.
pub fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}


/// Applies `patch` onto `base` as chain specs do: objects merge key by key, anything else is
/// replaced.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) =>
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			},
		(base, patch) => *base = patch,
	}
}

/// State right after genesis of the preset `name`, or the error building it gave.
pub fn try_genesis(name: &str) -> Result<TestExternalities, String> {
	let patch = genesis_config_presets::get_preset(&name.into())
		.ok_or_else(|| format!("no preset named {name}"))?;
	let default = get_preset::<RuntimeGenesisConfig>(&None, |_| None)
		.ok_or("the runtime has no default genesis config")?;
	let mut config: Value = serde_json::from_slice(&default).map_err(|e| e.to_string())?;
	merge(&mut config, serde_json::from_slice(&patch).map_err(|e| e.to_string())?);
	let config = serde_json::to_vec(&config).map_err(|e| e.to_string())?;

	let mut ext = TestExternalities::default();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(config))?;
	Ok(ext)
}

/// State right after genesis of the preset `name`.
pub fn genesis(name: &str) -> TestExternalities {
	try_genesis(name).unwrap_or_else(|error| panic!("preset {name} does not build: {error}"))
}

/// A privileged change: a council motion of `TwoCities.enact(call)`, proposed by `proposer`
/// with `threshold` and voted aye by `ayes`, then closed. Returns the outcome of the dispatched
/// motion, `None` if it never ran.
pub fn motion(
	proposer: Sr25519Keyring,
	threshold: u32,
	call: RuntimeCall,
	ayes: &[Sr25519Keyring],
) -> Option<Result<(), DispatchError>> {
	let enact = RuntimeCall::TwoCities(pallet_two_cities::Call::enact { call: Box::new(call) });
	raw_motion(proposer, threshold, enact, ayes)
}

/// A council motion of `call` itself; as [`motion`] otherwise.
pub fn raw_motion(
	proposer: Sr25519Keyring,
	threshold: u32,
	call: RuntimeCall,
	ayes: &[Sr25519Keyring],
) -> Option<Result<(), DispatchError>> {
	let length = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	System::reset_events();
	assert_ok!(Council::propose(signed(proposer), threshold, Box::new(call), length));
	if threshold >= 2 {
		let index = pallet_collective::ProposalCount::<Runtime, _>::get() - 1;
		for voter in ayes {
			assert_ok!(Council::vote(signed(*voter), hash, index, true));
		}
		// Closing early only works once the ayes reach the threshold.
		let _ = Council::close(signed(proposer), hash, index, weight, length);
	}
	executed(hash)
}

/// What became of the motion whose proposal hashes to `hash`: its dispatch result, `None` if it
/// never ran.
pub fn executed(hash: H256) -> Option<Result<(), DispatchError>> {
	System::events().into_iter().find_map(|record| match record.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { proposal_hash, result })
			if proposal_hash == hash =>
			Some(result),
		_ => None,
	})
}

