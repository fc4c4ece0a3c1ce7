#!/usr/bin/env bash
# Measures the stream relay of a fresh dev node: publish-to-subscribe messages per second and
# latency, for sealed messages of 64 B, 1 KiB and 16 KiB from 8 devices publishing at once, as
# a Markdown table (see docs/performance.md).
#
#   scripts/bench-relay.sh                          10,000 messages per size
#   scripts/bench-relay.sh --messages 400 --sizes 64  arguments go to `msec-bench relay`
#
# The node runs on core 0, publishers and subscriber on core 1 (when the machine has two).
set -euo pipefail
source "$(dirname "$0")/common.sh"

if [[ "${MSEC_SKIP_BUILD:-}" != 1 ]]; then
	"$MSEC_ROOT/scripts/setup.sh"
	msec_log "building msec-node and msec-bench (release)"
	cargo test --release --locked --workspace --no-run
fi

bench_launcher=(env)
if [[ "$(nproc)" -ge 2 ]] && command -v taskset >/dev/null; then
	MSEC_NODE_LAUNCHER=(taskset -c 0)
	bench_launcher=(taskset -c 1)
else
	msec_log "one core only: node and load generator share it"
fi

MSEC_NODE_LOG="$(mktemp -t msec-node-bench-relay.XXXXXX.log)"
trap msec_stop_dev_node EXIT
# 16 KiB messages are 32 KiB of hex in JSON: well within the default request size.
msec_start_dev_node --rpc-max-connections 64
msec_log "msec-node --dev on ws://127.0.0.1:$MSEC_RPC_PORT (log: $MSEC_NODE_LOG)"

if ! "${bench_launcher[@]}" "$CARGO_TARGET_DIR/release/msec-bench" relay \
	--url "ws://127.0.0.1:$MSEC_RPC_PORT" "$@"; then
	echo "--- msec-node log ---" >&2
	tail -n 40 "$MSEC_NODE_LOG" >&2
	exit 1
fi
rm -f "$MSEC_NODE_LOG"
