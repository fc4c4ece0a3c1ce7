//! One file per feature; every call's success path and each of its errors.

mod anonymization;
mod delivery;
mod keys;
mod listings;
mod purchase;
mod settlement;
