//! Pallet configurations, one file per concern.

mod accounts;
mod consent;
mod consensus;
pub mod governance;
mod ids;
mod marketplace;
mod monetary;
pub mod network;
pub mod registry;
mod system;

pub use monetary::WeightToFee;
pub use consent::ConsentDeposit;
pub use registry::DeviceDeposit;
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
