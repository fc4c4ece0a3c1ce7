//! Pallet configurations, one file per concern.

mod accounts;
mod consensus;
pub mod governance;
mod monetary;
pub mod network;
mod system;

pub use monetary::WeightToFee;
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
