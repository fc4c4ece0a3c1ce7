#!/usr/bin/env bash
# Runs the msec command line (tools/msec) against a node, building it first if the sources
# changed: scripts/msec.sh --help. Builds as scripts/dev.sh does, so both share every compiled
# crate.
set -euo pipefail
source "$(dirname "$0")/common.sh"

msec_log "building msec (a no-op when nothing changed)"
cargo test --release --locked --workspace --no-run --quiet
exec "$CARGO_TARGET_DIR/release/msec" "$@"
