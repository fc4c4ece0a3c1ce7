//! Benchmarks: every call in its worst case.

use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use msec_primitives::{DeviceId, Jurisdiction, Purpose, Roles};
use sp_core::H256;
use sp_runtime::{traits::One, Perbill, Saturating};

use crate::{purchases, types::MAX_METHOD_LEN, *};

/// What the benchmarks need of the runtime around the pallet.
pub trait BenchmarkHelper<AccountId> {
	/// Registers `who` as a participant in `jurisdiction` with `roles`.
	fn register(who: &AccountId, jurisdiction: Jurisdiction, roles: Roles);

	/// Registers an active device of `owner` (a provider); its id.
	fn register_device(owner: &AccountId) -> DeviceId;
}

fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let plenty = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	T::Currency::set_balance(&who, plenty);
	who
}

/// A provider (EU) with `MaxListingsPerProvider - 1` listings and a device.
fn provider<T: Config>() -> Result<(T::AccountId, DeviceId), BenchmarkError> {
	let provider = funded::<T>("provider");
	T::BenchmarkHelper::register(
		&provider,
		Jurisdiction::Eu,
		Roles { provider: true, buyer: false, security: false },
	);
	let device = T::BenchmarkHelper::register_device(&provider);
	for _ in 1..T::MaxListingsPerProvider::get() {
		listing::<T>(&provider, device)?;
	}
	Ok((provider, device))
}

fn purposes<T: Config>() -> PurposesOf<T> {
	BoundedVec::truncate_from(Purpose::ALL.to_vec())
}

/// A one-block-epoch stream listing of `provider`'s `device`, keyed at epoch 0.
fn listing<T: Config>(
	provider: &T::AccountId,
	device: DeviceId,
) -> Result<ListingId, BenchmarkError> {
	let id = Pallet::<T>::do_create_listing(
		provider.clone(),
		ListingKind::Stream { epoch_length: One::one() },
		H256::repeat_byte(1),
		T::Currency::minimum_balance(),
		purposes::<T>(),
		None,
		Some(device),
	)
	.map_err(|_| BenchmarkError::Stop("the benchmark's listing is created"))?;
	set_key::<T>(provider, id, 0)?;
	Ok(id)
}

fn set_key<T: Config>(
	provider: &T::AccountId,
	listing: ListingId,
	epoch: KeyEpoch,
) -> Result<(), BenchmarkError> {
	let key = ListingKey { epoch, commitment: H256::repeat_byte(0xc0) };
	Pallet::<T>::do_rekey(provider.clone(), listing, key)
		.map_err(|_| BenchmarkError::Stop("the benchmark's listing is rekeyed"))
}

/// A listing of a device's data and a Japanese buyer; (provider, listing, buyer).
///
/// The device has no data subject: a purchase's consent check is charged apart, as
/// `ConsentInspect::permitted_weight` (the consent pallet's `check_consent` benchmark, over
/// the subject's records), so the benchmarks here leave it out rather than count it twice.
fn ready_to_buy<T: Config>() -> Result<(T::AccountId, ListingId, T::AccountId), BenchmarkError> {
	let (provider, device) = provider::<T>()?;
	let listing = listing::<T>(&provider, device)?;
	let buyer = funded::<T>("buyer");
	let roles = Roles { provider: false, buyer: true, security: false };
	T::BenchmarkHelper::register(&buyer, Jurisdiction::Japan, roles);
	Ok((provider, listing, buyer))
}

fn order<T: Config>(listing: ListingId) -> purchases::Order<BalanceOf<T>> {
	purchases::Order {
		listing,
		epochs: T::MaxEpochs::get(),
		purpose: Purpose::PublicBenefit,
		buyer_key: [9; 32],
		max_price_per_epoch: T::Currency::minimum_balance(),
		listing_version: 0,
	}
}

