//! One file per feature; every call's success path and each of its errors.

mod attest;
mod corroborate;
mod rulesets;
