mod add_validator;
mod genesis;
mod remove_validator;
mod session_rotation;
