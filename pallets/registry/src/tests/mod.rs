//! One file per feature; every call's success path and each of its errors.

mod devices;
mod encryption_keys;
mod key_possession;
mod subjects;
mod genesis;
mod inspect;
mod participants;
mod status;
