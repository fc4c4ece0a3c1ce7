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

# Room in the pool for every workload's transactions at once.
msec_bench_on_dev_node bench-tps --pool-limit 100000 --pool-kbytes 204800 --rpc-max-connections 16 \
	--rpc-max-request-size 64 --rpc-max-response-size 256 -- "$@"
