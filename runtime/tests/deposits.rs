//! Every deposit covers the storage it pays for, measured from the records' encoded maximum
//! (`MaxEncodedLen`) rather than estimated by hand.

use codec::MaxEncodedLen;
use frame_support::traits::Get;
use msec_runtime::{constants::currency::deposit, Balance, BlockNumber, Runtime};

/// The bytes of a map entry's key: `Blake2_128Concat` of an account (16 + 32), or
/// `Twox64Concat` of a u64 (8 + 8).
const ACCOUNT_KEY: u32 = 48;
const ID_KEY: u32 = 16;

fn len<T: MaxEncodedLen>() -> u32 {
	u32::try_from(T::max_encoded_len()).expect("small records")
}

fn covers(held: Balance, items: u32, bytes: u32, what: &str) {
	assert!(held >= deposit(items, bytes), "{what}: {held} < deposit({items}, {bytes})");
}

/// The review's L10: `PurchaseDeposit` was sized for 840 bytes when the record took 1,351.
#[test]
fn a_purchase_deposit_covers_its_record_index_and_every_key_it_may_keep() {
	let keys: u32 = <Runtime as pallet_marketplace::Config>::MaxKeysPerPurchase::get();
	let bytes = len::<pallet_marketplace::Purchase<Runtime>>() +
		ID_KEY + ACCOUNT_KEY + ID_KEY +
		keys * (len::<pallet_marketplace::DeliveredKey<Runtime>>() + 2 * ID_KEY);
	covers(msec_runtime::configs::marketplace::PurchaseDeposit::get(), 2 + keys, bytes, "purchase");
}

/// The review's L10: anonymization entries were created without a deposit.
#[test]
fn a_listing_deposit_covers_its_record_index_and_anonymization_entry() {
	let bytes = len::<pallet_marketplace::Listing<Runtime>>() +
		ID_KEY + ACCOUNT_KEY + ID_KEY +
		len::<pallet_marketplace::Anonymization<BlockNumber>>() +
		ID_KEY;
	covers(msec_runtime::configs::marketplace::ListingDeposit::get(), 3, bytes, "listing");
}

/// The review's L10: the IDS period cursor of a device was stored without a deposit.
#[test]
fn a_device_deposit_covers_its_record_key_index_and_period_cursor() {
	let device = len::<pallet_registry::DeviceOf<Runtime>>() + ID_KEY;
	let key_index = len::<msec_primitives::DeviceKey>() + 16 + len::<u64>();
	let period_cursor = ID_KEY + len::<u64>();
	let bytes = device + key_index + period_cursor;
	covers(msec_runtime::configs::DeviceDeposit::get(), 3, bytes, "device");
}

/// The review's L10: a guardian the ward chose was stored without a deposit.
#[test]
fn a_guardian_deposit_covers_its_entry() {
	let bytes = ACCOUNT_KEY + len::<pallet_consent::Guardianship<msec_runtime::AccountId, Balance>>();
	covers(<Runtime as pallet_consent::Config>::GuardianDeposit::get(), 1, bytes, "guardian");
}

#[test]
fn a_consent_deposit_covers_its_record_and_subject_index() {
	let bytes = len::<pallet_consent::ConsentRecord<Runtime>>() + ID_KEY + ACCOUNT_KEY + ID_KEY;
	covers(msec_runtime::configs::ConsentDeposit::get(), 2, bytes, "consent");
}

/// A proxy list and each data-plane worker in it are paid for by the provider that appoints
/// them: appointing workers costs what they store.
#[test]
fn a_proxy_deposit_covers_the_list_and_each_proxy() {
	use msec_runtime::configs::proxy::{ProxyDepositBase, ProxyDepositFactor, ProxyType};
	let proxies: u32 = <Runtime as pallet_proxy::Config>::MaxProxies::get();
	let definition = len::<pallet_proxy::ProxyDefinition<msec_runtime::AccountId, ProxyType, BlockNumber>>();
	let held = ProxyDepositBase::get() + ProxyDepositFactor::get() * Balance::from(proxies);
	// The key (an account: `Twox64Concat`, 8 + 32), the deposit, a compact length.
	covers(held, 1, 40 + 16 + 5 + proxies * definition, "proxy list");
}
