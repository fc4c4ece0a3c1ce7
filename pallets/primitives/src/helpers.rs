//! Small checks and updates the pallets share.

/// Whether `items` are sorted and without duplicates: each strictly above the one before.
pub fn is_strictly_increasing<T: Ord>(items: &[T]) -> bool {
	items.windows(2).all(|pair| matches!(pair, [a, b] if a < b))
}

/// Takes one from a per-account count kept with `mutate_exists`, removing the entry at zero.
pub fn decrement_count(count: &mut Option<u32>) {
	*count = count.and_then(|count| count.checked_sub(1)).filter(|count| *count > 0);
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn strictly_increasing_refuses_disorder_and_duplicates() {
		assert!(is_strictly_increasing::<u32>(&[]));
		assert!(is_strictly_increasing(&[1, 3, 7]));
		assert!(!is_strictly_increasing(&[3, 1]));
		assert!(!is_strictly_increasing(&[3, 3]));
	}

	#[test]
	fn a_count_of_one_is_removed() {
		let mut count = Some(2);
		decrement_count(&mut count);
		assert_eq!(count, Some(1));
		decrement_count(&mut count);
		assert_eq!(count, None);
		decrement_count(&mut count);
		assert_eq!(count, None);
	}
}
