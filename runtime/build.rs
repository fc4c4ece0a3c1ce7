//! Builds the runtime's Wasm blob (and, with `metadata-hash`, embeds the metadata hash), and a
//! second blob of the same code with the next `spec_version` (feature `next-spec-version`):
//! the build the two-city network upgrades to in `node/tests/two_city_network.rs`. Only the
//! runtime crate itself compiles twice; its dependencies are shared.

#[cfg(feature = "std")]
fn build_next_spec_version() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_feature("next-spec-version")
		.set_file_name("wasm_binary_next_spec_version.rs")
		.build();
}

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("MSEC", 12)
		.build();
	build_next_spec_version();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
	build_next_spec_version();
}

/// The Wasm build only runs when compiling the runtime natively (`std`).
#[cfg(not(feature = "std"))]
fn main() {}
