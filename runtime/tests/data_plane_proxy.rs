//! The stream worker signs as a data-plane proxy of its provider (`Proxy`, type `DataPlane`),
//! so that whoever steals the key from the provider's internet-facing node gets the
//! marketplace's data-plane calls and nothing else of the provider's.

mod common;

use common::genesis;
use frame_support::assert_ok;
use msec_runtime::{
	configs::proxy::{DataPlaneProxies, ProxyType},
	genesis_config_presets::EXAMPLE_WORKER_KEYS,
	AccountId, Balances, Proxy, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
};
use pallet_stream_worker::data_plane::DataPlaneProxies as _;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{DispatchError, MultiAddress};

fn alice_worker() -> AccountId {
	AccountId::from(EXAMPLE_WORKER_KEYS[0])
}

/// `call` made by Alice's worker through its proxy; the outcome of the inner call.
fn as_alices_worker(call: RuntimeCall) -> Result<(), DispatchError> {
	System::reset_events();
	assert_ok!(Proxy::proxy(
		RuntimeOrigin::signed(alice_worker()),
		MultiAddress::Id(Sr25519Keyring::Alice.to_account_id()),
		None,
		Box::new(call),
	));
	System::events()
		.into_iter()
		.find_map(|record| match record.event {
			RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => Some(result),
			_ => None,
		})
		.expect("the proxy executed the call")
}

fn filtered() -> Result<(), DispatchError> {
	Err(frame_system::Error::<Runtime>::CallFiltered.into())
}

#[test]
fn the_example_worker_keys_are_the_dev_derivations() {
	for (seed, key) in ["//Alice//worker", "//Charlie//worker"].into_iter().zip(EXAMPLE_WORKER_KEYS) {
		let pair = sr25519::Pair::from_string(seed, None).expect("a dev derivation");
		assert_eq!(pair.public().0, key, "{seed}");
	}
}

#[test]
fn a_stolen_worker_key_cannot_move_the_providers_funds() {
	genesis("development").execute_with(|| {
		System::set_block_number(1);
		let alice = Sr25519Keyring::Alice.to_account_id();
		let before = Balances::free_balance(&alice);
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
			dest: MultiAddress::Id(alice_worker()),
			value: 1_000,
		});
		assert_eq!(as_alices_worker(transfer.clone()), filtered());
		// Nor wrapped in a batch, which the proxy's filter reaches into.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![transfer] });
		assert_eq!(as_alices_worker(batch), filtered());
		assert_eq!(Balances::free_balance(&alice), before);
	});
}

#[test]
fn a_stolen_worker_key_cannot_list_close_or_appoint_for_the_provider() {
	genesis("development").execute_with(|| {
		System::set_block_number(1);
		let close = RuntimeCall::Marketplace(pallet_marketplace::Call::close_listing { listing: 0 });
		assert_eq!(as_alices_worker(close), filtered());
		let thief = sr25519::Pair::from_seed(&[7; 32]).public();
		let appoint = RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
			delegate: MultiAddress::Id(AccountId::from(thief.0)),
			proxy_type: ProxyType::Any,
			delay: 0,
		});
		assert_eq!(as_alices_worker(appoint), filtered());
		assert_eq!(DataPlaneProxies::workers(&Sr25519Keyring::Alice.to_account_id()), vec![alice_worker()]);
	});
}

#[test]
fn the_worker_makes_the_data_plane_calls_as_its_provider() {
	genesis("development").execute_with(|| {
		System::set_block_number(1);
		// No listing 0 yet: the call passes the filter and fails in the marketplace, as the
		// provider's own would.
		let rekey = RuntimeCall::Marketplace(pallet_marketplace::Call::rekey {
			listing: 0,
			epoch: 1,
			commitment: Default::default(),
		});
		let outcome = as_alices_worker(rekey);
		assert!(outcome.is_err() && outcome != filtered(), "{outcome:?}");
	});
}

#[test]
fn a_worker_acts_only_for_the_providers_that_appointed_it() {
	genesis("development").execute_with(|| {
		System::set_block_number(1);
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let rekey = RuntimeCall::Marketplace(pallet_marketplace::Call::rekey {
			listing: 0,
			epoch: 1,
			commitment: Default::default(),
		});
		// Alice's worker for Charlie: not his proxy.
		assert_eq!(
			Proxy::proxy(
				RuntimeOrigin::signed(alice_worker()),
				MultiAddress::Id(charlie),
				None,
				Box::new(rekey),
			),
			Err(pallet_proxy::Error::<Runtime>::NotProxy.into())
		);
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(DataPlaneProxies::workers(&alice), vec![alice_worker()]);
		// Removed, it serves nobody: the worker stops and its releases stop verifying.
		assert_ok!(Proxy::remove_proxy(
			RuntimeOrigin::signed(alice.clone()),
			MultiAddress::Id(alice_worker()),
			ProxyType::DataPlane,
			0,
		));
		assert!(DataPlaneProxies::workers(&alice).is_empty());
	});
}

#[test]
fn a_worker_appointed_with_a_delay_or_for_anything_does_not_serve() {
	genesis("development").execute_with(|| {
		System::set_block_number(1);
		let bob = Sr25519Keyring::Bob.to_account_id();
		let dave = Sr25519Keyring::Dave.to_account_id();
		// A delayed proxy needs announcements the worker does not make; `Any` is not the
		// worker's type: neither signs Bob's releases nor makes a node serve him.
		assert_ok!(Proxy::add_proxy(
			RuntimeOrigin::signed(bob.clone()),
			MultiAddress::Id(dave),
			ProxyType::DataPlane,
			5,
		));
		assert_ok!(Proxy::add_proxy(
			RuntimeOrigin::signed(bob.clone()),
			MultiAddress::Id(alice_worker()),
			ProxyType::Any,
			0,
		));
		assert!(DataPlaneProxies::workers(&bob).is_empty());
	});
}

#[test]
fn test_chains_appoint_the_example_workers_with_the_providers_deposit() {
	use msec_runtime::configs::proxy::{ProxyDepositBase, ProxyDepositFactor};
	for name in ["development", "local_testnet"] {
		genesis(name).execute_with(|| {
			let providers = [Sr25519Keyring::Alice, Sr25519Keyring::Charlie];
			for (provider, worker) in providers.into_iter().zip(EXAMPLE_WORKER_KEYS) {
				let provider = provider.to_account_id();
				assert_eq!(DataPlaneProxies::workers(&provider), vec![AccountId::from(worker)], "{name}");
				let deposit = pallet_proxy::Proxies::<Runtime>::get(&provider).1;
				assert_eq!(deposit, ProxyDepositBase::get() + ProxyDepositFactor::get(), "{name}");
			}
		});
	}
	genesis("santander_fujisawa").execute_with(|| {
		assert_eq!(pallet_proxy::Proxies::<Runtime>::iter().count(), 0, "providers appoint their own");
	});
}
