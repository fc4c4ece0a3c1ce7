//! The transactions each workload sends: one per load account, each a single call (no batches).

use std::time::{SystemTime, UNIX_EPOCH};

use frame_support::BoundedVec;
use msec_primitives::DeviceSignature;
use msec_runtime::{constants::currency::MSEC, RuntimeCall};
use pallet_ids::{AlertReport, Severity};
use sp_core::{Pair, H256};

use crate::world::{grant, World, PURPOSE};

/// A workload the tool measures.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Workload {
	/// `Balances.transfer_keep_alive` of 1 MSEC: the yardstick.
	Transfer,
	/// `Marketplace.purchase` of one epoch of a personal data stream (consent and device checked).
	Purchase,
	/// `Ids.attest_alerts`: a device-signed report of a minute of medium alerts.
	Attest,
	/// `Consent.grant` to the provider for one purpose.
	Grant,
}

impl Workload {
	/// All of them, transfers first: the others are reported relative to transfers.
	pub const ALL: [Workload; 4] =
		[Workload::Transfer, Workload::Purchase, Workload::Attest, Workload::Grant];

	/// The call's name as wallets show it.
	pub fn call_name(self) -> &'static str {
		match self {
			Workload::Transfer => "Balances.transfer_keep_alive",
			Workload::Purchase => "Marketplace.purchase",
			Workload::Attest => "Ids.attest_alerts",
			Workload::Grant => "Consent.grant",
		}
	}

	/// Signs the workload's transaction for every load account, with each one's next nonce.
	pub fn sign_all(self, world: &mut World) -> Vec<Vec<u8>> {
		let genesis_hash = world.genesis_hash;
		let period_end = unix_ms().saturating_sub(10 * 60_000);
		let calls: Vec<RuntimeCall> = (0..world.accounts.len())
			.map(|i| match self {
				Workload::Transfer => {
					RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
						dest: world.sink.clone().into(),
						value: MSEC,
					})
				},
				Workload::Purchase => RuntimeCall::Marketplace(pallet_marketplace::Call::purchase {
					listing: world.listing,
					epochs: 1,
					purpose: PURPOSE,
					buyer_key: sp_io::hashing::blake2_256(&(i as u64).to_le_bytes()),
					max_price_per_epoch: MSEC,
					listing_version: 0,
				}),
				Workload::Attest => attest(world, i, period_end),
				Workload::Grant => grant(world.provider.clone()),
			})
			.collect();
		world
			.accounts
			.iter_mut()
			.zip(calls)
			.map(|(account, call)| account.sign(call, genesis_hash))
			.collect()
	}
}

/// Device `index`'s report of the minute before `period_end`, signed by the device.
fn attest(world: &World, index: usize, period_end: u64) -> RuntimeCall {
	let (device, key) = &world.devices[index];
	let report = AlertReport {
		device: *device,
		ruleset: 1,
		period_start: period_end.saturating_sub(60_000),
		period_end,
		alert_count: 4,
		max_severity: Severity::Medium,
		rule_ids: BoundedVec::truncate_from(vec![7, 99, 312]),
		alerts_root: H256::repeat_byte(0x5a),
	};
	let signature =
		DeviceSignature::Ed25519(key.sign(&report.signing_payload(world.genesis_hash.as_ref())));
	RuntimeCall::Ids(pallet_ids::Call::attest_alerts { report, signature })
}

fn unix_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
		.unwrap_or_default()
}
