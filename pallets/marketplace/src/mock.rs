//! A test runtime: System, Balances and the marketplace, with a registry and consent records
//! the tests set.

use core::cell::RefCell;
use std::collections::BTreeMap;

use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::{constants::RocksDbWeight, Weight},
	BoundedVec, PalletId,
};
use frame_system::EnsureSignedBy;
use msec_primitives::{
	ConsentId, ConsentInspect, ConsentRefusal, CountryCode, DeviceId, DeviceInfo, DeviceKey,
	DeviceKind, DeviceStatus, Jurisdiction, Purpose, RegistryInspect, Roles,
};
use sp_core::{ed25519, H256};
use frame_support::dispatch::DispatchResultWithPostInfo;
use sp_runtime::{BuildStorage, DispatchResult, Perbill};

use crate as pallet_marketplace;
use crate::{ListingKind, PurchaseId};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Marketplace: pallet_marketplace,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

/// The existential deposit: above 1, so that a payout too small for a reaped account shows.
pub const ED: u64 = 5;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ExistentialDeposit = ConstU64<ED>;
}

/// Weights of storage accesses only, so that tests do not depend on generated numbers.
pub struct StorageOnlyWeights;

impl crate::WeightInfo for StorageOnlyWeights {
	fn create_listing() -> Weight {
		RocksDbWeight::get().reads_writes(4, 5)
	}
	fn update_listing() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn close_listing() -> Weight {
		RocksDbWeight::get().reads_writes(2, 5)
	}
	fn purchase() -> Weight {
		RocksDbWeight::get().reads_writes(8, 5)
	}
	fn deliver_key() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn confirm_delivery() -> Weight {
		RocksDbWeight::get().reads_writes(4, 1)
	}
	fn settle() -> Weight {
		RocksDbWeight::get().reads_writes(4, 4)
	}
	fn settle_disputed() -> Weight {
		RocksDbWeight::get().reads_writes(5, 5)
	}
	fn dispute() -> Weight {
		RocksDbWeight::get().reads_writes(2, 2)
	}
	fn resolve_dispute() -> Weight {
		RocksDbWeight::get().reads_writes(5, 5)
	}
	fn rate() -> Weight {
		RocksDbWeight::get().reads_writes(3, 3)
	}
	fn remove_purchase() -> Weight {
		RocksDbWeight::get().reads_writes(3, 3)
	}
	fn rekey() -> Weight {
		RocksDbWeight::get().reads_writes(1, 1)
	}
	fn require_anonymization() -> Weight {
		RocksDbWeight::get().reads_writes(2, 1)
	}
	fn attest_anonymization() -> Weight {
		RocksDbWeight::get().reads_writes(2, 1)
	}
}

/// An EU provider with device 0; a Japanese and a Korean buyer; a provider that does not buy;
/// a data subject; someone unregistered; a buyer without funds.
pub const PROVIDER: u64 = 1;
pub const BUYER: u64 = 2;
pub const KOREAN_BUYER: u64 = 3;
pub const OTHER_PROVIDER: u64 = 4;
pub const SUBJECT: u64 = 5;
pub const STRANGER: u64 = 6;
pub const POOR_BUYER: u64 = 7;
/// A provider that also buys.
pub const TRADER: u64 = 8;
pub const ARBITER: u64 = 99;
pub const SENSOR: DeviceId = 0;
pub const OTHERS_SENSOR: DeviceId = 1;
/// A sensor of PROVIDER whose data is nobody's.
pub const PLAIN_SENSOR: DeviceId = 2;
pub const PRICE: u64 = 100;
pub const EPOCH: u64 = 10;
pub const DATASET_PERIOD: u64 = 20;
/// After an epoch ends, blocks before its confirmation; then blocks to confirm it.
pub const DELAY: u64 = 2;
pub const CONFIRM_PERIOD: u64 = 4;
pub const WINDOW: u64 = 5;
pub const ARBITRATION: u64 = 8;
pub const RETENTION: u64 = 30;
pub const LISTING_DEPOSIT: u64 = 7;
pub const PURCHASE_DEPOSIT: u64 = 3;
pub const BOND: u64 = 9;
pub const MAX_EPOCHS: u32 = 4;
pub const MAX_KEYS: u32 = 3;

