//! One file per feature; every call's success path and each of its errors.

mod aggregates;
mod attest;
mod corroborate;
mod genesis;
mod quarantine;
mod queries;
mod retention;
mod rulesets;
