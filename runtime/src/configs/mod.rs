//! Pallet configurations, one file per concern.

mod accounts;
mod consensus;
mod monetary;
mod system;

pub use monetary::WeightToFee;
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
