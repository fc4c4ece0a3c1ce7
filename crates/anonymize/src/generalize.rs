//! Generalization: locations to geohash cells, times to the start of their bucket.

use geohash::Coord;

use crate::Error;

/// The finest geohash precision: 12 characters, a few centimetres.
pub const MAX_GEOHASH_PRECISION: usize = 12;

/// How coarse a release is and how many subjects each of its groups must hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
	/// Geohash characters kept: 5 is about 5 km, 6 about 1.2 km, 7 about 150 m.
	pub geohash_precision: usize,
	/// Width of a time bucket in milliseconds (3,600,000 for hours).
	pub time_bucket_ms: u64,
	/// Fewest distinct subjects a (cell, bucket) group may hold; smaller groups are suppressed.
	pub k: usize,
}

impl Policy {
	/// Whether the policy can anonymize at all.
	pub fn validate(&self) -> Result<(), Error> {
		if !(1..=MAX_GEOHASH_PRECISION).contains(&self.geohash_precision) {
			return Err(Error::InvalidPolicy("geohash precision must be 1 to 12"));
		}
		if self.time_bucket_ms == 0 {
			return Err(Error::InvalidPolicy("time buckets must be at least 1 ms wide"));
		}
		if self.k < 2 {
			return Err(Error::InvalidPolicy("k must be at least 2: k = 1 hides no one"));
		}
		Ok(())
	}

	/// The geohash cell of (`latitude`, `longitude`), `None` if either is out of range.
	pub fn cell(&self, latitude: f64, longitude: f64) -> Option<String> {
		geohash::encode(Coord { x: longitude, y: latitude }, self.geohash_precision).ok()
	}

	/// The start of the time bucket `timestamp_ms` falls in (the time itself under a policy
	/// of zero-length buckets, which [`Self::validate`] refuses).
	pub fn bucket(&self, timestamp_ms: u64) -> u64 {
		timestamp_ms - timestamp_ms.checked_rem(self.time_bucket_ms).unwrap_or_default()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const POLICY: Policy = Policy { geohash_precision: 6, time_bucket_ms: 3_600_000, k: 5 };

	/// Santander's town hall and Fujisawa station; the cells were computed with an independent
	/// implementation of the geohash algorithm (a few lines of Python, bisecting longitude and
	/// latitude in turn).
	#[test]
	fn locations_become_cells_of_the_policys_precision() {
		assert_eq!(POLICY.cell(43.4623, -3.8099).as_deref(), Some("eztr32"));
		assert_eq!(POLICY.cell(35.3387, 139.4874).as_deref(), Some("xn71n1"));
		let coarse = Policy { geohash_precision: 3, ..POLICY };
		assert_eq!(coarse.cell(43.4623, -3.8099).as_deref(), Some("ezt"));
	}

	#[test]
	fn out_of_range_coordinates_have_no_cell() {
		assert_eq!(POLICY.cell(91.0, 0.0), None);
		assert_eq!(POLICY.cell(0.0, -180.5), None);
		assert_eq!(POLICY.cell(f64::NAN, 0.0), None);
	}

	#[test]
	fn times_become_the_start_of_their_bucket() {
		assert_eq!(POLICY.bucket(7_199_999), 3_600_000);
		assert_eq!(POLICY.bucket(7_200_000), 7_200_000);
		assert_eq!(POLICY.bucket(0), 0);
	}

	#[test]
	fn a_policy_that_hides_nothing_is_refused() {
		let invalid = [
			Policy { geohash_precision: 0, ..POLICY },
			Policy { geohash_precision: 13, ..POLICY },
			Policy { time_bucket_ms: 0, ..POLICY },
			Policy { k: 1, ..POLICY },
		];
		for policy in invalid {
			assert!(matches!(policy.validate(), Err(Error::InvalidPolicy(_))), "{policy:?}");
		}
		assert_eq!(POLICY.validate(), Ok(()));
	}
}
