//! The numbers several parts of the runtime share, with their unit: the MSEC token, deposits,
//! fees and time. Numbers that tune one concern (limits, retention, windows) live with it in
//! `configs/`.

use crate::{Balance, BlockNumber};

/// The MSEC token.
pub mod currency {
	use super::Balance;

	/// Symbol shown by wallets (chain spec property `tokenSymbol`).
	pub const TOKEN_SYMBOL: &str = "MSEC";
	/// Decimal places of one MSEC (chain spec property `tokenDecimals`).
	pub const TOKEN_DECIMALS: u8 = 12;
	/// One MSEC, in plancks (the indivisible unit): 10^12.
	pub const MSEC: Balance = 1_000_000_000_000;
	/// One thousandth of an MSEC (10^9 plancks).
	pub const MILLI_MSEC: Balance = MSEC / 1_000;
	/// One millionth of an MSEC (10^6 plancks).
	pub const MICRO_MSEC: Balance = MILLI_MSEC / 1_000;

	/// An account holding less than this (0.01 MSEC) is reaped.
	pub const EXISTENTIAL_DEPOSIT: Balance = 10 * MILLI_MSEC;

	/// Deposit for storing `items` entries taking `bytes` bytes in total: 0.1 MSEC per entry
	/// plus 0.001 MSEC (1 MILLI_MSEC) per byte. Used by every pallet that lets an account create
	/// state.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		// `as` from u32 to u128 cannot truncate; `const fn` cannot use `From`.
		(items as Balance)
			.saturating_mul(100 * MILLI_MSEC)
			.saturating_add((bytes as Balance).saturating_mul(MILLI_MSEC))
	}
}

/// Transaction fees.
pub mod fee {
	use super::{currency::MILLI_MSEC, Balance};

	/// Fee of an extrinsic with the base extrinsic weight: 0.001 MSEC.
	pub const BASE_EXTRINSIC_FEE: Balance = MILLI_MSEC;
	/// Fee per byte of an extrinsic's encoded length: 0.000001 MSEC (1 MICRO_MSEC).
	pub const TRANSACTION_BYTE_FEE: Balance = super::currency::MICRO_MSEC;
	/// Operational (council, root) extrinsics get this many times the priority of a normal one
	/// paying the same fee.
	pub const OPERATIONAL_FEE_MULTIPLIER: u8 = 5;
}

/// Block production and time.
pub mod time {
	use super::BlockNumber;

	/// Target block time in milliseconds. Aura slot = block time; cannot change after genesis.
	pub const MILLISECS_PER_BLOCK: u64 = 6_000;
	/// Aura slot duration in milliseconds.
	pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

	/// Blocks per minute (10 at 6 s blocks).
	pub const MINUTES: BlockNumber = 10;
	/// Blocks per hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks per day.
	pub const DAYS: BlockNumber = HOURS * 24;

	/// Maximum number of Aura and GRANDPA authorities (validators).
	pub const MAX_AUTHORITIES: u32 = 32;
}

/// Address format.
pub mod address {
	/// SS58 prefix (chain spec property `ss58Format`). 42 is the generic Substrate prefix,
	/// which every wallet supports; a registered M-Sec prefix would replace it before mainnet.
	pub const SS58_PREFIX: u16 = 42;
}

#[cfg(test)]
mod tests {
	use super::{currency::*, time::*};

	#[test]
	fn minutes_match_block_time() {
		assert_eq!(u64::from(MINUTES) * MILLISECS_PER_BLOCK, 60_000);
	}

	#[test]
	fn deposit_counts_items_and_bytes() {
		assert_eq!(deposit(1, 0), MSEC / 10);
		assert_eq!(deposit(0, 1_000), MSEC);
		assert_eq!(deposit(2, 10), 2 * MSEC / 10 + 10 * MILLI_MSEC);
	}
}
