//! Rule sets: published and retired by security.

use frame_support::{ensure, pallet_prelude::DispatchResult};
use sp_core::H256;

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_publish_ruleset(
		version: RulesetVersion,
		rules_hash: H256,
		rule_count: u32,
	) -> DispatchResult {
		ensure!(version > LatestRuleset::<T>::get(), Error::<T>::VersionNotIncreasing);
		ensure!(rule_count > 0, Error::<T>::EmptyRuleset);

		let published_at = frame_system::Pallet::<T>::block_number();
		Rulesets::<T>::insert(
			version,
			Ruleset { rules_hash, rule_count, published_at, retired: false },
		);
		LatestRuleset::<T>::put(version);
		Self::deposit_event(Event::RulesetPublished { version, rules_hash, rule_count });
		Ok(())
	}

	pub(crate) fn do_retire_ruleset(version: RulesetVersion) -> DispatchResult {
		let mut ruleset = Rulesets::<T>::get(version).ok_or(Error::<T>::UnknownRuleset)?;
		ensure!(!ruleset.retired, Error::<T>::RulesetRetired);

		ruleset.retired = true;
		Rulesets::<T>::insert(version, ruleset);
		Self::deposit_event(Event::RulesetRetired { version });
		Ok(())
	}
}
