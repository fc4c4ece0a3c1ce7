#!/usr/bin/env bash
# The two-city network (four validators of --chain local) with zombienet, in one command:
#
#   scripts/zombienet.sh          bring it up, run zombienet/two-cities.zndsl, tear it down
#   scripts/zombienet.sh spawn    bring it up and keep it running (Ctrl-C stops it)
#
# Builds msec-node if needed and installs @zombienet/cli from zombienet/package-lock.json.
set -euo pipefail
source "$(dirname "$0")/common.sh"

mode="${1:-test}"
case "$mode" in
	test | spawn) ;;
	*) echo "usage: scripts/zombienet.sh [test|spawn]" >&2; exit 2 ;;
esac

"$MSEC_ROOT/scripts/setup.sh"
# The same build as dev.sh and test.sh (workspace features), so nothing compiles twice.
msec_log "building msec-node (cargo test --release --locked --workspace --no-run)"
cargo test --release --locked --workspace --no-run

msec_log "installing @zombienet/cli (npm ci in zombienet/)"
(cd zombienet && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

work="$(mktemp -d -t msec-zombienet.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export MSEC_NODE="$CARGO_TARGET_DIR/release/msec-node"
export MSEC_LOCAL_RAW_SPEC="$work/local.raw.json"
export MSEC_NODE_KEYS="$work/node-keys"

# The test node keys 0x00…01 to 0x00…04: the peer ids the local preset authorizes.
mkdir -p "$MSEC_NODE_KEYS"
for n in 1 2 3 4; do printf '%064x' "$n" >"$MSEC_NODE_KEYS/$n"; done
"$MSEC_NODE" build-spec --chain local --raw --disable-default-bootnode \
	>"$MSEC_LOCAL_RAW_SPEC" 2>"$work/build-spec.log" || { cat "$work/build-spec.log" >&2; exit 1; }

cd zombienet
if [[ "$mode" == spawn ]]; then
	msec_log "spawning the two-city network (Ctrl-C stops it)"
	npx zombienet --provider native --logType text spawn two-cities.toml
else
	msec_log "running zombienet/two-cities.zndsl"
	npx zombienet --provider native --logType text test two-cities.zndsl
fi
