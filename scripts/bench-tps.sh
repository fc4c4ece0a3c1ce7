#!/usr/bin/env bash
# Measures included transactions per second on a fresh dev node, in one run, for
# Balances.transfer_keep_alive, Marketplace.purchase, Ids.attest_alerts and Consent.grant:
# p50/p99 time to inclusion and to finality, block fullness, and each rate as a ratio to the
# transfer rate. Prints a Markdown table (see docs/performance.md).
#
#   scripts/bench-tps.sh                 16,000 transactions per workload
#   scripts/bench-tps.sh --count 2000    arguments go to msec-bench (--help lists them)
#   MSEC_NODE_BASE_PATH=/tmp/msec-state scripts/bench-tps.sh
#                                        keep the chain's database (for `bench-weights.sh base`)
#
# The node runs on core 0 and the load generator on core 1 (when the machine has two cores),
# so that signing and submitting do not take the node's time.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if [[ "${MSEC_SKIP_BUILD:-}" != 1 ]]; then
	"$MSEC_ROOT/scripts/setup.sh"
	msec_log "building msec-node and msec-bench (release)"
	# As scripts/test.sh builds them, so that the two share every compiled crate.
	cargo test --release --locked --workspace --no-run
fi

bench_launcher=(env)
if [[ "$(nproc)" -ge 2 ]] && command -v taskset >/dev/null; then
	MSEC_NODE_LAUNCHER=(taskset -c 0)
	bench_launcher=(taskset -c 1)
else
	msec_log "one core only: node and load generator share it"
fi

MSEC_NODE_LOG="$(mktemp -t msec-node-bench-tps.XXXXXX.log)"
trap msec_stop_dev_node EXIT
# Room in the pool for every workload's transactions at once.
msec_start_dev_node --pool-limit 100000 --pool-kbytes 204800 --rpc-max-connections 16 \
	--rpc-max-request-size 64 --rpc-max-response-size 256
msec_log "msec-node --dev on ws://127.0.0.1:$MSEC_RPC_PORT (log: $MSEC_NODE_LOG)"

if ! "${bench_launcher[@]}" "$CARGO_TARGET_DIR/release/msec-bench" \
	--url "ws://127.0.0.1:$MSEC_RPC_PORT" "$@"; then
	echo "--- msec-node log ---" >&2
	tail -n 40 "$MSEC_NODE_LOG" >&2
	exit 1
fi
rm -f "$MSEC_NODE_LOG"
