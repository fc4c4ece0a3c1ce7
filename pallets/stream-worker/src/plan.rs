//! What the worker decides, apart from where the facts come from: who gets which content key,
//! when the key rotates, and which epochs are ready for a delivery proof. Block numbers are
//! `u32` here, as in the relay's log.

use alloc::vec::Vec;
use msec_stream_crypto::{KeyEpoch, PurchaseId};

/// A purchase as the key plan sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyHolder {
	/// The purchase.
	pub purchase: PurchaseId,
	/// Whether its buyer may read what is published now: open, not suspended, consent and
	/// source device still good, subscription not over.
	pub entitled: bool,
	/// The key epoch of the content key delivered to it on chain, if any.
	pub holds: Option<KeyEpoch>,
}

/// What to do with a listing's content key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPlan {
	/// The key epoch to publish under from now on.
	pub epoch: KeyEpoch,
	/// Whether that is a new key (rekey) replacing the current one.
	pub rotate: bool,
	/// The purchases to deliver the key of `epoch` to.
	pub deliver_to: Vec<PurchaseId>,
}

/// The plan for a listing whose current key is of epoch `current`, which this node already
/// sent to the purchases in `sent` (their deliveries may not have landed yet). A stream rotates
/// its key as soon as anyone who holds the current key, or may soon, is no longer entitled, and
/// when it turned anonymized under a key raw readings may be sealed under (`raw_key`): nobody
/// who buys the anonymized stream may open those. A dataset never rotates, as its data is
/// sealed under one key.
pub fn plan_keys(
	current: KeyEpoch,
	is_stream: bool,
	raw_key: bool,
	holders: &[KeyHolder],
	sent: &[PurchaseId],
) -> KeyPlan {
	let revoked = holders.iter().any(|holder| {
		!holder.entitled && (holder.holds == Some(current) || sent.contains(&holder.purchase))
	});
	let rotate = is_stream && (revoked || raw_key);
	let epoch = if rotate { current.saturating_add(1) } else { current };
	let deliver_to = holders
		.iter()
		.filter(|holder| holder.entitled && holder.holds != Some(epoch))
		.map(|holder| holder.purchase)
		.collect();
	KeyPlan { epoch, rotate, deliver_to }
}

/// The key epoch of a listing's first key on this node: 0, or above every epoch delivered or
/// recorded on chain (`on_chain`, the listing's current key epoch), so that after a node lost
/// its off-chain storage everyone entitled gets the new key and no epoch ever names two keys.
pub fn first_epoch(holders: &[KeyHolder], on_chain: Option<KeyEpoch>) -> KeyEpoch {
	holders
		.iter()
		.filter_map(|holder| holder.holds)
		.chain(on_chain)
		.max()
		.map_or(0, |newest| newest.saturating_add(1))
}

/// The blocks of one epoch of a purchase: `from..until`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochWindow {
	/// The epoch.
	pub epoch: u32,
	/// Its first block.
	pub from: u32,
	/// The first block after it.
	pub until: u32,
}

/// A purchase's schedule as the confirmation plan sees it, with the chain's timings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
	/// The first block of epoch 0.
	pub start: u32,
	/// Blocks per epoch.
	pub epoch_length: u32,
	/// Epochs bought.
	pub epochs: u32,
	/// Blocks after an epoch ends before the chain takes its confirmation.
	pub confirmation_delay: u32,
	/// Blocks after that in which the chain takes it.
	pub confirmation_period: u32,
	/// A stream (epochs confirmed once ended), or a dataset (confirmed from the purchase on).
	pub is_stream: bool,
}

impl Schedule {
	fn window(&self, epoch: u32) -> EpochWindow {
		let from = self.start.saturating_add(self.epoch_length.saturating_mul(epoch));
		EpochWindow { epoch, from, until: from.saturating_add(self.epoch_length) }
	}

