#!/usr/bin/env bash
# Sets the machine up and runs every test of the workspace: unit tests, runtime tests and the
# end-to-end test against a real msec-node.
#
# Tests build in the release profile, the same one scripts/dev.sh builds the node in, so the
# dependency graph (RocksDB, wasmtime, libp2p, ...) is compiled once for both.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$MSEC_ROOT/scripts/setup.sh"

"$MSEC_ROOT/scripts/check-pallet-deps.sh"

msec_log "running all tests (cargo test --release --workspace)"
cargo test --release --locked --workspace "$@"

msec_log "checking polkadot.js against a dev node"
"$MSEC_ROOT/scripts/check-polkadot-js.sh"
