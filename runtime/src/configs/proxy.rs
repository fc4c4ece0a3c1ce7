//! Proxies (`pallet_proxy`): an account acting for another within what its proxy type lets
//! it. `DataPlane` is the stream worker's: a provider appoints the account whose key its node
//! holds, and that account can make the marketplace's data-plane calls for it and nothing else.

use alloc::{boxed::Box, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{parameter_types, traits::InstanceFilter};
use scale_info::TypeInfo;
use sp_runtime::{traits::BlakeTwo256, DispatchResult, MultiAddress};

use crate::{
	constants::currency::deposit, AccountId, Balance, Balances, Runtime, RuntimeCall,
	RuntimeEvent, System,
};

/// What a proxy may do for the account that appointed it.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ProxyType {
	/// Anything the account may do.
	#[default]
	Any,
	/// The stream worker's calls only: `Marketplace.rekey`, `deliver_key`, `confirm_delivery`
	/// and `attest_anonymization`. No transfer, listing, purchase, vote or proxy change.
	DataPlane,
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		use pallet_marketplace::Call as Marketplace;
		match self {
			Self::Any => true,
			Self::DataPlane => matches!(
				call,
				RuntimeCall::Marketplace(
					Marketplace::rekey { .. } |
						Marketplace::deliver_key { .. } |
						Marketplace::confirm_delivery { .. } |
						Marketplace::attest_anonymization { .. }
				)
			),
		}
	}

	fn is_superset(&self, other: &Self) -> bool {
		self == other || *self == Self::Any
	}
}

parameter_types! {
	/// Held for an account's proxy list: one storage item of its key (an account, 40 bytes),
	/// the deposit (16) and the list's length (up to 5).
	pub const ProxyDepositBase: Balance = deposit(1, 61);
	/// Held per proxy: an account, a proxy type and a delay (37 bytes).
	pub const ProxyDepositFactor: Balance = deposit(0, 37);
	/// Held for an account's announcements: as [`ProxyDepositBase`].
	pub const AnnouncementDepositBase: Balance = deposit(1, 61);
	/// Held per announcement: an account, a call hash and a block number (68 bytes).
	pub const AnnouncementDepositFactor: Balance = deposit(0, 68);
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = frame_support::traits::ConstU32<32>;
	type WeightInfo = crate::weights::pallet_proxy::WeightInfo<Runtime>;
	type MaxPending = frame_support::traits::ConstU32<32>;
	type CallHasher = BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}

/// The stream worker's view of `DataPlane` proxies.
pub struct DataPlaneProxies;

impl DataPlaneProxies {
	/// Whether `provider` appointed `worker` a `DataPlane` proxy that acts at once.
	fn immediate_workers(provider: &AccountId) -> impl Iterator<Item = AccountId> {
		pallet_proxy::Proxies::<Runtime>::get(provider)
			.0
			.into_iter()
			.filter(|proxy| proxy.proxy_type == ProxyType::DataPlane && proxy.delay == 0)
			.map(|proxy| proxy.delegate)
	}
}

impl
	pallet_stream_worker::data_plane::DataPlaneProxies<
		AccountId,
		pallet_marketplace::Call<Runtime>,
		RuntimeCall,
	> for DataPlaneProxies
{
	fn workers(provider: &AccountId) -> Vec<AccountId> {
		Self::immediate_workers(provider).collect()
	}

	fn on_behalf_of(provider: AccountId, call: pallet_marketplace::Call<Runtime>) -> RuntimeCall {
		RuntimeCall::Proxy(pallet_proxy::Call::proxy {
			real: MultiAddress::Id(provider),
			force_proxy_type: Some(ProxyType::DataPlane),
			call: Box::new(RuntimeCall::Marketplace(call)),
		})
	}

	fn appoint(provider: &AccountId, worker: AccountId) -> DispatchResult {
		pallet_proxy::Pallet::<Runtime>::add_proxy_delegate(
			provider,
			worker,
			ProxyType::DataPlane,
			0,
		)
	}
}
