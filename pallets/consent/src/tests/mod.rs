//! One file per feature; every call's success path and each of its errors.

mod cleanup;
mod grant;
mod guardians;
mod inspect;
mod withdraw_and_erase;