/// A purchase of `MaxEpochs` epochs from [`ready_to_buy`]; (provider, buyer, purchase).
fn bought<T: Config>() -> Result<(T::AccountId, T::AccountId, PurchaseId), BenchmarkError> {
	let (provider, listing, buyer) = ready_to_buy::<T>()?;
	let (id, _) = Pallet::<T>::do_purchase(buyer.clone(), order::<T>(listing))
		.map_err(|_| BenchmarkError::Stop("the benchmark's purchase is made"))?;
	Ok((provider, buyer, id))
}

fn max_key<T: Config>() -> WrappedKeyOf<T> {
	BoundedVec::truncate_from(
		alloc::vec![0xab; usize::try_from(T::MaxWrappedKeyLen::get()).unwrap_or_default()],
	)
}

/// Delivers `MaxKeysPerPurchase` key epochs to purchase `id`, from 0 on.
fn full_of_keys<T: Config>(provider: &T::AccountId, id: PurchaseId) -> Result<(), BenchmarkError> {
	let listing = Purchases::<T>::get(id).ok_or(BenchmarkError::Stop("bought"))?.listing;
	for epoch in 0..T::MaxKeysPerPurchase::get() {
		if epoch > 0 {
			set_key::<T>(provider, listing, epoch)?;
		}
		Pallet::<T>::do_deliver_key(provider.clone(), id, epoch, max_key::<T>())
			.map_err(|_| BenchmarkError::Stop("key delivered"))?;
	}
	Ok(())
}

/// Keys delivered and every epoch but the last confirmed, each in its window; the clock where
/// the last epoch can be confirmed.
fn delivered_but_last<T: Config>(
	provider: &T::AccountId,
	id: PurchaseId,
) -> Result<(), BenchmarkError> {
	full_of_keys::<T>(provider, id)?;
	let last = T::MaxEpochs::get().saturating_sub(1);
	let purchase = Purchases::<T>::get(id).ok_or(BenchmarkError::Stop("bought"))?;
	for epoch in 0..last {
		frame_system::Pallet::<T>::set_block_number(Pallet::<T>::confirmable_from(
			&purchase, epoch, true,
		));
		Pallet::<T>::do_confirm_delivery(
			provider.clone(),
			id,
			Delivery { epoch, message_count: 1, digest: H256::zero() },
		)
		.map_err(|_| BenchmarkError::Stop("delivery confirmed"))?;
	}
	frame_system::Pallet::<T>::set_block_number(Pallet::<T>::confirmable_from(
		&purchase, last, true,
	));
	Ok(())
}

/// A policy of hourly buckets, 1.2 km cells and k = 5.
fn policy() -> AnonymizationPolicy {
	AnonymizationPolicy { geohash_precision: 6, time_bucket_ms: 3_600_000, k: 5 }
}

/// A provider's stream listing under [`policy`], one batch attested; (provider, listing).
fn anonymized<T: Config>() -> Result<(T::AccountId, ListingId), BenchmarkError> {
	let (provider, device) = provider::<T>()?;
	let id = listing::<T>(&provider, device)?;
	Pallet::<T>::do_require_anonymization(provider.clone(), id, policy())
		.map_err(|_| BenchmarkError::Stop("anonymization required"))?;
	Pallet::<T>::do_attest_anonymization(provider.clone(), id, attestation::<T>(0))
		.map_err(|_| BenchmarkError::Stop("first batch attested"))?;
	Ok((provider, id))
}

/// Batch `batch` under [`policy`], with the longest method name.
fn attestation<T: Config>(batch: u32) -> AnonymizationAttestation<BlockNumberFor<T>> {
	AnonymizationAttestation {
		batch,
		input_hash: H256::repeat_byte(1),
		output_hash: H256::repeat_byte(2),
		method: MethodName::truncate_from(
			alloc::vec![b'm'; usize::try_from(MAX_METHOD_LEN).unwrap_or_default()],
		),
		policy: policy(),
		records_in: 1_000,
		records_out: 900,
		attested_at: Default::default(),
	}
}