thread_local! {
	static DEVICE_STATUS: RefCell<BTreeMap<DeviceId, (u64, DeviceStatus)>> = RefCell::new(BTreeMap::from([
		(SENSOR, (PROVIDER, DeviceStatus::Active)),
		(OTHERS_SENSOR, (OTHER_PROVIDER, DeviceStatus::Active)),
		(PLAIN_SENSOR, (PROVIDER, DeviceStatus::Active)),
	]));
	/// SENSOR produces SUBJECT's personal data, as the registry recorded.
	static DEVICE_SUBJECT: RefCell<BTreeMap<DeviceId, u64>> =
		RefCell::new(BTreeMap::from([(SENSOR, SUBJECT)]));
	static CONSENTS: RefCell<BTreeMap<(u64, Purpose), Result<ConsentId, ConsentRefusal>>> =
		const { RefCell::new(BTreeMap::new()) };
	static PARTICIPANTS: RefCell<BTreeMap<u64, (Jurisdiction, Roles)>> = RefCell::new(BTreeMap::from([
		(PROVIDER, (Jurisdiction::Eu, roles(true, false))),
		(BUYER, (Jurisdiction::Japan, roles(false, true))),
		(POOR_BUYER, (Jurisdiction::Japan, roles(false, true))),
		(KOREAN_BUYER, (korea(), roles(false, true))),
		(OTHER_PROVIDER, (Jurisdiction::Japan, roles(true, false))),
		(TRADER, (Jurisdiction::Eu, roles(true, true))),
	]));
}

pub fn set_device_status(device: DeviceId, status: DeviceStatus) {
	DEVICE_STATUS.with(|devices| {
		if let Some(entry) = devices.borrow_mut().get_mut(&device) {
			entry.1 = status;
		}
	});
}

/// The registrar records `subject` (or nobody) for `device`.
pub fn set_device_subject(device: DeviceId, subject: Option<u64>) {
	DEVICE_SUBJECT.with(|subjects| match subject {
		Some(subject) => subjects.borrow_mut().insert(device, subject),
		None => subjects.borrow_mut().remove(&device),
	});
}

/// The registrar deregisters `device`.
pub fn remove_device(device: DeviceId) {
	DEVICE_STATUS.with(|devices| devices.borrow_mut().remove(&device));
}

/// The registrar registers, updates (`Some`) or removes (`None`) `who`.
pub fn set_participant(who: u64, registration: Option<(Jurisdiction, Roles)>) {
	PARTICIPANTS.with(|participants| match registration {
		Some(registration) => participants.borrow_mut().insert(who, registration),
		None => participants.borrow_mut().remove(&who),
	});
}

/// What `ConsentInspect` answers for SUBJECT's data to PROVIDER for `purpose` (towards a
/// Korean buyer, `TransferNotAllowed` unless set for KOREAN_BUYER).
pub fn set_consent(
	buyer_jurisdiction_of: u64,
	purpose: Purpose,
	answer: Result<ConsentId, ConsentRefusal>,
) {
	CONSENTS
		.with(|consents| consents.borrow_mut().insert((buyer_jurisdiction_of, purpose), answer));
}

pub fn roles(provider: bool, buyer: bool) -> Roles {
	Roles { provider, buyer, security: false }
}

pub fn korea() -> Jurisdiction {
	Jurisdiction::Other(CountryCode(*b"KR"))
}

pub struct MockRegistry;

impl RegistryInspect<u64> for MockRegistry {
	type DeviceKey = DeviceKey;

	fn participant(who: &u64) -> Option<(Jurisdiction, Roles)> {
		PARTICIPANTS.with(|participants| participants.borrow().get(who).copied())
	}

	fn device(id: DeviceId) -> Option<DeviceInfo<u64, DeviceKey>> {
		DEVICE_STATUS
			.with(|devices| devices.borrow().get(&id).copied())
			.map(|(owner, status)| DeviceInfo {
				owner,
				key: DeviceKey::Ed25519(ed25519::Public::from_raw([1; 32])),
				kind: DeviceKind::Sensor,
				status,
				subject: DEVICE_SUBJECT.with(|subjects| subjects.borrow().get(&id).copied()),
			})
	}

	fn quarantine(id: DeviceId, _reason: H256) -> DispatchResult {
		set_device_status(id, DeviceStatus::Quarantined);
		Ok(())
	}
}

pub struct MockConsent;