	/// Whether the chain takes `window`'s confirmation when a transaction sent at block `now`
	/// lands, in a later block.
	fn confirmable(&self, window: &EpochWindow, now: u32) -> bool {
		let opens = if self.is_stream {
			window.until.saturating_add(self.confirmation_delay)
		} else {
			self.start
		};
		let closes = window
			.until
			.saturating_add(self.confirmation_delay)
			.saturating_add(self.confirmation_period);
		opens <= now && now < closes
	}
}

/// The epochs of `schedule` whose confirmation the chain takes when sent at block `now`, that
/// are not in `confirmed` and began before `cutoff` (a dispute's block), oldest first. An epoch
/// whose deadline passed is refunded: it is never sent.
pub fn epochs_to_confirm(
	schedule: Schedule,
	confirmed: &[u32],
	now: u32,
	cutoff: u32,
) -> Vec<EpochWindow> {
	(0..schedule.epochs)
		.filter(|epoch| !confirmed.contains(epoch))
		.map(|epoch| schedule.window(epoch))
		.filter(|window| window.from < cutoff && schedule.confirmable(window, now))
		.collect()
}

/// Up to `max` calls from `queues` (one per provider), taken in turn, each queue's in order:
/// a provider with a long backlog leaves the others their share of the worker's batch.
pub fn in_turn<C>(queues: Vec<Vec<C>>, max: usize) -> Vec<C> {
	let mut queues: Vec<_> = queues.into_iter().map(Vec::into_iter).collect();
	let mut taken = Vec::new();
	while taken.len() < max {
		let before = taken.len();
		for queue in &mut queues {
			if taken.len() == max {
				break;
			}
			taken.extend(queue.next());
		}
		if taken.len() == before {
			break;
		}
	}
	taken
}

#[cfg(test)]
mod tests {
	use super::*;

	fn holder(purchase: PurchaseId, entitled: bool, holds: Option<KeyEpoch>) -> KeyHolder {
		KeyHolder { purchase, entitled, holds }
	}

	#[test]
	fn new_buyers_get_the_current_key() {
		let holders = [holder(1, true, Some(2)), holder(2, true, None), holder(3, true, Some(1))];
		let plan = plan_keys(2, true, false, &holders, &[]);
		assert_eq!(plan, KeyPlan { epoch: 2, rotate: false, deliver_to: vec![2, 3] });
	}

	#[test]
	fn a_removed_holder_rotates_a_stream_key_for_those_who_remain() {
		let holders = [holder(1, true, Some(2)), holder(2, false, Some(2)), holder(3, true, None)];
		let plan = plan_keys(2, true, false, &holders, &[]);
		assert_eq!(plan, KeyPlan { epoch: 3, rotate: true, deliver_to: vec![1, 3] });
	}

	#[test]
	fn a_removed_buyer_whose_key_delivery_is_still_on_its_way_rotates_the_key() {
		// Purchase 2 was sent the key of epoch 2 in a batch that has not landed: on chain it
		// holds epoch 1 only, and then its buyer is removed.
		let holders = [holder(1, true, Some(2)), holder(2, false, Some(1))];
		let plan = plan_keys(2, true, false, &holders, &[1, 2]);
		assert_eq!(plan, KeyPlan { epoch: 3, rotate: true, deliver_to: vec![1] });
		let landed = plan_keys(3, true, false, &holders, &[]);
		assert_eq!(landed, KeyPlan { epoch: 3, rotate: false, deliver_to: vec![1] });
	}

	#[test]
	fn a_buyer_removed_before_the_current_key_causes_no_rotation() {
		let holders = [holder(1, true, Some(3)), holder(2, false, Some(2)), holder(3, false, None)];
		let plan = plan_keys(3, true, false, &holders, &[]);
		assert_eq!(plan, KeyPlan { epoch: 3, rotate: false, deliver_to: vec![] });
	}

	#[test]
	fn a_buyer_of_a_stream_turned_anonymized_never_gets_the_key_raw_readings_were_sealed_under() {
		// Everyone is still entitled, but epoch 2 may have sealed raw readings: a new key for
		// all, the raw-era buyers included (they keep what they had).
		let holders = [holder(1, true, Some(2)), holder(2, true, None)];
		let plan = plan_keys(2, true, true, &holders, &[]);
		assert_eq!(plan, KeyPlan { epoch: 3, rotate: true, deliver_to: vec![1, 2] });
	}

