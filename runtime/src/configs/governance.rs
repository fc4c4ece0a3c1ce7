//! Who decides: the council of the two cities, its membership, and the privileged origin.
//!
//! Two operators per city sit on the council; a motion needs 2/3 of the members, so with four
//! members no city passes one alone.

use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
	weights::Weight,
};
use frame_system::EnsureRoot;

use super::RuntimeBlockWeights;
use crate::{
	constants::time::DAYS, AccountId, BlockNumber, Council, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin,
};

/// The council's collective instance.
pub type CouncilCollective = pallet_collective::Instance1;

/// The council's membership instance.
pub type CouncilMembershipInstance = pallet_membership::Instance1;

/// Root (sudo, on chains that have it) or a motion carried by at least 2/3 of the council.
///
/// The origin of every privileged change: validators, authorized peers, council membership.
pub type Privileged = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

/// Most council members: every city sends a handful of operators, never dozens.
pub const MAX_COUNCIL_MEMBERS: u32 = 16;

parameter_types! {
	/// A motion that does not reach its threshold expires after a week.
	pub const CouncilMotionDuration: BlockNumber = 7 * DAYS;
	/// A motion may dispatch at most half a block's weight.
	pub MaxCouncilProposalWeight: Weight = RuntimeBlockWeights::get().max_block.saturating_div(2);
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	/// Open motions are bounded instead of charged a deposit: only members may propose.
	type MaxProposals = ConstU32<32>;
	type MaxMembers = ConstU32<MAX_COUNCIL_MEMBERS>;
	type DefaultVote = pallet_collective::MoreThanMajorityThenPrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	/// Members change through `CouncilMembership`, which needs a motion itself.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

impl pallet_membership::Config<CouncilMembershipInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = Privileged;
	type RemoveOrigin = Privileged;
	type SwapOrigin = Privileged;
	type ResetOrigin = Privileged;
	type PrimeOrigin = Privileged;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<MAX_COUNCIL_MEMBERS>;
	type WeightInfo = crate::weights::pallet_membership::WeightInfo<Runtime>;
}
