//! Who decides: the council of the two cities, its membership, and the privileged origin.
//!
//! A privileged change is a council motion proposing `TwoCities.enact(call)`: carried by at
//! least 2/3 of the council (`pallet_collective`), with an aye of a Santander operator and an
//! aye of a Fujisawa operator (`pallet_two_cities`), whatever the seat counts; abstention
//! never approves. `enact` then dispatches the call as Root, so validators, peers, the
//! registry, IDS rule sets, disputes, membership, fee spending and runtime upgrades
//! (`System.authorize_upgrade`) all take both cities.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::{parameter_types, traits::ConstU32, weights::Weight};
use frame_system::EnsureRoot;
use msec_primitives::{Jurisdiction, RegistryInspect};
use sp_runtime::traits::Convert;

use super::RuntimeBlockWeights;
use crate::{
	constants::time::DAYS, AccountId, BlockNumber, Council, Hash, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin,
};

/// The council's collective instance.
pub type CouncilCollective = pallet_collective::Instance1;

/// The council's membership instance.
pub type CouncilMembershipInstance = pallet_membership::Instance1;

/// Root: sudo on test chains, and on every chain a council motion that both cities approved
/// (`TwoCities.enact`).
///
/// The origin of every privileged change: validators, authorized peers, the registry, IDS rule
/// sets, dispute outcomes, guardians, council membership.
pub type Privileged = EnsureRoot<AccountId>;

/// A council motion carried by at least 2/3 of the members: what `TwoCities.enact` needs
/// besides an aye of each city.
pub type CouncilTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>;

/// Most council members: every city sends a handful of operators, never dozens.
pub const MAX_COUNCIL_MEMBERS: u32 = 16;

parameter_types! {
	/// A motion that does not reach its threshold expires after a week.
	pub const CouncilMotionDuration: BlockNumber = 7 * DAYS;
	/// A motion may dispatch at most half a block's weight.
	pub MaxCouncilProposalWeight: Weight = RuntimeBlockWeights::get().max_block.saturating_div(2);
	/// The cities of which every privileged change needs an aye: Santander's operators are
	/// registered in the EU, Fujisawa's in Japan.
	pub TwoCityJurisdictions: Vec<Jurisdiction> = alloc::vec![Jurisdiction::Eu, Jurisdiction::Japan];
}

/// A member who does not vote votes nay: no motion passes by one city's silence, with or
/// without a prime member.
pub struct AbstentionIsNay;

impl pallet_collective::DefaultVote for AbstentionIsNay {
	fn default_vote(
		_prime_vote: Option<bool>,
		_yes_votes: u32,
		_no_votes: u32,
		_len: u32,
	) -> bool {
		false
	}
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	/// Open motions are bounded instead of charged a deposit: only members may propose.
	type MaxProposals = ConstU32<32>;
	type MaxMembers = ConstU32<MAX_COUNCIL_MEMBERS>;
	type DefaultVote = AbstentionIsNay;
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

/// Whether `call` wraps `TwoCities.enact` in a `Utility` or `Proxy` call. The call filter refuses such
/// calls: `enact` reads the votes of the motion of its own hash, so it must be that motion's
/// proposal itself, never an item of another motion's batch, which could borrow an open motion's
/// ayes without its threshold and run its call a second time.
pub fn wraps_enact(call: &RuntimeCall) -> bool {
	use pallet_utility::Call as Utility;
	let is_or_wraps = |inner: &RuntimeCall| {
		matches!(inner, RuntimeCall::TwoCities(_)) || wraps_enact(inner)
	};
	match call {
		RuntimeCall::Utility(
			Utility::batch { calls } | Utility::batch_all { calls } | Utility::force_batch { calls },
		) => calls.iter().any(is_or_wraps),
		RuntimeCall::Utility(
			Utility::as_derivative { call, .. } |
			Utility::dispatch_as { call, .. } |
			Utility::dispatch_as_fallible { call, .. } |
			Utility::with_weight { call, .. },
		) => is_or_wraps(call),
		RuntimeCall::Utility(Utility::if_else { main, fallback }) =>
			is_or_wraps(main) || is_or_wraps(fallback),
		RuntimeCall::Proxy(
			pallet_proxy::Call::proxy { call, .. } | pallet_proxy::Call::proxy_announced { call, .. },
		) => is_or_wraps(call),
		_ => false,
	}
}

/// `pallet_collective::Votes` as stored: its fields are private upstream, its SCALE layout is
/// not (index, threshold, ayes, nays, end). `runtime/tests/governance.rs` pins the two together
/// by closing real motions.
#[derive(Encode, Decode)]
struct StoredVotes {
	_index: u32,
	_threshold: u32,
	ayes: Vec<AccountId>,
	_nays: Vec<AccountId>,
	_end: BlockNumber,
}

/// The council's votes, as `pallet_collective` keeps them until a closed motion's call has
/// returned.
pub struct CouncilVotes;

impl CouncilVotes {
	fn key(proposal_hash: &Hash) -> Vec<u8> {
		pallet_collective::Voting::<Runtime, CouncilCollective>::hashed_key_for(proposal_hash)
	}
}

impl pallet_two_cities::MotionAyes<Hash, AccountId> for CouncilVotes {
	fn ayes(proposal_hash: &Hash) -> Option<Vec<AccountId>> {
		frame_support::storage::unhashed::get::<StoredVotes>(&Self::key(proposal_hash))
			.map(|votes| votes.ayes)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_ayes(proposal_hash: &Hash, ayes: Vec<AccountId>) {
		let votes = StoredVotes { _index: 0, _threshold: 2, ayes, _nays: Vec::new(), _end: 1 };
		frame_support::storage::unhashed::put(&Self::key(proposal_hash), &votes);
	}
}

/// A council member speaks for the city of the jurisdiction the registry records for it.
pub struct CityOfMember;

impl Convert<AccountId, Option<Jurisdiction>> for CityOfMember {
	fn convert(member: AccountId) -> Option<Jurisdiction> {
		crate::Registry::participant(&member).map(|(jurisdiction, _)| jurisdiction)
	}
}

impl pallet_two_cities::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type MotionOrigin = CouncilTwoThirds;
	type Ayes = CouncilVotes;
	type City = Jurisdiction;
	type CityOf = CityOfMember;
	type Cities = TwoCityJurisdictions;
	type MaxMembers = ConstU32<MAX_COUNCIL_MEMBERS>;
	type WeightInfo = crate::weights::pallet_two_cities::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = CouncilCities;
}

/// Registers benchmark council members in their city's jurisdiction.
#[cfg(feature = "runtime-benchmarks")]
pub struct CouncilCities;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_two_cities::benchmarking::BenchmarkHelper<AccountId, Jurisdiction> for CouncilCities {
	fn set_city(who: &AccountId, city: Jurisdiction) {
		let roles = msec_primitives::Roles { provider: false, buyer: false, security: true };
		let _ = crate::Registry::register_participant(
			frame_system::RawOrigin::Root.into(),
			who.clone(),
			city,
			roles,
		);
	}
}
