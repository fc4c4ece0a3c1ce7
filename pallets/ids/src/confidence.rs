//! How far an attestation is to be trusted: by its corroborations, halving with every
//! [`crate::Config::ConfidenceHalfLife`] of age. Computed when read, never stored, so it needs
//! no block to update it.

use sp_runtime::Perbill;

/// The confidence of an attestation with `corroborations` corroborations, of which
/// `full_at` give full support, whose period ended `age_ms` ago; zero when `disputed` (or
/// with no half-life).
///
/// Support is `(1 + corroborations) / (1 + full_at)`, at most one: an uncorroborated report
/// still says something. It halves every `half_life_ms`, linearly between halvings.
pub fn confidence(
	disputed: bool,
	corroborations: u32,
	full_at: u32,
	age_ms: u64,
	half_life_ms: u64,
) -> Perbill {
	let (Some(halvings), Some(into_step)) =
		(age_ms.checked_div(half_life_ms), age_ms.checked_rem(half_life_ms))
	else {
		return Perbill::zero();
	};
	if disputed {
		return Perbill::zero();
	}
	let support = Perbill::from_rational(
		corroborations.min(full_at).saturating_add(1),
		full_at.saturating_add(1),
	);
	if halvings >= 32 {
		return Perbill::zero();
	}
	let upper = u128::from(support.deconstruct()) >> halvings;
	let lower = upper >> 1;
	let fallen = upper
		.saturating_sub(lower)
		.saturating_mul(u128::from(into_step))
		.checked_div(u128::from(half_life_ms))
		.unwrap_or_default();
	let decayed = upper.saturating_sub(fallen);
	Perbill::from_parts(u32::try_from(decayed).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
	use super::*;

	const DAY: u64 = 86_400_000;

	#[test]
	fn full_support_needs_the_corroborations() {
		assert_eq!(confidence(false, 0, 2, 0, DAY), Perbill::from_rational(1u32, 3));
		assert_eq!(confidence(false, 1, 2, 0, DAY), Perbill::from_rational(2u32, 3));
		assert_eq!(confidence(false, 2, 2, 0, DAY), Perbill::one());
		assert_eq!(confidence(false, 5, 2, 0, DAY), Perbill::one());
		assert_eq!(confidence(false, 0, 0, 0, DAY), Perbill::one());
	}

	#[test]
	fn it_halves_every_half_life_and_falls_linearly_between() {
		assert_eq!(confidence(false, 2, 2, DAY, DAY), Perbill::from_percent(50));
		assert_eq!(confidence(false, 2, 2, 2 * DAY, DAY), Perbill::from_percent(25));
		assert_eq!(confidence(false, 2, 2, DAY / 2, DAY), Perbill::from_percent(75));
		assert_eq!(confidence(false, 2, 2, 40 * DAY, DAY), Perbill::zero());
	}

	#[test]
	fn a_disputed_attestation_has_none() {
		assert_eq!(confidence(true, 2, 2, 0, DAY), Perbill::zero());
	}
}
