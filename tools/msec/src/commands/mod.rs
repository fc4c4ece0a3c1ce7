//! One module per group of commands.

pub mod after_sale;
pub mod anonymized;
pub mod consent;
pub mod device;
pub mod listing;
pub mod purchase;
pub mod stream;
