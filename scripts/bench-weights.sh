#!/usr/bin/env bash
# Measures the weights of the runtime's pallets with `msec-node benchmark pallet` and writes
# them to runtime/src/weights/<pallet>.rs, which the runtime uses.
#
#   scripts/bench-weights.sh                       every pallet listed below
#   scripts/bench-weights.sh pallet_validator_set  just that one
#
# Builds msec-node with `--features runtime-benchmarks` (this overwrites the release binary;
# rebuild without the feature afterwards, as scripts/test.sh does). Run on the reference
# machine, idle: the file headers record the machine and the command.
set -euo pipefail
source "$(dirname "$0")/common.sh"

# Pallets whose weights the runtime takes from runtime/src/weights/.
pallets=("$@")
[[ ${#pallets[@]} -gt 0 ]] || pallets=(pallet_validator_set pallet_node_authorization pallet_registry pallet_ids pallet_consent pallet_marketplace)

"$MSEC_ROOT/scripts/setup.sh"
msec_log "building msec-node with runtime benchmarks"
cargo build --release --locked --features runtime-benchmarks -p msec-node
node="$CARGO_TARGET_DIR/release/msec-node"
# The runtime just built with its benchmarks, started from its `development` preset.
runtime="$CARGO_TARGET_DIR/release/wbuild/msec-runtime/msec_runtime.compact.compressed.wasm"

for pallet in "${pallets[@]}"; do
	output="$MSEC_ROOT/runtime/src/weights/$pallet.rs"
	msec_log "benchmarking $pallet -> ${output#"$MSEC_ROOT"/}"
	"$node" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps 50 \
		--repeat 20 \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--header "$MSEC_ROOT/scripts/weights-header.txt" \
		--output "$output"
done
msec_log "done: review the diff, then rebuild without --features runtime-benchmarks"
