//! The data marketplace: escrowed purchases in MSEC, gated on consent, with the council as
//! arbiter of disputes.

use frame_support::{parameter_types, traits::ConstU32, PalletId};
use sp_runtime::Perbill;

use crate::{
	configs::governance::Privileged,
	constants::{
		currency::deposit,
		time::{DAYS, HOURS},
	},
	Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason,
};

parameter_types! {
	/// The marketplace account that receives the fees.
	pub const MarketplacePalletId: PalletId = PalletId(*b"msec/mkt");
	/// 2% of every payout to a provider.
	pub const MarketplaceFee: Perbill = Perbill::from_percent(2);
	/// Held per open listing: the listing (provider 32, kind 5, hashes 32, price 16, 8
	/// purposes 9, jurisdiction 3, subject 33, device 9, deposit 16: 155 bytes) and its
	/// provider index entry (56).
	pub const ListingDeposit: Balance = deposit(2, 211);
	/// Held per purchase record until the buyer rates it: the record, about 840 bytes with 24
	/// deliveries and a 120-byte wrapped key.
	pub const PurchaseDeposit: Balance = deposit(1, 840);
	/// A provider has a day to deliver a dataset.
	pub const DatasetDeliveryPeriod: BlockNumber = DAYS;
	/// Buyers may dispute for 12 hours after the last epoch.
	pub const DisputeWindow: BlockNumber = 12 * HOURS;
}

impl pallet_marketplace::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = crate::Registry;
	type Consent = crate::Consent;
	type ArbiterOrigin = Privileged;
	type PalletId = MarketplacePalletId;
	type MarketplaceFee = MarketplaceFee;
	type ListingDeposit = ListingDeposit;
	type PurchaseDeposit = PurchaseDeposit;
	type MaxListingsPerProvider = ConstU32<256>;
	type MaxPurposes = ConstU32<8>;
	/// A day of hourly epochs.
	type MaxEpochs = ConstU32<24>;
	/// An X25519 HPKE encapsulated key (32) and a sealed 32-byte content key with its tag
	/// (48), with room to spare.
	type MaxWrappedKeyLen = ConstU32<120>;
	type DatasetDeliveryPeriod = DatasetDeliveryPeriod;
	type DisputeWindow = DisputeWindow;
	type WeightInfo = crate::weights::pallet_marketplace::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MarketplaceBenchmarks;
}

/// Registers benchmark participants, devices and consents through the pallets' own calls.
#[cfg(feature = "runtime-benchmarks")]
pub struct MarketplaceBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_marketplace::benchmarking::BenchmarkHelper<crate::AccountId> for MarketplaceBenchmarks {
	fn register(
		who: &crate::AccountId,
		jurisdiction: msec_primitives::Jurisdiction,
		roles: msec_primitives::Roles,
	) {
		let _ = crate::Registry::register_participant(
			frame_system::RawOrigin::Root.into(),
			who.clone(),
			jurisdiction,
			roles,
		);
	}

	fn register_device(owner: &crate::AccountId) -> msec_primitives::DeviceId {
		use frame_support::traits::fungible::Mutate;
		use pallet_registry::BenchmarkHelper;
		let id = pallet_registry::NextDeviceId::<Runtime>::get();
		let funds = crate::configs::DeviceDeposit::get().saturating_mul(2);
		let _ = Balances::mint_into(owner, funds);
		let key =
			crate::configs::registry::DeviceKeys::device_key(u32::try_from(id).unwrap_or(u32::MAX));
		let _ = crate::Registry::register_device(
			frame_system::RawOrigin::Signed(owner.clone()).into(),
			key,
			msec_primitives::DeviceKind::Sensor,
			sp_core::H256::zero(),
		);
		id
	}
}
