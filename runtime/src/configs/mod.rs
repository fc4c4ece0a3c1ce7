//! Pallet configurations, one file per concern.

mod accounts;
mod consensus;
mod consent;
pub mod governance;
mod ids;
pub mod marketplace;
mod monetary;
pub mod network;
mod offchain;
pub mod proxy;
pub mod registry;
mod system;

pub use consent::ConsentDeposit;
pub use monetary::WeightToFee;
pub use network::SessionKeyDeposit;
pub use registry::DeviceDeposit;
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
