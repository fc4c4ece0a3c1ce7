#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
// A panic in the runtime halts block production.
#![cfg_attr(
	not(test),
	warn(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects
	)
)]

extern crate alloc;

mod anonymization;
mod invariants;
mod keys;
mod listings;
mod purchases;
mod queries;
pub mod runtime_api;
mod schedule;
mod settlement;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::{
	Anonymization, AnonymizationAttestation, AnonymizationPolicy, Delivery, KeyEpoch, ListingId,
	ListingKey, ListingKind, MethodName, PurchaseId, PurchaseState, Reputation, SuspensionReason,
	Timings, MINIMUM_POLICY,
};
pub use weights::WeightInfo;

// FRAME's pallet macros expand to `expect` calls (storage and error metadata); the pallet's own
// logic lives in the feature files, where the crate-level lint still applies.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use msec_primitives::{
		ConsentInspect, DeviceId, DeviceKey, Purpose, RegistryInspect,
	};
	use sp_core::H256;
	use sp_runtime::{traits::AccountIdConversion, Perbill};

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// A listing's purposes in this runtime.
	pub type PurposesOf<T> = BoundedVec<Purpose, <T as Config>::MaxPurposes>;

	/// A content key wrapped to a buyer's key (an HPKE encapsulation and ciphertext).
	pub type WrappedKeyOf<T> = BoundedVec<u8, <T as Config>::MaxWrappedKeyLen>;

	/// Where a purchase of this runtime stands.
	pub type PurchaseStateOf<T> = PurchaseState<BlockNumberFor<T>, BalanceOf<T>>;

	/// A listing.
	#[derive(
		CloneNoBound,
		PartialEqNoBound,
		EqNoBound,
		Encode,
		Decode,
		TypeInfo,
		MaxEncodedLen,
		DebugNoBound,
	)]
	#[scale_info(skip_type_params(T))]
	#[codec(mel_bound())]
	pub struct Listing<T: Config> {
		/// Who sells.
		pub provider: T::AccountId,
		/// A dataset or a stream.
		pub kind: ListingKind<BlockNumberFor<T>>,
		/// Hash of the description (schema, location, sampling) kept off chain.
		pub metadata_hash: H256,
		/// Price of a dataset, or of one epoch of a stream.
		pub price: BalanceOf<T>,
		/// What buyers may use the data for: sorted, unique.
		pub purposes: PurposesOf<T>,
		/// Whose personal data the provider declares it holds. The source device's registered
		/// subject, if any, is what counts: a listing cannot drop it.
		pub subject: Option<T::AccountId>,
		/// The device that produces it; every stream has one.
		pub device: Option<DeviceId>,
		/// Held from the provider until the listing is closed; it also pays for the listing's
		/// anonymization entry.
		pub deposit: BalanceOf<T>,
		/// Counts the changes of its terms (price, purposes, description, anonymization): a
		/// purchase names the version its buyer saw.
		pub version: u32,
		/// Its current content key's epoch and commitment, once the provider's node made one.
		pub key: Option<ListingKey>,
	}

	/// A purchase: what the buyer paid into escrow and what the provider delivered.
	#[derive(
		CloneNoBound,
		PartialEqNoBound,
		EqNoBound,
		Encode,
		Decode,
		TypeInfo,
		MaxEncodedLen,
		DebugNoBound,
	)]
	#[scale_info(skip_type_params(T))]
	#[codec(mel_bound())]
	pub struct Purchase<T: Config> {
		/// The listing bought.
		pub listing: ListingId,
		/// Who sells.
		pub provider: T::AccountId,
		/// Who buys.
		pub buyer: T::AccountId,
		/// What for.
		pub purpose: Purpose,
		/// The buyer's X25519 public key, that the content key is wrapped to.
		pub buyer_key: [u8; 32],
		/// Whose personal data the listing declared. The source device's registered subject,
		/// read anew at every check, comes first.
		pub subject: Option<T::AccountId>,
		/// The source device, from the listing.
		pub device: Option<DeviceId>,
		/// The first block of epoch 0.
		pub start: BlockNumberFor<T>,
		/// Blocks per epoch.
		pub epoch_length: BlockNumberFor<T>,
		/// Epochs bought.
		pub epochs: u32,
		/// Price of one epoch.
		pub price_per_epoch: BalanceOf<T>,
		/// What is still held in escrow.
		pub escrow: BalanceOf<T>,
		/// Held from the buyer until the purchase record is removed; it also pays for the
		/// wrapped keys in [`PurchaseKeys`].
		pub deposit: BalanceOf<T>,
		/// The key epochs delivered, oldest first, each in [`PurchaseKeys`]; the oldest goes when
		/// more than `MaxKeysPerPurchase` were delivered.
		pub key_epochs: BoundedVec<KeyEpoch, T::MaxKeysPerPurchase>,
		/// Confirmed deliveries, by epoch.
		pub delivered: BoundedVec<Delivery, T::MaxEpochs>,
		/// The first epoch not payable, once consent, device or registration failed.
		pub suspended_from: Option<u32>,
		/// Where it stands.
		pub state: PurchaseStateOf<T>,
	}

	/// A content key delivered to a purchase's buyer.
	#[derive(
		CloneNoBound,
		PartialEqNoBound,
		EqNoBound,
		Encode,
		Decode,
		TypeInfo,
		MaxEncodedLen,
		DebugNoBound,
	)]
	#[scale_info(skip_type_params(T))]
	#[codec(mel_bound())]
	pub struct DeliveredKey<T: Config> {
		/// The listing's commitment to the key of this epoch: the buyer checks what it unwraps
		/// against it.
		pub commitment: H256,
		/// The key, wrapped to the purchase's buyer key.
		pub wrapped: WrappedKeyOf<T>,
	}

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the marketplace.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Holds escrow, bonds and deposits, and pays out.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which [`HoldReason`] is part.
		type RuntimeHoldReason: From<HoldReason>;

		/// Participants and devices.
		type Registry: RegistryInspect<Self::AccountId, DeviceKey = DeviceKey>;

		/// Consent records.
		type Consent: ConsentInspect<Self::AccountId>;

		/// Decides disputes (the council in the runtime).
		type ArbiterOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The marketplace's account, which receives the fees.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The marketplace's share of every payout to a provider.
		#[pallet::constant]
		type MarketplaceFee: Get<Perbill>;

		/// Held from a provider per listing.
		#[pallet::constant]
		type ListingDeposit: Get<BalanceOf<Self>>;

		/// Held from a buyer per purchase record and its wrapped keys.
		#[pallet::constant]
		type PurchaseDeposit: Get<BalanceOf<Self>>;

		/// Held from a buyer who disputes, until the dispute ends.
		#[pallet::constant]
		type DisputeBond: Get<BalanceOf<Self>>;

		/// Most listings one provider has open.
		#[pallet::constant]
		type MaxListingsPerProvider: Get<u32>;

		/// Most purposes one listing offers.
		#[pallet::constant]
		type MaxPurposes: Get<u32>;

		/// Most epochs one purchase buys.
		#[pallet::constant]
		type MaxEpochs: Get<u32>;

		/// Longest epoch of a stream, in blocks.
		#[pallet::constant]
		type MaxEpochLength: Get<BlockNumberFor<Self>>;

		/// Longest wrapped content key (an HPKE encapsulation and ciphertext).
		#[pallet::constant]
		type MaxWrappedKeyLen: Get<u32>;

		/// Most wrapped keys a purchase keeps in state; the oldest gives way.
		#[pallet::constant]
		type MaxKeysPerPurchase: Get<u32>;

		/// Blocks a provider has to deliver a dataset.
		#[pallet::constant]
		type DatasetDeliveryPeriod: Get<BlockNumberFor<Self>>;

		/// How long each step of a purchase may take.
		#[pallet::constant]
		type DefaultTimings: Get<Timings<BlockNumberFor<Self>>>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Registers participants, devices and consents for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Why funds are held.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A purchase's price, until settlement.
		#[codec(index = 0)]
		Escrow,
		/// A listing's deposit.
		#[codec(index = 1)]
		ListingDeposit,
		/// A purchase record's deposit.
		#[codec(index = 2)]
		PurchaseDeposit,
		/// A disputing buyer's bond.
		#[codec(index = 3)]
		DisputeBond,
	}

	/// Open listings.
	#[pallet::storage]
	pub type Listings<T: Config> = StorageMap<_, Twox64Concat, ListingId, Listing<T>>;

	/// Each provider's open listings.
	#[pallet::storage]
	pub type ProviderListings<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ListingId, ()>;

	/// How many open listings each provider has.
	#[pallet::storage]
	pub type ListingCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The id the next listing gets.
	#[pallet::storage]
	pub type NextListingId<T: Config> = StorageValue<_, ListingId, ValueQuery>;

	/// Listings whose records are anonymized before they are sold: the policy and the latest
	/// batch's attestation. Removed with the listing, whose deposit pays for it.
	#[pallet::storage]
	pub type Anonymizations<T: Config> =
		StorageMap<_, Twox64Concat, ListingId, Anonymization<BlockNumberFor<T>>>;

	/// Purchases, until rated or removed.
	#[pallet::storage]
	pub type Purchases<T: Config> = StorageMap<_, Twox64Concat, PurchaseId, Purchase<T>>;

	/// Each provider's purchases, so that its node finds them without scanning all.
	#[pallet::storage]
	pub type ProviderPurchases<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, PurchaseId, ()>;

	/// The content keys delivered to each purchase, by key epoch; removed with the purchase.
	#[pallet::storage]
	pub type PurchaseKeys<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		PurchaseId,
		Twox64Concat,
		KeyEpoch,
		DeliveredKey<T>,
	>;

	/// The id the next purchase gets.
	#[pallet::storage]
	pub type NextPurchaseId<T: Config> = StorageValue<_, PurchaseId, ValueQuery>;

	/// Each provider's ratings.
	#[pallet::storage]
	pub type Reputations<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Reputation, ValueQuery>;

	/// A chain's own timings, when its genesis set them (test chains, so that a dApp sees
	/// settlement within minutes); [`Config::DefaultTimings`] otherwise.
	#[pallet::storage]
	pub type TimingsOverride<T: Config> = StorageValue<_, Timings<BlockNumberFor<T>>>;

	/// Genesis endows the fee account with the existential deposit, so that it exists and
	/// fees below that deposit are kept, and may shorten the timings.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Overrides [`Config::DefaultTimings`] on this chain.
		pub timings: Option<Timings<BlockNumberFor<T>>>,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let account = Pallet::<T>::fee_account();
			let minimum = T::Currency::minimum_balance();
			if T::Currency::balance(&account) < minimum {
				if let Err(error) = T::Currency::mint_into(&account, minimum) {
					panic!("the marketplace fee account cannot be endowed: {error:?}");
				}
			}
			if let Some(timings) = self.timings {
				TimingsOverride::<T>::put(timings);
			}
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account fees are paid to.
		pub fn fee_account() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// How long each step of a purchase may take on this chain.
		pub fn timings() -> Timings<BlockNumberFor<T>> {
			TimingsOverride::<T>::get().unwrap_or_else(T::DefaultTimings::get)
		}
	}

	/// What happened.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A provider listed data.
		ListingCreated {
			/// Its id.
			listing: ListingId,
			/// Who sells.
			provider: T::AccountId,
		},
		/// A provider changed a listing's price, purposes or description.
		ListingUpdated {
			/// Its id.
			listing: ListingId,
			/// Its version now.
			version: u32,
		},
		/// A provider closed a listing: no new purchases, no further key or delivery; the
		/// epochs not yet confirmed are refunded at settlement.
		ListingClosed {
			/// Its id.
			listing: ListingId,
		},
		/// The provider's node made a new content key for a listing: devices seal under it, and
		/// relays refuse older epochs.
		Rekeyed {
			/// The listing.
			listing: ListingId,
			/// The new key's epoch and commitment.
			key: ListingKey,
		},
		/// A buyer bought, paying into escrow.
		Purchased {
			/// The purchase.
			purchase: PurchaseId,
			/// The listing.
			listing: ListingId,
			/// Who buys.
			buyer: T::AccountId,
			/// Held in escrow.
			escrow: BalanceOf<T>,
		},
		/// The provider delivered a content key, wrapped to the buyer's key.
		KeyDelivered {
			/// The purchase.
			purchase: PurchaseId,
			/// The key's epoch.
			epoch: KeyEpoch,
			/// The listing's commitment to it.
			commitment: H256,
			/// The wrapped key.
			wrapped_key: WrappedKeyOf<T>,
		},
		/// The provider confirmed an epoch's delivery.
		DeliveryConfirmed {
			/// The purchase.
			purchase: PurchaseId,
			/// What was delivered.
			delivery: Delivery,
		},
		/// No epoch from `from_epoch` on is payable: the buyer is refunded for them.
		PurchaseSuspended {
			/// The purchase.
			purchase: PurchaseId,
			/// The first epoch not payable.
			from_epoch: u32,
			/// Why.
			reason: SuspensionReason,
		},
		/// The buyer disputed a purchase: its escrow and the buyer's bond stay held.
		PurchaseDisputed {
			/// The purchase.
			purchase: PurchaseId,
			/// Hash of the reasons.
			reason: H256,
			/// The bond held.
			bond: BalanceOf<T>,
		},
		/// A dispute ended: the bond went to `to` (the buyer, or the provider when the arbiter
		/// refunded less than half).
		DisputeBondReleased {
			/// The purchase.
			purchase: PurchaseId,
			/// Who got the bond.
			to: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// Escrow paid out: to the provider, the fee, and back to the buyer.
		PurchaseSettled {
			/// The purchase.
			purchase: PurchaseId,
			/// Paid to the provider.
			paid: BalanceOf<T>,
			/// Paid to the marketplace.
			fee: BalanceOf<T>,
			/// Returned to the buyer.
			refunded: BalanceOf<T>,
		},
		/// The provider committed a listing to anonymization under `policy`: devices no longer
		/// publish to it; the provider's node anonymizes their records and publishes them.
		AnonymizationRequired {
			/// The listing.
			listing: ListingId,
			/// How coarse its records must be.
			policy: AnonymizationPolicy,
		},
		/// The provider attested a batch of anonymized records.
		AnonymizationAttested {
			/// The listing.
			listing: ListingId,
			/// What went in, what came out, how.
			attestation: AnonymizationAttestation<BlockNumberFor<T>>,
		},
		/// The buyer rated the provider; the purchase record is removed.
		Rated {
			/// The purchase.
			purchase: PurchaseId,
			/// Who was rated.
			provider: T::AccountId,
			/// 1 to 5.
			score: u8,
		},
		/// A settled purchase's record was removed without a rating; its deposit went back to
		/// the buyer.
		PurchaseRemoved {
			/// The purchase.
			purchase: PurchaseId,
		},
	}

	/// Why a marketplace call was refused. Nothing changed when any of these is returned.
	#[pallet::error]
	pub enum Error<T> {
		/// Only a provider participant lists data.
		NotProvider,
		/// Only a buyer participant buys.
		NotBuyer,
		/// No open listing with this id.
		UnknownListing,
		/// The listing is another provider's.
		NotListingOwner,
		/// A listing offers at least one purpose.
		NoPurposes,
		/// Purposes must be sorted and unique.
		PurposesUnsorted,
		/// A price is above zero.
		ZeroPrice,
		/// A stream's epochs are at least one block long.
		ZeroEpochLength,
		/// The provider has `MaxListingsPerProvider` open listings.
		TooManyListings,
		/// No device with this id.
		UnknownDevice,
		/// The device is another owner's.
		NotDeviceOwner,
		/// The source device is quarantined.
		DeviceQuarantined,
		/// The source device is revoked.
		DeviceRevoked,
		/// The listing does not offer this purpose.
		PurposeNotOffered,
		/// A dataset is bought once; a stream for 1 to `MaxEpochs` epochs.
		InvalidEpochs,
		/// Providers do not buy their own listings.
		OwnListing,
		/// The subject gave no consent for this purpose to this provider.
		ConsentMissing,
		/// The subject withdrew the consent for this purpose.
		ConsentWithdrawn,
		/// The subject's consent for this purpose expired.
		ConsentExpired,
		/// The law does not allow this transfer: beyond the EU and Japan only to countries the
		/// consent names.
		TransferNotAllowed,
		/// Ids or amounts overflowed.
		Overflow,
		/// No purchase with this id.
		UnknownPurchase,
		/// Only the purchase's provider does this.
		NotPurchaseProvider,
		/// Only the purchase's buyer does this.
		NotPurchaseBuyer,
		/// The purchase is disputed or settled.
		NotOpen,
		/// The content key must be delivered first.
		KeyNotDelivered,
		/// No such epoch in this purchase.
		InvalidEpoch,
		/// A stream's epoch is confirmed only once it ended and the confirmation delay passed.
		EpochNotEnded,
		/// This epoch's delivery is confirmed already.
		AlreadyConfirmed,
		/// The purchase is suspended: no further key or epoch.
		Suspended,
		/// Settlement comes after the last confirmation deadline and the dispute window, or
		/// after the arbiter's deadline.
		TooEarly,
		/// The dispute window has closed.
		DisputeWindowClosed,
		/// The purchase is not disputed.
		NotDisputed,
		/// Only a settled purchase is rated or removed.
		NotSettled,
		/// Scores go from 1 to 5.
		InvalidScore,
		/// A policy is at least [`MINIMUM_POLICY`]: a geohash precision of 1 to 7, time
		/// buckets of whole quarter hours, k of at least 2.
		InvalidPolicy,
		/// A listing's anonymization policy may only become stricter, with time buckets that
		/// are whole multiples of the current ones.
		PolicyLoosened,
		/// The listing does not require anonymization.
		AnonymizationNotRequired,
		/// Batches are attested in order: this is not the listing's next batch number.
		WrongBatch,
		/// The batch was anonymized less strictly than the listing's policy asks.
		PolicyTooWeak,
		/// An attestation names its method.
		NoMethod,
		/// More records released than went in.
		InvalidCounts,
		/// The listing's price per epoch is above what the buyer accepts.
		PriceAboveLimit,
		/// The listing changed since the buyer saw it: another version.
		ListingChanged,
		/// The listing's provider is no longer a registered provider.
		ProviderNotRegistered,
		/// A stream names the device that produces it.
		StreamWithoutDevice,
		/// An epoch is at most `MaxEpochLength` blocks.
		EpochTooLong,
		/// The listing names another subject than its device's registered one.
		SubjectMismatch,
		/// The listing was closed: no further key or delivery.
		ListingClosed,
		/// The delivery period is over: the last confirmation deadline has passed.
		DeliveryClosed,
		/// This epoch's confirmation deadline has passed.
		ConfirmationClosed,
		/// An epoch with no message delivered is not confirmed (nor paid).
		NothingDelivered,
		/// The listing has no content key on chain yet: `rekey` first.
		NoContentKey,
		/// Only the listing's current key epoch is delivered.
		NotCurrentKeyEpoch,
		/// This key epoch was delivered to the purchase already.
		KeyAlreadyDelivered,
		/// A new key epoch is above the current one; a dataset's key never changes.
		InvalidKeyEpoch,
		/// The record is kept until its retention ends, or its buyer removes it.
		RecordRetained,
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// The finest anonymization policy the chain accepts for any listing.
		#[pallet::constant_name(MinimumAnonymizationPolicy)]
		fn minimum_anonymization_policy() -> AnonymizationPolicy {
			MINIMUM_POLICY
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(
				T::DisputeBond::get() >= T::Currency::minimum_balance(),
				"a dispute bond below the existential deposit could not be paid to a provider"
			);
			assert!(T::MaxKeysPerPurchase::get() > 0, "a purchase keeps at least one key");
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// A provider lists data: a dataset or a stream, described by `metadata_hash`, at
		/// `price` (per dataset or per epoch), for `purposes`, produced by `device` (required
		/// for a stream). Whose personal data it is comes from the device's registry record;
		/// `subject` declares it for a dataset without a device. Holds
		/// [`Config::ListingDeposit`].
		///
		/// ## Errors
		/// - [`Error::NotProvider`], [`Error::ZeroPrice`], [`Error::ZeroEpochLength`],
		///   [`Error::EpochTooLong`], [`Error::StreamWithoutDevice`], [`Error::NoPurposes`],
		///   [`Error::PurposesUnsorted`], [`Error::TooManyListings`].
		/// - [`Error::UnknownDevice`], [`Error::NotDeviceOwner`], [`Error::DeviceQuarantined`],
		///   [`Error::DeviceRevoked`], [`Error::SubjectMismatch`].
		/// - [`Error::Overflow`]; a funds error when the deposit cannot be held.
		#[pallet::call_index(0)]
		pub fn create_listing(
			origin: OriginFor<T>,
			kind: ListingKind<BlockNumberFor<T>>,
			metadata_hash: H256,
			price: BalanceOf<T>,
			purposes: PurposesOf<T>,
			subject: Option<T::AccountId>,
			device: Option<DeviceId>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_create_listing(provider, kind, metadata_hash, price, purposes, subject, device)
				.map(|_| ())
		}

		/// The provider changes a listing's price, purposes and description, which raises its
		/// version; purchases made keep their terms, purchases signed against the old version
		/// fail.
		///
		/// ## Errors
		/// - [`Error::UnknownListing`], [`Error::NotListingOwner`], [`Error::ZeroPrice`],
		///   [`Error::NoPurposes`], [`Error::PurposesUnsorted`], [`Error::Overflow`].
		#[pallet::call_index(1)]
		pub fn update_listing(
			origin: OriginFor<T>,
			listing: ListingId,
			metadata_hash: H256,
			price: BalanceOf<T>,
			purposes: PurposesOf<T>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_update_listing(provider, listing, metadata_hash, price, purposes)
		}

		/// The provider closes a listing and gets its deposit back. Its open purchases get no
		/// further key or confirmation: what was not confirmed is refunded at settlement.
		///
		/// ## Errors
		/// - [`Error::UnknownListing`], [`Error::NotListingOwner`].
		#[pallet::call_index(2)]
		pub fn close_listing(origin: OriginFor<T>, listing: ListingId) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_close_listing(provider, listing)
		}

		/// A buyer buys `epochs` epochs of a stream (1 for a dataset) for `purpose`, to receive
		/// the content key wrapped to `buyer_key` (X25519), at no more than
		/// `max_price_per_epoch` and only if the listing is still at `listing_version`, the
		/// version the buyer saw. The price goes into escrow and [`Config::PurchaseDeposit`] is
		/// held.
		///
		/// ## Errors
		/// - [`Error::NotBuyer`], [`Error::UnknownListing`], [`Error::OwnListing`],
		///   [`Error::ListingChanged`], [`Error::PriceAboveLimit`],
		///   [`Error::PurposeNotOffered`], [`Error::InvalidEpochs`],
		///   [`Error::ProviderNotRegistered`].
		/// - [`Error::ConsentMissing`], [`Error::ConsentWithdrawn`], [`Error::ConsentExpired`],
		///   [`Error::TransferNotAllowed`]: for personal data.
		/// - [`Error::DeviceQuarantined`], [`Error::DeviceRevoked`], [`Error::UnknownDevice`].
		/// - [`Error::Overflow`]; a funds error when the escrow or deposit cannot be held.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::purchase().saturating_add(T::Consent::permitted_weight()))]
		pub fn purchase(
			origin: OriginFor<T>,
			listing: ListingId,
			epochs: u32,
			purpose: Purpose,
			buyer_key: [u8; 32],
			max_price_per_epoch: BalanceOf<T>,
			listing_version: u32,
		) -> DispatchResultWithPostInfo {
			let buyer = ensure_signed(origin)?;
			let order = purchases::Order {
				listing,
				epochs,
				purpose,
				buyer_key,
				max_price_per_epoch,
				listing_version,
			};
			let (_, consent_weight) = Self::do_purchase(buyer, order)?;
			// Charged for a subject with the most records; refunded to what the check read.
			Ok(Some(T::WeightInfo::purchase().saturating_add(consent_weight)).into())
		}

		/// The provider delivers the listing's current content key (`epoch`), wrapped to the
		/// buyer's key; the purchase keeps every epoch's key, up to `MaxKeysPerPurchase`.
		///
		/// ## Errors
		/// - [`Error::UnknownPurchase`], [`Error::NotPurchaseProvider`], [`Error::NotOpen`],
		///   [`Error::Suspended`], [`Error::DeliveryClosed`].
		/// - [`Error::ListingClosed`], [`Error::NoContentKey`], [`Error::NotCurrentKeyEpoch`],
		///   [`Error::KeyAlreadyDelivered`].
		#[pallet::call_index(4)]
		pub fn deliver_key(
			origin: OriginFor<T>,
			purchase: PurchaseId,
			epoch: KeyEpoch,
			wrapped_key: WrappedKeyOf<T>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_deliver_key(provider, purchase, epoch, wrapped_key)
		}

		/// The provider confirms it delivered `epoch`: `message_count` messages (at least one)
		/// whose delivery digest (the relay log's hash chain around them, which a buyer
		/// recomputes from the messages) is `digest`. A stream's epoch is confirmed
		/// after it ended plus the confirmation delay, and within the confirmation period;
		/// a dataset from its purchase to the same deadline. If consent, device or the
		/// participants' registration no longer allow the sale, the purchase is suspended from
		/// this epoch instead (an event tells the buyer) and nothing from it on is payable.
		///
		/// ## Errors
		/// - [`Error::UnknownPurchase`], [`Error::NotPurchaseProvider`], [`Error::NotOpen`],
		///   [`Error::ListingClosed`], [`Error::KeyNotDelivered`], [`Error::InvalidEpoch`],
		///   [`Error::EpochNotEnded`], [`Error::ConfirmationClosed`],
		///   [`Error::AlreadyConfirmed`], [`Error::Suspended`], [`Error::NothingDelivered`].
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::confirm_delivery().saturating_add(T::Consent::permitted_weight())
		)]
		pub fn confirm_delivery(
			origin: OriginFor<T>,
			purchase: PurchaseId,
			epoch: u32,
			message_count: u32,
			digest: H256,
		) -> DispatchResultWithPostInfo {
			let provider = ensure_signed(origin)?;
			let consent_weight = Self::do_confirm_delivery(
				provider,
				purchase,
				Delivery { epoch, message_count, digest },
			)?;
			Ok(Some(T::WeightInfo::confirm_delivery().saturating_add(consent_weight)).into())
		}

		/// Anyone settles a purchase. An open one, after the last confirmation deadline and the
		/// dispute window: the provider is paid for delivered, payable epochs (minus the fee),
		/// the buyer refunded the rest. A disputed one the arbiter did not decide in time, by
		/// the same rule, and the buyer's bond comes back.
		///
		/// ## Errors
		/// - [`Error::UnknownPurchase`], [`Error::NotOpen`] (settled), [`Error::TooEarly`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::settle().max(T::WeightInfo::settle_disputed()))]
		pub fn settle(origin: OriginFor<T>, purchase: PurchaseId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle(purchase)
		}

		/// The buyer disputes a purchase before the dispute window closes, holding
		/// [`Config::DisputeBond`]; deliveries stop, and the escrow stays held until the arbiter
		/// decides or its time runs out.
		///
		/// ## Errors
		/// - [`Error::UnknownPurchase`], [`Error::NotPurchaseBuyer`], [`Error::NotOpen`],
		///   [`Error::DisputeWindowClosed`]; a funds error when the bond cannot be held.
		#[pallet::call_index(7)]
		pub fn dispute(origin: OriginFor<T>, purchase: PurchaseId, reason: H256) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			Self::do_dispute(buyer, purchase, reason)
		}

		/// The arbiter resolves a dispute: `refund` of the escrow goes back to the buyer, the
		/// rest to the provider (minus the fee). The bond goes back to the buyer when `refund`
		/// is at least half, to the provider otherwise.
		///
		/// ## Errors
		/// - `BadOrigin`: not the arbiter.
		/// - [`Error::UnknownPurchase`], [`Error::NotDisputed`].
		#[pallet::call_index(8)]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			purchase: PurchaseId,
			refund: Perbill,
		) -> DispatchResult {
			T::ArbiterOrigin::ensure_origin(origin)?;
			Self::do_resolve_dispute(purchase, refund)
		}

		/// The buyer rates the provider of a settled purchase, once: the record and its keys
		/// are removed and its deposit released.
		///
		/// ## Errors
		/// - [`Error::UnknownPurchase`] (also when rated already), [`Error::NotPurchaseBuyer`],
		///   [`Error::NotSettled`], [`Error::InvalidScore`].
		#[pallet::call_index(9)]
		pub fn rate(origin: OriginFor<T>, purchase: PurchaseId, score: u8) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			Self::do_rate(buyer, purchase, score)
		}

		/// The provider commits `listing` to anonymization under `policy`, or makes its policy
		/// stricter; the listing's version rises. From then on the relay refuses its device's
		/// publications: the provider's own node anonymizes the raw records, publishes the
		/// result and attests each batch.
		///
		/// ## Errors
		/// - [`Error::UnknownListing`], [`Error::NotListingOwner`], [`Error::InvalidPolicy`],
		///   [`Error::PolicyLoosened`], [`Error::Overflow`].
		#[pallet::call_index(10)]
		pub fn require_anonymization(
			origin: OriginFor<T>,
			listing: ListingId,
			policy: AnonymizationPolicy,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_require_anonymization(provider, listing, policy)
		}

		/// The provider attests batch `batch` of `listing`: `records_in` raw records committed
		/// to by `input_hash` (BLAKE2b-256 of a random salt and the SCALE-encoded records)
		/// went in, `records_out` records hashing to `output_hash` (BLAKE2b-256 of the
		/// SCALE-encoded records) were released after `method` under `policy`.
		///
		/// ## Errors
		/// - [`Error::UnknownListing`], [`Error::NotListingOwner`],
		///   [`Error::AnonymizationNotRequired`], [`Error::WrongBatch`],
		///   [`Error::PolicyTooWeak`], [`Error::NoMethod`], [`Error::InvalidCounts`].
		#[pallet::call_index(11)]
		#[allow(clippy::too_many_arguments)]
		pub fn attest_anonymization(
			origin: OriginFor<T>,
			listing: ListingId,
			batch: u32,
			input_hash: H256,
			output_hash: H256,
			method: MethodName,
			policy: AnonymizationPolicy,
			records_in: u32,
			records_out: u32,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			let attestation = AnonymizationAttestation {
				batch,
				input_hash,
				output_hash,
				method,
				policy,
				records_in,
				records_out,
				attested_at: frame_system::Pallet::<T>::block_number(),
			};
			Self::do_attest_anonymization(provider, listing, attestation)
		}

		/// The provider's node records a listing's new content key: its `epoch` (above the
		/// current one; a dataset's key is set once) and `commitment`, the BLAKE2b-256 of
		/// `("msec/key-commit/v1", listing, epoch, key)`. Relays refuse publications under
		/// older epochs from then on.
		///
		/// ## Errors
		/// - [`Error::UnknownListing`], [`Error::NotListingOwner`], [`Error::InvalidKeyEpoch`].
		#[pallet::call_index(12)]
		pub fn rekey(
			origin: OriginFor<T>,
			listing: ListingId,
			epoch: KeyEpoch,
			commitment: H256,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_rekey(provider, listing, ListingKey { epoch, commitment })
		}

		/// Removes a settled purchase's record and keys without a rating, releasing its deposit
		/// to the buyer: by the buyer at any time, by anyone once the record's retention ended.
		///
		/// ## Errors
		/// - [`Error::UnknownPurchase`], [`Error::NotSettled`], [`Error::RecordRetained`].
		#[pallet::call_index(13)]
		pub fn remove_purchase(origin: OriginFor<T>, purchase: PurchaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_purchase(who, purchase)
		}
	}
}
