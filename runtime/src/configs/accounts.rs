//! Account tools: batches (Utility), shared accounts (Multisig) and Sudo on dev chains.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	constants::currency::deposit, Balance, Balances, OriginCaller, Runtime, RuntimeCall,
	RuntimeEvent, System,
};

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = crate::weights::pallet_utility::WeightInfo<Runtime>;
}

parameter_types! {
	/// Held for a pending multisig operation: one storage item of 88 bytes (as Polkadot).
	pub const DepositBase: Balance = deposit(1, 88);
	/// Held per signatory of a pending multisig operation: 32 bytes of account id.
	pub const DepositFactor: Balance = deposit(0, 32);
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = DepositBase;
	type DepositFactor = DepositFactor;
	type MaxSignatories = ConstU32<16>;
	type WeightInfo = crate::weights::pallet_multisig::WeightInfo<Runtime>;
	type BlockNumberProvider = System;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = crate::weights::pallet_sudo::WeightInfo<Runtime>;
}
