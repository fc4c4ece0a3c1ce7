//! When each step of a purchase may happen, in one place:
//!
//! ```text
//! start          epoch e ends        +confirmation_delay        +confirmation_period
//!   |---- e ----|----- wait -----|==== confirm e ====|
//!                                     last epoch's deadline = delivery deadline
//!                                     |=== keys, confirmations end ===|--- dispute_window ---| settle
//! ```
//!
//! - A stream's epoch is confirmed only after it ended plus `confirmation_delay` (the relay's
//!   log is complete and the blocks final), and no later than `confirmation_period` after
//!   that: a provider cannot lock in payment at an epoch's start, nor wait until the buyer
//!   can no longer dispute.
//! - A dataset exists before it is sold: it is confirmed from the purchase on, by the same
//!   deadline (its one epoch lasts `DatasetDeliveryPeriod`).
//! - Keys and confirmations stop at the delivery deadline, the last epoch's confirmation
//!   deadline. The dispute window runs from there, so the buyer always has the whole window
//!   after the last confirmation.
//! - A dispute gives the arbiter `arbitration_period` blocks; then anyone settles by the
//!   default outcome.

use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Saturating;

use crate::*;

impl<T: Config> Pallet<T> {
	/// The first block of `epoch` (of the epoch after the last, for `purchase.epochs`).
	pub fn epoch_start(purchase: &Purchase<T>, epoch: u32) -> BlockNumberFor<T> {
		purchase
			.start
			.saturating_add(purchase.epoch_length.saturating_mul(BlockNumberFor::<T>::from(epoch)))
	}

	/// The first block at which `epoch`'s delivery may be confirmed.
	pub fn confirmable_from(purchase: &Purchase<T>, epoch: u32, is_stream: bool) -> BlockNumberFor<T> {
		if is_stream {
			Self::epoch_start(purchase, epoch.saturating_add(1))
				.saturating_add(Self::timings().confirmation_delay)
		} else {
			purchase.start
		}
	}

	/// The last block at which `epoch`'s delivery may be confirmed.
	pub fn confirmable_until(purchase: &Purchase<T>, epoch: u32) -> BlockNumberFor<T> {
		let timings = Self::timings();
		Self::epoch_start(purchase, epoch.saturating_add(1))
			.saturating_add(timings.confirmation_delay)
			.saturating_add(timings.confirmation_period)
	}

	/// The last block at which keys are delivered and epochs confirmed: the last epoch's
	/// confirmation deadline.
	pub fn delivery_deadline(purchase: &Purchase<T>) -> BlockNumberFor<T> {
		Self::confirmable_until(purchase, purchase.epochs.saturating_sub(1))
	}

	/// The last block at which the buyer may dispute; settlement opens after it.
	pub fn dispute_deadline(purchase: &Purchase<T>) -> BlockNumberFor<T> {
		Self::delivery_deadline(purchase).saturating_add(Self::timings().dispute_window)
	}

	/// The last block at which the arbiter decides a dispute of `purchase` raised at
	/// `disputed_at`: its period runs from the dispute, or from the delivery deadline if later,
	/// once every epoch under way at the dispute could be confirmed.
	pub fn arbitration_deadline(
		purchase: &Purchase<T>,
		disputed_at: BlockNumberFor<T>,
	) -> BlockNumberFor<T> {
		disputed_at
			.max(Self::delivery_deadline(purchase))
			.saturating_add(Self::timings().arbitration_period)
	}

	/// The last block a settled record is kept for its buyer, settled at `settled_at`.
	pub fn retained_until(settled_at: BlockNumberFor<T>) -> BlockNumberFor<T> {
		settled_at.saturating_add(Self::timings().record_retention)
	}
}
