#!/usr/bin/env bash
# Measures every weight the runtime uses and writes it to runtime/src/weights/:
#   <pallet>.rs                        `benchmark pallet`, one file per pallet, ours and FRAME's
#   block_weights.rs, extrinsic_weights.rs   `benchmark overhead` (empty block, base extrinsic)
#   rocksdb_weights.rs                 `benchmark storage` (one read, one write of RocksDB)
#
#   scripts/bench-weights.sh                         all of the above
#   scripts/bench-weights.sh pallet_marketplace ...  just these pallets
#   scripts/bench-weights.sh base                    just the overhead and storage weights
#
# The storage benchmark measures the database of a dev chain: by default a new one (about 75
# keys), with MSEC_STATE_PATH the one a TPS run left (MSEC_NODE_BASE_PATH=... bench-tps.sh),
# whose tens of thousands of accounts, devices, purchases and consents are what a block reads.
#
# Builds msec-node with `--features runtime-benchmarks` (this overwrites the release binary;
# rebuild without the feature afterwards, as scripts/test.sh does). Run on the reference
# machine, idle: the file headers record the machine and the command.
set -euo pipefail
source "$(dirname "$0")/common.sh"

weights="$MSEC_ROOT/runtime/src/weights"
header="$MSEC_ROOT/scripts/weights-header.txt"
steps="${BENCH_STEPS:-50}"
repeat="${BENCH_REPEAT:-20}"

"$MSEC_ROOT/scripts/setup.sh"
msec_log "building msec-node with runtime benchmarks"
cargo build --release --locked --features runtime-benchmarks -p msec-node
node="$CARGO_TARGET_DIR/release/msec-node"
# The runtime just built with its benchmarks, started from its `development` preset.
runtime="$CARGO_TARGET_DIR/release/wbuild/msec-runtime/msec_runtime.compact.compressed.wasm"

benchmark_pallets() {
	"$node" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--header "$header" \
		--template "$MSEC_ROOT/scripts/weights-template.hbs" \
		"$@"
}

# Every pallet the runtime benchmarks, but `frame_benchmarking`: the baseline of the
# benchmarking machinery itself. One run per pallet, so that a failing benchmark costs only its
# own pallet's file.
pallets=("$@")
[[ "${1:-}" != base ]] || pallets=()
if [[ $# -eq 0 ]]; then
	mapfile -t pallets < <(benchmark_pallets --list=pallets --no-csv-header | grep -vx frame_benchmarking)
fi
failed=()
for pallet in "${pallets[@]}"; do
	msec_log "benchmarking $pallet (steps $steps, repeat $repeat)"
	benchmark_pallets --pallet "$pallet" --output "$weights/$pallet.rs" || failed+=("$pallet")
done
[[ ${#failed[@]} -eq 0 ]] || { echo "error: benchmarks failed for: ${failed[*]}" >&2; exit 1; }
# Base and database weights with the full set (or `base` alone): they change every weight.
[[ $# -eq 0 || "$1" == base ]] || exit 0

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

msec_log "benchmarking block and extrinsic overhead"
"$node" benchmark overhead --dev --base-path "$scratch/overhead" \
	--wasm-execution compiled --header "$header" --weight-path "$weights/"

# The 95th percentile leaves out the 5 MB runtime code, which no transaction reads; writes go
# in batches that share a storage root computation, as a block's writes do.
if [[ -n "${MSEC_STATE_PATH:-}" ]]; then
	state=(--base-path "$MSEC_STATE_PATH" --batch-size 1000)
else
	msec_log "warning: MSEC_STATE_PATH unset: measuring a new dev chain's 75 keys, not a real state"
	state=(--base-path "$scratch/storage" --batch-size 10)
fi
msec_log "benchmarking RocksDB reads and writes"
"$node" benchmark storage --dev "${state[@]}" \
	--state-version 1 --metric p95 --header "$header" --weight-path "$weights/"

msec_log "done: review the diff, then rebuild without --features runtime-benchmarks"
