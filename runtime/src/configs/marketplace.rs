//! The data marketplace: escrowed purchases in MSEC, gated on consent, with the council as
//! arbiter of disputes.

use codec::MaxEncodedLen;
use frame_support::{parameter_types, traits::ConstU32, PalletId};
use sp_runtime::Perbill;

use crate::{
	configs::governance::Privileged,
	constants::{
		currency::{deposit, MSEC},
		time::{DAYS, HOURS, MINUTES},
	},
	Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason,
};

/// Most epochs one purchase buys: a day of hourly epochs.
pub const MAX_EPOCHS: u32 = 24;

/// Most wrapped keys a purchase keeps in state: two rekeys per epoch of a full purchase.
pub const MAX_KEYS_PER_PURCHASE: u32 = 2 * MAX_EPOCHS;

/// Bytes of a `Twox64Concat` id in a storage key, and of a `Blake2_128Concat` account.
const ID_KEY: usize = 16;
const ACCOUNT_KEY: usize = 48;

/// The bytes of a listing record, its provider index entry and its anonymization entry, with
/// their keys.
fn listing_bytes() -> u32 {
	let listing = pallet_marketplace::Listing::<Runtime>::max_encoded_len().saturating_add(ID_KEY);
	let index = ACCOUNT_KEY.saturating_add(ID_KEY);
	let anonymization = pallet_marketplace::Anonymization::<BlockNumber>::max_encoded_len()
		.saturating_add(ID_KEY);
	u32::try_from(listing.saturating_add(index).saturating_add(anonymization)).unwrap_or(u32::MAX)
}

/// The bytes of a purchase record, its provider index entry and all the keys it may keep, with
/// their keys.
fn purchase_bytes() -> u32 {
	let purchase =
		pallet_marketplace::Purchase::<Runtime>::max_encoded_len().saturating_add(ID_KEY);
	let index = ACCOUNT_KEY.saturating_add(ID_KEY);
	let key = pallet_marketplace::DeliveredKey::<Runtime>::max_encoded_len()
		.saturating_add(2 * ID_KEY);
	let keys = key.saturating_mul(usize::try_from(MAX_KEYS_PER_PURCHASE).unwrap_or(usize::MAX));
	u32::try_from(purchase.saturating_add(index).saturating_add(keys)).unwrap_or(u32::MAX)
}

parameter_types! {
	/// The marketplace account that receives the fees.
	pub const MarketplacePalletId: PalletId = PalletId(*b"msec/mkt");
	/// 2% of every payout to a provider.
	pub const MarketplaceFee: Perbill = Perbill::from_percent(2);
	/// Held per open listing: the listing, its provider index and its anonymization entry, as
	/// three entries, sized from their encoded maximum.
	pub ListingDeposit: Balance = deposit(3, listing_bytes());
	/// Held per purchase record until it is removed: the record, its provider index and every
	/// wrapped key it may keep, sized from their encoded maximum.
	pub PurchaseDeposit: Balance = deposit(MAX_KEYS_PER_PURCHASE.saturating_add(2), purchase_bytes());
	/// Held from a buyer who disputes: enough that freezing a payout is not free, little
	/// against a day's purchase.
	pub const DisputeBond: Balance = MSEC;
	/// A provider has a day to deliver a dataset.
	pub const DatasetDeliveryPeriod: BlockNumber = DAYS;
	/// A day, the longest epoch a stream sells.
	pub const MaxEpochLength: BlockNumber = DAYS;
	/// An epoch is confirmed a minute after it ended (its blocks final, its messages in the
	/// relay's log), within the hour after; buyers dispute for 12 hours after the last
	/// confirmation could land; the council has two weeks to decide a dispute (a motion runs
	/// for at most one); settled records are kept 30 days for their buyer.
	pub const MarketplaceTimings: pallet_marketplace::Timings<BlockNumber> =
		pallet_marketplace::Timings {
			confirmation_delay: MINUTES,
			confirmation_period: HOURS,
			dispute_window: 12 * HOURS,
			arbitration_period: 14 * DAYS,
			record_retention: 30 * DAYS,
		};
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
	type DisputeBond = DisputeBond;
	type MaxListingsPerProvider = ConstU32<256>;
	type MaxPurposes = ConstU32<8>;
	type MaxEpochs = ConstU32<MAX_EPOCHS>;
	type MaxEpochLength = MaxEpochLength;
	/// An X25519 HPKE encapsulated key (32) and a sealed 32-byte content key with its tag
	/// (48), with room to spare.
	type MaxWrappedKeyLen = ConstU32<120>;
	type MaxKeysPerPurchase = ConstU32<MAX_KEYS_PER_PURCHASE>;
	type DatasetDeliveryPeriod = DatasetDeliveryPeriod;
	type DefaultTimings = MarketplaceTimings;
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
		let genesis = frame_system::Pallet::<Runtime>::block_hash(0);
		let payload = msec_primitives::key_possession_payload(genesis.as_ref(), owner);
		let (key, possession) = crate::configs::registry::DeviceKeys::device_key(
			u32::try_from(id).unwrap_or(u32::MAX),
			&payload,
		);
		let _ = crate::Registry::register_device(
			frame_system::RawOrigin::Signed(owner.clone()).into(),
			key,
			msec_primitives::DeviceKind::Sensor,
			sp_core::H256::zero(),
			possession,
		);
		id
	}
}
