//! Pallet configurations, one file per concern.

mod accounts;
mod consent;
mod consensus;
pub mod governance;
mod ids;
mod monetary;
pub mod network;
mod registry;
mod system;

pub use monetary::WeightToFee;
pub use registry::DeviceDeposit;
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