impl ConsentInspect<u64> for MockConsent {
	fn permitted(
		subject: &u64,
		controller: &u64,
		purpose: Purpose,
		from: Jurisdiction,
		to: Jurisdiction,
	) -> Result<ConsentId, ConsentRefusal> {
		if *subject != SUBJECT || *controller != PROVIDER {
			return Err(ConsentRefusal::Missing);
		}
		let buyer = if to == korea() { KOREAN_BUYER } else { BUYER };
		let consent = CONSENTS
			.with(|consents| consents.borrow().get(&(buyer, purpose)).copied())
			.unwrap_or(Err(ConsentRefusal::Missing))?;
		// The consents here name Korea at most: data leaving from elsewhere than the EU or
		// Japan (a provider that moved) goes nowhere else.
		let leaves_adequate = matches!(from, Jurisdiction::Eu | Jurisdiction::Japan);
		if !leaves_adequate && from != to {
			return Err(ConsentRefusal::TransferNotAllowed);
		}
		Ok(consent)
	}

	fn permitted_weight() -> Weight {
		RocksDbWeight::get().reads(2)
	}

	fn permitted_weight_of(_subject: &u64) -> Weight {
		RocksDbWeight::get().reads(1)
	}
}

parameter_types! {
	pub const MarketplacePalletId: PalletId = PalletId(*b"msec/mkt");
	pub const Fee: Perbill = Perbill::from_percent(10);
}

ord_parameter_types! {
	pub const Arbiter: u64 = ARBITER;
}

parameter_types! {
	pub const MockTimings: crate::Timings<u64> = crate::Timings {
		confirmation_delay: DELAY,
		confirmation_period: CONFIRM_PERIOD,
		dispute_window: WINDOW,
		arbitration_period: ARBITRATION,
		record_retention: RETENTION,
	};
}

impl pallet_marketplace::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = MockRegistry;
	type Consent = MockConsent;
	type ArbiterOrigin = EnsureSignedBy<Arbiter, u64>;
	type PalletId = MarketplacePalletId;
	type MarketplaceFee = Fee;
	type ListingDeposit = ConstU64<LISTING_DEPOSIT>;
	type PurchaseDeposit = ConstU64<PURCHASE_DEPOSIT>;
	type DisputeBond = ConstU64<BOND>;
	type MaxListingsPerProvider = ConstU32<2>;
	type MaxPurposes = ConstU32<4>;
	type MaxEpochs = ConstU32<MAX_EPOCHS>;
	type MaxEpochLength = ConstU64<100>;
	type MaxWrappedKeyLen = ConstU32<80>;
	type MaxKeysPerPurchase = ConstU32<MAX_KEYS>;
	type DatasetDeliveryPeriod = ConstU64<DATASET_PERIOD>;
	type DefaultTimings = MockTimings;
	type WeightInfo = StorageOnlyWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockSetup;
}

/// Registers benchmark participants, devices and consents in the mocks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockSetup;

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<u64> for MockSetup {
	fn register(who: &u64, jurisdiction: Jurisdiction, roles: Roles) {
		PARTICIPANTS
			.with(|participants| participants.borrow_mut().insert(*who, (jurisdiction, roles)));
	}

	fn register_device(owner: &u64) -> DeviceId {
		DEVICE_STATUS.with(|devices| {
			let mut devices = devices.borrow_mut();
			let id = devices.keys().max().map_or(0, |max| max + 1);
			devices.insert(id, (*owner, DeviceStatus::Active));
			id
		})
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(PROVIDER, 1_000),
			(BUYER, 1_000),
			(KOREAN_BUYER, 1_000),
			(OTHER_PROVIDER, 1_000),
			(POOR_BUYER, 50),
			(TRADER, 1_000),
		],
		dev_accounts: None,
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	pallet_marketplace::GenesisConfig::<Test>::default()
		.assimilate_storage(&mut storage)
		.expect("marketplace genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on the state above, then checks the invariants, that every hold has a record
/// behind it, and that no MSEC was minted or burnt.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		test();
		Marketplace::do_try_state().expect("marketplace invariants hold");
		let expected = Marketplace::expected_holds();
		for (who, holds) in pallet_balances::Holds::<Test>::iter() {
			for hold in holds {
				let RuntimeHoldReason::Marketplace(reason) = hold.id;
				assert_eq!(
					expected.get(&who).map(|held| held.of(reason)),
					Some(hold.amount),
					"a hold of {reason:?} on {who} has no record behind it"
				);
			}
		}
		assert_eq!(Balances::total_issuance(), issuance, "marketplace calls mint or burn nothing");
	});
}

pub fn purposes(list: &[Purpose]) -> BoundedVec<Purpose, ConstU32<4>> {
	BoundedVec::truncate_from(list.to_vec())
}

