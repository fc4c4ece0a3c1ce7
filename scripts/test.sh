#!/usr/bin/env bash
# Sets the machine up and runs every test of the workspace: unit tests, runtime tests, the
# end-to-end tests against real msec-node processes (a dev node, the four-validator two-city
# network, the committed chain specs), the pallets' benchmarks as tests, polkadot.js against a
# dev node, small runs of the TPS and relay benchmarks, and the zombienet checks of the two-city network.
#
# Tests build in the release profile, the same one scripts/dev.sh builds the node in, so the
# dependency graph (RocksDB, wasmtime, libp2p, ...) is compiled once for both.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$MSEC_ROOT/scripts/setup.sh"

"$MSEC_ROOT/scripts/check-pallet-deps.sh"

msec_log "running all tests (cargo test --release --workspace)"
cargo test --release --locked --workspace "$@"

# The benchmarks of our pallets, each run once as a test against the pallet's mock (the
# weights themselves come from scripts/bench-weights.sh). Pallets need no Wasm runtime.
msec_log "running the pallets' benchmarks as tests (--features runtime-benchmarks)"
SKIP_WASM_BUILD=1 cargo test --release --locked --features runtime-benchmarks \
	-p pallet-validator-set -p pallet-registry -p pallet-ids -p pallet-consent -p pallet-marketplace -p pallet-two-cities benchmarking

# The runtime with `try-runtime` (the TryRuntime API that runs every pallet's `try_state`
# against live state) compiles: nothing else builds that feature.
msec_log "checking the runtime with --features try-runtime"
SKIP_WASM_BUILD=1 cargo check --release --locked -p msec-runtime --features try-runtime

msec_log "checking polkadot.js against a dev node"
"$MSEC_ROOT/scripts/check-polkadot-js.sh"

# A small run of the TPS tool: every workload's setup and calls succeed on a dev node (the
# figures of a run this small mean nothing; docs/performance.md has the real ones).
msec_log "msec-bench: a small TPS run on a dev node (scripts/bench-tps.sh --count 200)"
MSEC_SKIP_BUILD=1 "$MSEC_ROOT/scripts/bench-tps.sh" --count 200

msec_log "msec-bench relay: a small relay run on a dev node, 16 messages per streams_publishBatch (scripts/bench-relay.sh --messages 400 --batch 16)"
MSEC_SKIP_BUILD=1 "$MSEC_ROOT/scripts/bench-relay.sh" --messages 400 --sizes 64,16384 --batch 16

msec_log "zombienet: the two-city network (zombienet/two-cities.zndsl)"
"$MSEC_ROOT/scripts/zombienet.sh" test
