//! `metadata/msec.scale`, which subxt generates the CLI's calls and types from, is the
//! runtime's own metadata. After a runtime change this test fails; refresh the file with
//! `MSEC_UPDATE_METADATA=1 cargo test -p msec-cli --test metadata`.

use std::path::Path;

/// The metadata version subxt reads.
const METADATA_VERSION: u32 = 16;

#[test]
fn the_cli_is_built_from_the_runtimes_metadata() {
	let current = msec_runtime::Runtime::metadata_at_version(METADATA_VERSION)
		.expect("the runtime serves metadata v16")
		.to_vec();
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("metadata/msec.scale");
	if std::env::var_os("MSEC_UPDATE_METADATA").is_some() {
		std::fs::write(&path, &current).expect("writes the metadata file");
	}
	let stored = std::fs::read(&path).expect("metadata/msec.scale exists");
	assert!(
		stored == current,
		"metadata/msec.scale is stale: run MSEC_UPDATE_METADATA=1 cargo test -p msec-cli --test metadata"
	);
}
