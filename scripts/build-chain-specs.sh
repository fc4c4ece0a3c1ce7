#!/usr/bin/env bash
# Regenerates chain-specs/santander-fujisawa.json (plain) and .raw.json (raw) from
# chain-specs/santander-fujisawa.keys.json and the current runtime.
#
# Run it after editing the keys file or changing the runtime's genesis, before the network
# launches, and commit the result. Once the network runs its genesis is fixed: never
# regenerate the raw spec of a live network (its genesis hash would change).
#
#   scripts/build-chain-specs.sh            build msec-node, then regenerate
#   MSEC_NODE=path/to/msec-node scripts/build-chain-specs.sh   use that binary
set -euo pipefail
source "$(dirname "$0")/common.sh"

node="${MSEC_NODE:-}"
if [[ -z "$node" ]]; then
	"$MSEC_ROOT/scripts/setup.sh"
	# The same build as dev.sh and test.sh (workspace features), so nothing compiles twice.
	msec_log "building msec-node (cargo test --release --locked --workspace --no-run)"
	cargo test --release --locked --workspace --no-run
	node="$CARGO_TARGET_DIR/release/msec-node"
fi

specs="$MSEC_ROOT/chain-specs"
plain="$specs/santander-fujisawa.json"
raw="$specs/santander-fujisawa.raw.json"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

msec_log "plain spec from the keys file: $plain"
"$node" build-spec --chain santander-fujisawa-from-keys --disable-default-bootnode \
	>"$scratch/plain.json" 2>"$scratch/log" || { cat "$scratch/log" >&2; exit 1; }

msec_log "raw spec: $raw"
"$node" build-spec --chain "$scratch/plain.json" --raw --disable-default-bootnode \
	>"$scratch/raw.json" 2>"$scratch/log" || { cat "$scratch/log" >&2; exit 1; }

mv "$scratch/plain.json" "$plain"
mv "$scratch/raw.json" "$raw"
msec_log "done; rebuild msec-node so that --chain santander-fujisawa embeds the new raw spec"
