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

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod devices;
mod inspect;
mod invariants;
mod participants;
pub mod runtime_api;
mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use msec_primitives::{DeviceId, DeviceKind, DeviceStatus, Jurisdiction, Roles};
pub use pallet::*;
pub use types::{Device, Participant};
pub use weights::WeightInfo;

// FRAME's pallet macros expand to `expect` calls (storage and error metadata); the pallet's own
// logic lives in the feature files, where the crate-level lint still applies.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use msec_primitives::OnDeviceRemoved;
	use sp_core::H256;
	use sp_runtime::traits::{IdentifyAccount, Verify};

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// A device record of this runtime.
	pub type DeviceOf<T> =
		Device<<T as frame_system::Config>::AccountId, <T as Config>::DeviceKey, BalanceOf<T>>;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the registry.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Holds device deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The runtime's hold reasons, of which [`HoldReason`] is part.
		type RuntimeHoldReason: From<HoldReason>;

		/// Registers, updates and removes participants (the council in the runtime).
		type RegistrarOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Quarantines and restores devices (the council in the runtime).
		type SecurityOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The public key devices sign with (`msec_primitives::DeviceKey` in the runtime).
		type DeviceKey: Parameter + Member + MaxEncodedLen + Ord + MaybeSerializeDeserialize;

		/// A device key's signature: its proof of possession when registered or rotated to.
		type DeviceSignature: Parameter + Verify<Signer: IdentifyAccount<AccountId = Self::DeviceKey>>;

		/// An account's signature: a data subject's claim on a device (`MultiSignature` in the
		/// runtime).
		type SubjectSignature: Parameter
			+ Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>;

		/// Told when a device is deregistered, so that other pallets drop what they keep
		/// about it.
		type OnDeviceRemoved: OnDeviceRemoved;

		/// Held from a device's owner while the device is registered.
		#[pallet::constant]
		type DeviceDeposit: Get<BalanceOf<Self>>;

		/// Most devices one provider may register.
		#[pallet::constant]
		type MaxDevicesPerOwner: Get<u32>;

		/// Weights of the calls, from `benchmarking.rs`.
		type WeightInfo: WeightInfo;

		/// Makes up device keys and signatures for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<
			Self::AccountId,
			Self::DeviceKey,
			Self::DeviceSignature,
			Self::SubjectSignature,
		>;
	}

	/// What the benchmarks need from the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId, DeviceKey, DeviceSignature, SubjectSignature> {
		/// A new device key, distinct for each `index`, and its signature of `message`.
		fn device_key(index: u32, message: &[u8]) -> (DeviceKey, DeviceSignature);

		/// A data subject's account and its signature of `message`.
		fn subject(message: &[u8]) -> (AccountId, SubjectSignature);
	}

	/// Why funds are held.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered device.
		#[codec(index = 0)]
		DeviceDeposit,
	}

	/// Registered participants.
	#[pallet::storage]
	pub type Participants<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Participant<BlockNumberFor<T>>>;

	/// Registered devices.
	#[pallet::storage]
	pub type Devices<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, Device<T::AccountId, T::DeviceKey, BalanceOf<T>>>;

	/// The device each registered key belongs to: a key is registered at most once.
	#[pallet::storage]
	pub type DeviceByKey<T: Config> = StorageMap<_, Blake2_128Concat, T::DeviceKey, DeviceId>;

	/// How many devices each provider has registered.
	#[pallet::storage]
	pub type DeviceCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The id the next registered device gets.
	#[pallet::storage]
	pub type NextDeviceId<T: Config> = StorageValue<_, DeviceId, ValueQuery>;

	/// The X25519 public key each device receives its listing's content key for (HPKE, as
	/// buyers do), set by its owner. Cleared when the device's signing key is rotated (a
	/// device whose key leaked gets no key until its owner sets a new one) or it is
	/// deregistered.
	#[pallet::storage]
	pub type DeviceEncryptionKeys<T: Config> = StorageMap<_, Twox64Concat, DeviceId, [u8; 32]>;

	/// What happened in the registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A participant was registered.
		ParticipantRegistered {
			/// The participant.
			who: T::AccountId,
			/// Where it is established.
			jurisdiction: Jurisdiction,
			/// What it may do.
			roles: Roles,
		},
		/// A participant's jurisdiction or roles changed.
		ParticipantUpdated {
			/// The participant.
			who: T::AccountId,
			/// Its jurisdiction now.
			jurisdiction: Jurisdiction,
			/// Its roles now.
			roles: Roles,
		},
		/// A participant was removed.
		ParticipantRemoved {
			/// The former participant.
			who: T::AccountId,
		},
		/// A provider registered a device and its deposit was held.
		DeviceRegistered {
			/// The new device's id.
			device: DeviceId,
			/// The provider that owns it.
			owner: T::AccountId,
			/// What it is.
			kind: DeviceKind,
			/// Held from the owner.
			deposit: BalanceOf<T>,
		},
		/// A device signs with a new key from now on.
		DeviceKeyRotated {
			/// The device.
			device: DeviceId,
		},
		/// A device was removed and its deposit returned.
		DeviceDeregistered {
			/// The former device.
			device: DeviceId,
			/// Who got the deposit back.
			owner: T::AccountId,
		},
		/// A device was revoked by its owner, for good.
		DeviceRevoked {
			/// The device.
			device: DeviceId,
		},
		/// A device's data was recorded as `subject`'s personal data, or as nobody's (`None`).
		DeviceSubjectSet {
			/// The device.
			device: DeviceId,
			/// Whose personal data it produces.
			subject: Option<T::AccountId>,
		},
		/// A device was quarantined.
		DeviceQuarantined {
			/// The device.
			device: DeviceId,
			/// The hash of the evidence.
			reason: H256,
		},
		/// A device left quarantine.
		DeviceRestored {
			/// The device.
			device: DeviceId,
		},
		/// A device receives its listing's content key for a new X25519 key (`None`: for none,
		/// until its owner sets one).
		DeviceEncryptionKeySet {
			/// The device.
			device: DeviceId,
			/// Its X25519 public key.
			key: Option<[u8; 32]>,
		},
	}

	/// Why a registry call was refused. Nothing changed when any of these is returned.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is registered already.
		AlreadyExists,
		/// No such participant or device.
		NotFound,
		/// `Other` jurisdiction with a malformed country code, or one that names JP or EU.
		InvalidJurisdiction,
		/// A participant needs at least one role.
		NoRoles,
		/// The participant still has devices: deregister them first.
		HasDevices,
		/// Only a registered participant with the provider role may register devices.
		NotProvider,
		/// The key belongs to a registered device already.
		KeyInUse,
		/// The owner has `MaxDevicesPerOwner` devices.
		TooManyDevices,
		/// Only the device's owner may do this.
		NotOwner,
		/// The device is revoked.
		DeviceRevoked,
		/// The device is quarantined: security must restore it first.
		DeviceQuarantined,
		/// Only an active device can be quarantined.
		DeviceNotActive,
		/// The device is not quarantined.
		DeviceNotQuarantined,
		/// Device ids are exhausted.
		Overflow,
		/// The key's proof of possession is not its signature of the owner's payload
		/// (`msec_primitives::key_possession_payload`).
		BadKeyProof,
		/// The subject's signature is not theirs of the claim
		/// (`msec_primitives::subject_claim_payload`).
		BadSubjectSignature,
		/// The device's data is recorded as another subject's already: only the registrar
		/// changes it.
		SubjectAlreadySet,
		/// The device's data is recorded as a subject's: only the registrar clears that, before
		/// the device can be deregistered.
		HasSubject,
	}

	/// Participants and devices at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(account, jurisdiction, roles)`.
		pub participants: Vec<(T::AccountId, Jurisdiction, Roles)>,
		/// `(owner, key, kind, firmware hash)`; the owner must be a provider above and afford the
		/// deposit. The chain spec vouches for the keys: no proof of possession.
		pub devices: Vec<(T::AccountId, T::DeviceKey, DeviceKind, H256)>,
		/// `(device, X25519 public key)`: what `set_device_encryption_key` sets, for devices
		/// above.
		pub device_encryption_keys: Vec<(DeviceId, [u8; 32])>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis is built before the chain runs; a wrong chain spec must not start.
			for (who, jurisdiction, roles) in &self.participants {
				Pallet::<T>::do_register_participant(who.clone(), *jurisdiction, *roles)
					.unwrap_or_else(|e| panic!("invalid registry genesis participant: {e:?}"));
			}
			for (owner, key, kind, firmware) in &self.devices {
				Pallet::<T>::do_register_device(owner.clone(), key.clone(), *kind, *firmware)
					.unwrap_or_else(|e| panic!("invalid registry genesis device: {e:?}"));
			}
			for (device, key) in &self.device_encryption_keys {
				assert!(
					Devices::<T>::contains_key(device),
					"invalid registry genesis encryption key: no device {device}"
				);
				DeviceEncryptionKeys::<T>::insert(device, key);
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Registers `who` as a participant established in `jurisdiction` with `roles`.
		///
		/// ## Errors
		/// - `BadOrigin`: not the registrar origin.
		/// - [`Error::AlreadyExists`], [`Error::InvalidJurisdiction`], [`Error::NoRoles`].
		#[pallet::call_index(0)]
		pub fn register_participant(
			origin: OriginFor<T>,
			who: T::AccountId,
			jurisdiction: Jurisdiction,
			roles: Roles,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::do_register_participant(who, jurisdiction, roles)
		}

		/// Changes the jurisdiction and roles of `who`.
		///
		/// ## Errors
		/// - `BadOrigin`: not the registrar origin.
		/// - [`Error::NotFound`], [`Error::InvalidJurisdiction`], [`Error::NoRoles`].
		/// - [`Error::HasDevices`]: taking the provider role from a provider with devices.
		#[pallet::call_index(1)]
		pub fn update_participant(
			origin: OriginFor<T>,
			who: T::AccountId,
			jurisdiction: Jurisdiction,
			roles: Roles,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::do_update_participant(who, jurisdiction, roles)
		}

		/// Removes `who`.
		///
		/// ## Errors
		/// - `BadOrigin`: not the registrar origin.
		/// - [`Error::NotFound`]; [`Error::HasDevices`]: `who` still has devices.
		#[pallet::call_index(2)]
		pub fn remove_participant(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::do_remove_participant(who)
		}

		/// Registers a device that signs with `key`, holding [`Config::DeviceDeposit`] from the
		/// caller, a provider. `possession` is the key's signature of
		/// `msec_primitives::key_possession_payload(genesis hash, caller)`.
		///
		/// ## Errors
		/// - [`Error::NotProvider`], [`Error::BadKeyProof`], [`Error::KeyInUse`],
		///   [`Error::TooManyDevices`], [`Error::Overflow`]; a funds error when the deposit
		///   cannot be held.
		#[pallet::call_index(3)]
		pub fn register_device(
			origin: OriginFor<T>,
			key: T::DeviceKey,
			kind: DeviceKind,
			firmware: H256,
			possession: T::DeviceSignature,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::ensure_possession(&owner, &key, &possession)?;
			Self::do_register_device(owner, key, kind, firmware).map(|_| ())
		}

		/// The owner replaces the key `device` signs with (a compromised or expiring key), also
		/// in quarantine. `possession` is the new key's signature of
		/// `msec_primitives::key_possession_payload(genesis hash, caller)`.
		///
		/// ## Errors
		/// - [`Error::NotFound`], [`Error::NotOwner`], [`Error::DeviceRevoked`],
		///   [`Error::BadKeyProof`], [`Error::KeyInUse`].
		#[pallet::call_index(4)]
		pub fn rotate_device_key(
			origin: OriginFor<T>,
			device: DeviceId,
			new_key: T::DeviceKey,
			possession: T::DeviceSignature,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::ensure_possession(&owner, &new_key, &possession)?;
			Self::do_rotate_device_key(owner, device, new_key)
		}

		/// The owner removes `device` and gets its deposit back; other pallets drop what they
		/// keep about it ([`Config::OnDeviceRemoved`]).
		///
		/// ## Errors
		/// - [`Error::NotFound`], [`Error::NotOwner`], [`Error::DeviceQuarantined`],
		///   [`Error::HasSubject`].
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::deregister_device().saturating_add(T::OnDeviceRemoved::weight())
		)]
		pub fn deregister_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_deregister_device(owner, device)
		}

		/// The owner withdraws `device` for good; it stays registered (and its deposit held)
		/// until deregistered, so that its past reports keep an owner. A quarantined device is
		/// security's to restore first.
		///
		/// ## Errors
		/// - [`Error::NotFound`], [`Error::NotOwner`], [`Error::DeviceRevoked`],
		///   [`Error::DeviceQuarantined`].
		#[pallet::call_index(6)]
		pub fn revoke_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_revoke_device(owner, device)
		}

		/// Security quarantines an active `device`; `reason` is the hash of the evidence.
		///
		/// ## Errors
		/// - `BadOrigin`: not the security origin.
		/// - [`Error::NotFound`], [`Error::DeviceNotActive`].
		#[pallet::call_index(7)]
		pub fn quarantine_device(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: H256,
		) -> DispatchResult {
			T::SecurityOrigin::ensure_origin(origin)?;
			Self::do_quarantine_device(device, reason)
		}

		/// Security returns a quarantined `device` to service.
		///
		/// ## Errors
		/// - `BadOrigin`: not the security origin.
		/// - [`Error::NotFound`], [`Error::DeviceNotQuarantined`].
		#[pallet::call_index(8)]
		pub fn restore_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::SecurityOrigin::ensure_origin(origin)?;
			Self::do_restore_device(device)
		}

		/// The registrar records whose personal data `device` produces (`None`: nobody's).
		/// Listings of the device inherit it; its owner cannot remove it.
		///
		/// ## Errors
		/// - `BadOrigin`: not the registrar origin.
		/// - [`Error::NotFound`].
		#[pallet::call_index(9)]
		pub fn set_device_subject(
			origin: OriginFor<T>,
			device: DeviceId,
			subject: Option<T::AccountId>,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::do_set_device_subject(device, subject)
		}

		/// The owner records, with `subject`'s signature of
		/// `msec_primitives::subject_claim_payload(genesis hash, device, owner)`, that `device`
		/// produces `subject`'s personal data. From then on it is sold only with their consent.
		///
		/// ## Errors
		/// - [`Error::NotFound`], [`Error::NotOwner`], [`Error::BadSubjectSignature`],
		///   [`Error::SubjectAlreadySet`]: another subject's already (the registrar decides).
		#[pallet::call_index(10)]
		pub fn record_subject(
			origin: OriginFor<T>,
			device: DeviceId,
			subject: T::AccountId,
			signature: T::SubjectSignature,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_record_subject(owner, device, subject, signature)
		}

		/// The owner names the X25519 public key its device `device` receives its listing's
		/// content key for (`streams_deviceContentKey` answers it wrapped with HPKE for this
		/// key), replacing any earlier one. Not for a revoked device.
		#[pallet::call_index(11)]
		pub fn set_device_encryption_key(
			origin: OriginFor<T>,
			device: DeviceId,
			key: [u8; 32],
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_set_device_encryption_key(owner, device, key)
		}
	}
}
