#!/usr/bin/env bash
# Sets the machine up, builds msec-node in release and runs a one-validator development chain
# (Alice) with a temporary database. Extra arguments go to msec-node.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$MSEC_ROOT/scripts/setup.sh"

msec_log "building msec-node (release; the first build takes about 30 minutes on 2 cores)"
# Built exactly as scripts/test.sh builds it (tests included): dev-dependencies change which
# features shared crates get, and a plain `cargo build -p msec-node` would recompile much of
# the graph a second time.
cargo test --release --locked --workspace --no-run

rpc_port="${MSEC_RPC_PORT:-9944}"
msec_log "starting the development chain"
msec_log "JSON-RPC: ws://127.0.0.1:$rpc_port (polkadot.js: https://polkadot.js.org/apps/?rpc=ws://127.0.0.1:$rpc_port)"
exec "$CARGO_TARGET_DIR/release/msec-node" --dev --tmp --rpc-port "$rpc_port" "$@"