	#[test]
	fn a_dataset_key_never_rotates() {
		let holders = [holder(1, false, Some(0)), holder(2, true, None)];
		let plan = plan_keys(0, false, false, &holders, &[]);
		assert_eq!(plan, KeyPlan { epoch: 0, rotate: false, deliver_to: vec![2] });
	}

	#[test]
	fn a_lost_key_is_replaced_by_a_new_epoch_for_everyone() {
		assert_eq!(first_epoch(&[], None), 0);
		assert_eq!(first_epoch(&[holder(1, true, None)], None), 0);
		assert_eq!(first_epoch(&[], Some(9)), 10, "above the chain's current epoch too");
		let holders = [holder(1, true, Some(4)), holder(2, false, Some(6)), holder(3, true, None)];
		assert_eq!(first_epoch(&holders, Some(2)), 7);
		let plan = plan_keys(7, true, false, &holders, &[]);
		assert_eq!(plan, KeyPlan { epoch: 7, rotate: false, deliver_to: vec![1, 3] });
	}

	fn stream() -> Schedule {
		Schedule {
			start: 10,
			epoch_length: 5,
			epochs: 4,
			confirmation_delay: 1,
			confirmation_period: 20,
			is_stream: true,
		}
	}

	#[test]
	fn only_ended_unconfirmed_epochs_are_confirmed_after_the_delay() {
		let schedule = stream();
		let epochs = |confirmed: &[u32], now| -> Vec<u32> {
			epochs_to_confirm(schedule, confirmed, now, u32::MAX).iter().map(|w| w.epoch).collect()
		};
		assert_eq!(epochs(&[], 15), Vec::<u32>::new(), "epoch 0 ended, the delay not yet");
		assert_eq!(epochs(&[], 16), [0]);
		assert_eq!(epochs(&[0], 25), [1]);
		assert_eq!(epochs(&[1], 35), [0, 2, 3]);
		assert_eq!(
			epochs_to_confirm(schedule, &[0, 1, 2], 31, u32::MAX),
			[EpochWindow { epoch: 3, from: 25, until: 30 }]
		);
	}

	#[test]
	fn a_disputed_purchase_confirms_only_epochs_begun_before_the_dispute() {
		let epochs: Vec<u32> =
			epochs_to_confirm(stream(), &[], 35, 20).iter().map(|w| w.epoch).collect();
		assert_eq!(epochs, [0, 1], "epochs 2 and 3 began at 20 and 25");
	}

	#[test]
	fn an_epoch_past_its_deadline_is_never_sent() {
		let schedule = stream();
		// Epoch 0 ends at 15: the chain takes its confirmation from 16 to 36, so the worker sends
		// it by 35, as it lands a block later.
		let sends = |now| epochs_to_confirm(schedule, &[], now, u32::MAX).iter().any(|w| w.epoch == 0);
		assert!(sends(35));
		assert!(!sends(36));
	}

	#[test]
	fn a_dataset_is_confirmed_from_its_purchase() {
		let dataset = Schedule { epochs: 1, epoch_length: 100, is_stream: false, ..stream() };
		assert_eq!(epochs_to_confirm(dataset, &[], 10, u32::MAX).len(), 1);
		assert_eq!(epochs_to_confirm(dataset, &[], 130, u32::MAX).len(), 1, "its deadline is 131");
		assert!(epochs_to_confirm(dataset, &[], 131, u32::MAX).is_empty());
	}

	#[test]
	fn a_providers_backlog_does_not_starve_another_served_by_the_same_worker() {
		let backlog: Vec<u32> = (100..200).collect();
		let taken = in_turn(vec![backlog, vec![1, 2], vec![7]], 6);
		assert_eq!(taken, vec![100, 1, 7, 101, 2, 102]);
		assert_eq!(in_turn(vec![vec![1, 2], Vec::new()], 32), vec![1, 2], "all when they fit");
	}
}