/// The clock after the purchase's dispute window.
fn after_window<T: Config>(id: PurchaseId) -> Result<(), BenchmarkError> {
	let purchase = Purchases::<T>::get(id).ok_or(BenchmarkError::Stop("bought"))?;
	frame_system::Pallet::<T>::set_block_number(
		Pallet::<T>::dispute_deadline(&purchase).saturating_add(One::one()),
	);
	Ok(())
}

/// A settled purchase holding `MaxKeysPerPurchase` keys; (provider, buyer, purchase).
fn settled_with_keys<T: Config>() -> Result<(T::AccountId, T::AccountId, PurchaseId), BenchmarkError>
{
	let (provider, buyer, id) = bought::<T>()?;
	full_of_keys::<T>(&provider, id)?;
	after_window::<T>(id)?;
	Pallet::<T>::do_settle(id).map_err(|_| BenchmarkError::Stop("settled"))?;
	Ok((provider, buyer, id))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_listing() -> Result<(), BenchmarkError> {
		let (provider, device) = provider::<T>()?;
		let kind = ListingKind::Stream { epoch_length: BlockNumberFor::<T>::one() };

		#[extrinsic_call]
		_(
			RawOrigin::Signed(provider.clone()),
			kind,
			H256::zero(),
			T::Currency::minimum_balance(),
			purposes::<T>(),
			None,
			Some(device),
		);

		assert_eq!(ListingCount::<T>::get(&provider), T::MaxListingsPerProvider::get());
		Ok(())
	}

	#[benchmark]
	fn update_listing() -> Result<(), BenchmarkError> {
		let (provider, _) = provider::<T>()?;
		let id = NextListingId::<T>::get().saturating_sub(1);
		let price = T::Currency::minimum_balance().saturating_mul(2u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, H256::repeat_byte(2), price, purposes::<T>());

		assert!(Listings::<T>::get(id).is_some_and(|listing| listing.price == price));
		Ok(())
	}

	#[benchmark]
	fn close_listing() -> Result<(), BenchmarkError> {
		let (provider, _) = provider::<T>()?;
		let id = NextListingId::<T>::get().saturating_sub(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);

		assert!(Listings::<T>::get(id).is_none());
		Ok(())
	}

	#[benchmark]
	fn purchase() -> Result<(), BenchmarkError> {
		let (_, listing, buyer) = ready_to_buy::<T>()?;
		let price = T::Currency::minimum_balance();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(buyer),
			listing,
			T::MaxEpochs::get(),
			Purpose::PublicBenefit,
			[9; 32],
			price,
			0,
		);

		assert_eq!(NextPurchaseId::<T>::get(), 1);
		Ok(())
	}

	/// The purchase holds `MaxKeysPerPurchase` keys: the oldest gives way.
	#[benchmark]
	fn deliver_key() -> Result<(), BenchmarkError> {
		let (provider, _, id) = bought::<T>()?;
		full_of_keys::<T>(&provider, id)?;
		let listing = Purchases::<T>::get(id).ok_or(BenchmarkError::Stop("bought"))?.listing;
		let epoch = T::MaxKeysPerPurchase::get();
		set_key::<T>(&provider, listing, epoch)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, epoch, max_key::<T>());

		assert!(PurchaseKeys::<T>::contains_key(id, epoch));
		assert!(!PurchaseKeys::<T>::contains_key(id, 0));
		Ok(())
	}

	#[benchmark]
	fn rekey() -> Result<(), BenchmarkError> {
		let (provider, device) = provider::<T>()?;
		let id = listing::<T>(&provider, device)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, 1, H256::repeat_byte(7));

		assert!(Listings::<T>::get(id).is_some_and(|l| l.key.map(|k| k.epoch) == Some(1)));
		Ok(())
	}

	#[benchmark]
	fn confirm_delivery() -> Result<(), BenchmarkError> {
		let (provider, _, id) = bought::<T>()?;
		delivered_but_last::<T>(&provider, id)?;
		let last = T::MaxEpochs::get().saturating_sub(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, last, 1, H256::zero());

		assert!(Purchases::<T>::get(id).is_some_and(|p| p.delivered.is_full()));
		Ok(())
	}

	/// The last epoch undelivered: provider, fee and refund are all paid.
	#[benchmark]
	fn settle() -> Result<(), BenchmarkError> {
		let (provider, buyer, id) = bought::<T>()?;
		delivered_but_last::<T>(&provider, id)?;
		after_window::<T>(id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);

		assert!(Purchases::<T>::get(id).is_some_and(|p| p.state.is_settled()));
		Ok(())
	}

	/// The arbiter let the deadline pass: the bond back, provider, fee and refund paid.
	#[benchmark]
	fn settle_disputed() -> Result<(), BenchmarkError> {
		let (provider, buyer, id) = bought::<T>()?;
		delivered_but_last::<T>(&provider, id)?;
		Pallet::<T>::do_dispute(buyer.clone(), id, H256::zero())
			.map_err(|_| BenchmarkError::Stop("disputed"))?;
		let record = Purchases::<T>::get(id).ok_or(BenchmarkError::Stop("bought"))?;
		let deadline =
			Pallet::<T>::arbitration_deadline(&record, frame_system::Pallet::<T>::block_number());
		frame_system::Pallet::<T>::set_block_number(deadline.saturating_add(One::one()));

		#[extrinsic_call]
		settle(RawOrigin::Signed(buyer), id);

		assert!(Purchases::<T>::get(id).is_some_and(|p| p.state.is_settled()));
		Ok(())
	}

	#[benchmark]
	fn dispute() -> Result<(), BenchmarkError> {
		let (_, buyer, id) = bought::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, H256::repeat_byte(4));

		assert!(Purchases::<T>::get(id).is_some_and(|p| !p.state.is_open()));
		Ok(())
	}

	#[benchmark]
	fn resolve_dispute() -> Result<(), BenchmarkError> {
		let origin =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (_, buyer, id) = bought::<T>()?;
		Pallet::<T>::do_dispute(buyer, id, H256::zero())
			.map_err(|_| BenchmarkError::Stop("disputed"))?;

		// Below half refunded: the bond moves to the provider, a transfer rather than a release.
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, Perbill::from_percent(25));

		assert!(Purchases::<T>::get(id).is_some_and(|p| p.state.is_settled()));
		Ok(())
	}

	#[benchmark]
	fn rate() -> Result<(), BenchmarkError> {
		let (provider, buyer, id) = settled_with_keys::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, 5);

		assert_eq!(Reputations::<T>::get(&provider).count, 1);
		assert_eq!(PurchaseKeys::<T>::iter_prefix(id).count(), 0);
		Ok(())
	}

	#[benchmark]
	fn remove_purchase() -> Result<(), BenchmarkError> {
		let (_, buyer, id) = settled_with_keys::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);

		assert!(!Purchases::<T>::contains_key(id));
		Ok(())
	}

	/// Replacing a policy, with a batch attested already.
	#[benchmark]
	fn require_anonymization() -> Result<(), BenchmarkError> {
		let (provider, id) = anonymized::<T>()?;
		let stricter = AnonymizationPolicy { k: 10, ..policy() };

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, stricter);

		assert!(Anonymizations::<T>::get(id).is_some_and(|a| a.policy == stricter));
		Ok(())
	}

	#[benchmark]
	fn attest_anonymization() -> Result<(), BenchmarkError> {
		let (provider, id) = anonymized::<T>()?;
		let next = attestation::<T>(1);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(provider),
			id,
			next.batch,
			next.input_hash,
			next.output_hash,
			next.method,
			next.policy,
			next.records_in,
			next.records_out,
		);

		assert!(Anonymizations::<T>::get(id).is_some_and(|a| a.next_batch() == 2));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
