//! What holds across the pallets: every balance on hold has a record behind it. Each pallet's
//! `try_state` checks that its records' deposits are held; this checks the other way round,
//! over all holds of all accounts, which no pallet can enumerate alone. The `TryRuntime` API
//! runs it after the pallets' checks; the runtime tests run it after their stories.

use alloc::collections::btree_map::BTreeMap;

use crate::{AccountId, Balance, Runtime, RuntimeHoldReason};

type Sums = BTreeMap<AccountId, Balance>;

fn add(sums: &mut Sums, who: &AccountId, amount: Balance) {
	let sum = sums.entry(who.clone()).or_default();
	*sum = sum.saturating_add(amount);
}

/// Checks that every hold in `pallet_balances` equals what the records of its reason's pallet
/// account for; the first hold without one is the error.
pub fn holds_have_records() -> Result<(), alloc::string::String> {
	let marketplace = pallet_marketplace::Pallet::<Runtime>::expected_holds();
	let mut devices = Sums::new();
	for (_, device) in pallet_registry::Devices::<Runtime>::iter() {
		add(&mut devices, &device.owner, device.deposit);
	}
	let mut attestations = Sums::new();
	for (_, attestation) in pallet_ids::Attestations::<Runtime>::iter() {
		add(&mut attestations, &attestation.submitter, attestation.deposit);
	}
	let mut consents = Sums::new();
	for (_, record) in pallet_consent::Consents::<Runtime>::iter() {
		add(&mut consents, &record.granted_by, record.deposit);
	}
	let session_key_deposit = crate::configs::SessionKeyDeposit::get();

	for (who, holds) in pallet_balances::Holds::<Runtime>::iter() {
		for hold in holds {
			let backed = match hold.id {
				RuntimeHoldReason::Marketplace(reason) =>
					marketplace.get(&who).map(|held| held.of(reason)),
				RuntimeHoldReason::Registry(_) => devices.get(&who).copied(),
				RuntimeHoldReason::Ids(_) => attestations.get(&who).copied(),
				RuntimeHoldReason::Consent(pallet_consent::HoldReason::ConsentDeposit) =>
					consents.get(&who).copied(),
				RuntimeHoldReason::Consent(pallet_consent::HoldReason::GuardianDeposit) =>
					pallet_consent::Guardians::<Runtime>::get(&who).map(|g| g.deposit),
				RuntimeHoldReason::Session(_) =>
					pallet_session::NextKeys::<Runtime>::contains_key(&who)
						.then_some(session_key_deposit),
				// Proposals take no deposit (`Consideration = ()`): no such hold has a record.
				RuntimeHoldReason::Council(_) => None,
			};
			if backed != Some(hold.amount) {
				return Err(alloc::format!(
					"{:?} of {} on {who:?} has no record behind it (the records say {backed:?})",
					hold.id,
					hold.amount
				));
			}
		}
	}
	Ok(())
}
