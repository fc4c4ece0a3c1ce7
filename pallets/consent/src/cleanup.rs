//! Retention: withdrawn and expired records stay readable for [`Config::RecordRetention`], then
//! `on_idle` removes them and releases their deposits.

use frame_support::{
	traits::{fungible::MutateHold, tokens::Precision, Get},
	weights::WeightMeter,
};
use msec_primitives::{decrement_count, ConsentId};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Walks the ids from the cursor, removing records past their retention, while `meter`
	/// allows; wraps around at the end, at most once per block.
	pub(crate) fn remove_ended(meter: &mut WeightMeter) {
		if meter.try_consume(T::DbWeight::get().reads_writes(2, 1)).is_err() {
			return;
		}
		let next = NextConsentId::<T>::get();
		let first = CleanupCursor::<T>::get();
		let mut cursor = first;
		let now = Self::now_ms();
		let step = T::WeightInfo::remove_consent();
		let mut visited: u64 = 0;
		while visited < next && meter.try_consume(step).is_ok() {
			if cursor >= next {
				cursor = 0;
			}
			if let Some(record) = Consents::<T>::get(cursor) {
				let removable = record
					.ended_at(now)
					.is_some_and(|ended| ended.saturating_add(T::RecordRetention::get()) <= now);
				if removable {
					Self::remove_record(cursor, record);
				}
			}
			cursor = cursor.saturating_add(1);
			visited = visited.saturating_add(1);
		}
		if cursor != first {
			CleanupCursor::<T>::put(cursor);
		}
	}

	fn remove_record(id: ConsentId, record: ConsentRecord<T>) {
		// Best effort: nothing else touches this hold, so it still holds the deposit.
		let _ = T::Currency::release(
			&HoldReason::ConsentDeposit.into(),
			&record.granted_by,
			record.deposit,
			Precision::BestEffort,
		);
		Consents::<T>::remove(id);
		SubjectConsents::<T>::remove(&record.subject, id);
		ConsentCount::<T>::mutate_exists(&record.subject, decrement_count);
		Self::deposit_event(Event::ConsentRemoved { consent: id });
	}
}