/// PROVIDER lists `kind` of `device` (with `metadata`, for `purposes`, at `PRICE`) and its node
/// records key epoch 0; listing id returned.
fn keyed_listing(
	kind: ListingKind<u64>,
	metadata: H256,
	purposes_offered: &[Purpose],
	device: Option<DeviceId>,
) -> crate::ListingId {
	let id = crate::NextListingId::<Test>::get();
	frame_support::assert_ok!(Marketplace::create_listing(
		RuntimeOrigin::signed(PROVIDER),
		kind,
		metadata,
		PRICE,
		purposes(purposes_offered),
		None,
		device,
	));
	frame_support::assert_ok!(Marketplace::rekey(
		RuntimeOrigin::signed(PROVIDER),
		id,
		0,
		commitment(0)
	));
	id
}

/// PROVIDER lists the data of SENSOR (SUBJECT's personal data, as the registry records) as a
/// stream of `EPOCH`-block epochs at `PRICE` each, for public benefit and academic research,
/// and its node records key epoch 0; listing id returned.
pub fn stream_listing() -> crate::ListingId {
	keyed_listing(
		ListingKind::Stream { epoch_length: EPOCH },
		H256::repeat_byte(0x11),
		&[Purpose::AcademicResearch, Purpose::PublicBenefit],
		Some(SENSOR),
	)
}

/// The commitment the tests' node records for key epoch `epoch`.
pub fn commitment(epoch: crate::KeyEpoch) -> H256 {
	H256::repeat_byte(0xc0 ^ u8::try_from(epoch % 64).expect("below 64"))
}

/// A dataset of PROVIDER with no device, for public benefit, keyed at epoch 0; its id.
pub fn keyed_dataset() -> crate::ListingId {
	keyed_listing(ListingKind::Dataset, H256::zero(), &[Purpose::PublicBenefit], None)
}

/// `buyer` buys `epochs` epochs of `listing` for `purpose` at its current price and version.
pub fn buy(buyer: u64, listing: crate::ListingId, epochs: u32, purpose: Purpose) -> DispatchResultWithPostInfo {
	let current = crate::Listings::<Test>::get(listing).expect("the listing is open");
	Marketplace::purchase(
		RuntimeOrigin::signed(buyer),
		listing,
		epochs,
		purpose,
		[9; 32],
		current.price,
		current.version,
	)
}

/// BUYER buys `epochs` epochs of the stream listing for public benefit, with consent; its id.
pub fn bought(epochs: u32) -> PurchaseId {
	set_consent(BUYER, Purpose::PublicBenefit, Ok(0));
	let listing = stream_listing();
	let id = crate::NextPurchaseId::<Test>::get();
	frame_support::assert_ok!(buy(BUYER, listing, epochs, Purpose::PublicBenefit));
	id
}

/// The wrapped key the provider delivers in tests.
pub fn wrapped_key() -> BoundedVec<u8, ConstU32<80>> {
	BoundedVec::truncate_from(vec![0xab; 80])
}

/// The provider delivers the listing's current key to purchase `id`.
pub fn deliver(id: PurchaseId) {
	let purchase = crate::Purchases::<Test>::get(id).expect("the purchase exists");
	let key = crate::Listings::<Test>::get(purchase.listing).and_then(|l| l.key).expect("keyed");
	frame_support::assert_ok!(Marketplace::deliver_key(
		RuntimeOrigin::signed(PROVIDER),
		id,
		key.epoch,
		wrapped_key()
	));
}

/// Moves the clock to block `n`.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}

/// The first block `epoch` of purchase `id` may be confirmed at.
pub fn confirmable(id: PurchaseId, epoch: u32) -> u64 {
	let purchase = crate::Purchases::<Test>::get(id).expect("the purchase exists");
	Marketplace::confirmable_from(&purchase, epoch, true)
}

/// The provider confirms `epoch` of purchase `id` with `messages` messages.
pub fn confirm(id: PurchaseId, epoch: u32, messages: u32) -> DispatchResultWithPostInfo {
	Marketplace::confirm_delivery(
		RuntimeOrigin::signed(PROVIDER),
		id,
		epoch,
		messages,
		H256::repeat_byte(0x22),
	)
}

/// The block after purchase `id`'s dispute window: settlement opens.
pub fn after_dispute_window(id: PurchaseId) -> u64 {
	let purchase = crate::Purchases::<Test>::get(id).expect("the purchase exists");
	Marketplace::dispute_deadline(&purchase) + 1
}

/// The last event the marketplace emitted.
pub fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Marketplace(event) => Some(event),
			_ => None,
		})
		.expect("the marketplace emitted an event")
}

pub fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}
