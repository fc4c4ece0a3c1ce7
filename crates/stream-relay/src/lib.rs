//! The stream relay in `msec-node`: the broker of M-Sec's end-to-end encrypted pub/sub.
//!
//! A provider's device seals each sensor reading with the listing's content key
//! (`msec-stream-crypto`), signs it and publishes it to a node over JSON-RPC. The relay
//! checks, against the chain at its best block, that the listing is an open stream, that the
//! message comes from the active device the listing names and carries that device's
//! signature, and that its sequence number is new; it then appends the ciphertext to the
//! listing's log in the node's database and pushes it to subscribers. It never holds a
//! content key: buyers get those wrapped on chain, and only they can open what it relays. It
//! keeps each message's device signature and a hash chain along each log, so that readers can
//! tell a message the device did not sign, and one dropped, repeated or moved.
//!
//! - [`Relay`]: checks, logs and announces publications.
//! - [`MessageLog`]: the per-listing logs in off-chain storage, with retention.
//! - [`ChainView`]: what the relay asks the chain; the node answers from runtime APIs.
//! - [`rpc`]: `streams_publish`, `streams_publishBatch`, `streams_fetch`, `streams_head`,
//!   `streams_subscribe`, taking turns between connections.
//! - [`audit`]: what a reader checks on what a relay serves (device signatures, sequence
//!   gaps, repeats and reordering, the log's hash chain).

mod admission;
pub mod audit;
mod chain;
mod error;
mod relay;
pub mod rpc;
mod signatures;
mod store;
pub mod wire;

pub use chain::{ChainView, DeviceRecord, StreamSource};
pub use admission::{tokio_spawner, Spawner, MAX_WAITING_PER_CONNECTION};
pub use error::PublishError;
pub use relay::{Relay, RelayConfig, MAX_PAGE};
pub use store::{ErasedLog, LogHead, LoggedMessage, MessageLog, MAX_FIRST_SEQUENCE, MAX_SEQUENCE_JUMP};
