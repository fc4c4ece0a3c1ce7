//! The MSEC token (Balances) and transaction fees.

use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, VariantCountOf},
	weights::{
		ConstantMultiplier, WeightToFeeCoefficient, WeightToFeeCoefficients, WeightToFeePolynomial,
	},
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::{traits::One, Perbill};

use crate::{
	constants::{
		currency::EXISTENTIAL_DEPOSIT,
		fee::{BASE_EXTRINSIC_FEE, OPERATIONAL_FEE_MULTIPLIER, TRANSACTION_BYTE_FEE},
	},
	weights::ExtrinsicBaseWeight,
	Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, System,
};

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	/// Dust of reaped accounts is burned.
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	/// Only `pallet_multisig` still reserves; our pallets use holds.
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

/// Maps weight to fee linearly so that an extrinsic of the base weight costs
/// [`BASE_EXTRINSIC_FEE`].
pub struct WeightToFee;

impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;

	fn polynomial() -> WeightToFeeCoefficients<Self::Balance> {
		let base_fee = BASE_EXTRINSIC_FEE;
		let base_weight = Balance::from(ExtrinsicBaseWeight::get().ref_time());
		// base_weight is several hundred thousand, so the quotient loses nothing that matters
		// and the remainder goes into the fractional part.
		let coeff_integer = base_fee.checked_div(base_weight).unwrap_or_default();
		let remainder = base_fee.checked_rem(base_weight).unwrap_or_default();
		let coeff_frac = Perbill::from_rational(remainder, base_weight);
		smallvec::smallvec![WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_frac,
			coeff_integer,
		}]
	}
}

parameter_types! {
	/// Fees do not rise with congestion: a permissioned chain's load is known.
	pub FeeMultiplier: Multiplier = Multiplier::one();
	/// Fee per byte of extrinsic length.
	pub const TransactionByteFee: Balance = TRANSACTION_BYTE_FEE;
	/// See [`OPERATIONAL_FEE_MULTIPLIER`].
	pub const OperationalFeeMultiplier: u8 = OPERATIONAL_FEE_MULTIPLIER;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees are burned: no treasury yet, and block authors are the cities themselves.
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type OperationalFeeMultiplier = OperationalFeeMultiplier;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::weights::WeightToFee as _;

	#[test]
	fn base_extrinsic_costs_the_base_fee() {
		let fee = WeightToFee::weight_to_fee(&ExtrinsicBaseWeight::get());
		// The fractional coefficient rounds; allow one planck per million.
		assert!(fee.abs_diff(BASE_EXTRINSIC_FEE) <= BASE_EXTRINSIC_FEE / 1_000_000, "fee {fee}");
	}

	#[test]
	fn fee_grows_with_weight() {
		let base = ExtrinsicBaseWeight::get();
		assert!(
			WeightToFee::weight_to_fee(&base.saturating_mul(10))
				> WeightToFee::weight_to_fee(&base)
		);
	}
}
