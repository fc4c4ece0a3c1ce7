//! Command-line spellings of the chain's enums.

use clap::ValueEnum;

use crate::runtime::{DeviceKind, Purpose};

/// A purpose of processing (the DPV purposes M-Sec knows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum PurposeArg {
	/// Academic research.
	AcademicResearch,
	/// Commercial research.
	CommercialResearch,
	/// City planning, mobility, environment.
	PublicBenefit,
	/// Providing a service.
	ServiceProvision,
	/// Improving a service.
	ServiceOptimisation,
	/// Intrusion detection, fraud prevention.
	EnforceSecurity,
	/// Home monitoring of people in care.
	HealthMonitoring,
	/// Marketing.
	Marketing,
}

impl From<PurposeArg> for Purpose {
	fn from(purpose: PurposeArg) -> Self {
		match purpose {
			PurposeArg::AcademicResearch => Purpose::AcademicResearch,
			PurposeArg::CommercialResearch => Purpose::CommercialResearch,
			PurposeArg::PublicBenefit => Purpose::PublicBenefit,
			PurposeArg::ServiceProvision => Purpose::ServiceProvision,
			PurposeArg::ServiceOptimisation => Purpose::ServiceOptimisation,
			PurposeArg::EnforceSecurity => Purpose::EnforceSecurity,
			PurposeArg::HealthMonitoring => Purpose::HealthMonitoring,
			PurposeArg::Marketing => Purpose::Marketing,
		}
	}
}

/// The chain's purposes for `purposes`, sorted and without repeats as the chain wants them.
pub fn purposes(purposes: &[PurposeArg]) -> Vec<Purpose> {
	let mut sorted = purposes.to_vec();
	sorted.sort();
	sorted.dedup();
	sorted.into_iter().map(Purpose::from).collect()
}

/// What a device is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DeviceKindArg {
	/// A sensor: air quality, noise, traffic, a wearable.
	Sensor,
	/// A gateway that relays sensors' data and runs the IDS agent.
	Gateway,
	/// A camera.
	Camera,
}

impl From<DeviceKindArg> for DeviceKind {
	fn from(kind: DeviceKindArg) -> Self {
		match kind {
			DeviceKindArg::Sensor => DeviceKind::Sensor,
			DeviceKindArg::Gateway => DeviceKind::Gateway,
			DeviceKindArg::Camera => DeviceKind::Camera,
		}
	}
}

/// MSEC as the chain counts it: 12 decimals.
pub fn plancks(msec: f64) -> anyhow::Result<u128> {
	const PLANCKS_PER_MSEC: f64 = 1e12;
	anyhow::ensure!(msec.is_finite() && msec > 0.0, "a price is a positive number of MSEC");
	Ok((msec * PLANCKS_PER_MSEC).round() as u128)
}
