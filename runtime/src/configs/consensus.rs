//! Block authoring (Aura), finality (GRANDPA) and the timestamp they share.

use frame_support::traits::{ConstBool, ConstU32, ConstU64};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

use crate::{
	constants::time::{MAX_AUTHORITIES, SLOT_DURATION},
	Aura, Runtime, RuntimeEvent,
};

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	/// Aura's slot is twice this.
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// `note_stalled` as measured; equivocation reports are off (see `KeyOwnerProof`).
	type WeightInfo = crate::weights::GrandpaWeights<Runtime>;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	/// No nominators: validators are chosen by the council, not by stake.
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	/// Equivocation reports need historical session proofs, which a council-run network
	/// replaces by removing the offending validator.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}
