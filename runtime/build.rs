//! Builds the runtime's Wasm blob (and, with `metadata-hash`, embeds the metadata hash).

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("MSEC", 12)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

/// The Wasm build only runs when compiling the runtime natively (`std`).
#[cfg(not(feature = "std"))]
fn main() {}
