#!/usr/bin/env bash
# Measures what a flood does to the stream relay of a fresh dev node: an honest device's
# publish-to-subscribe rate and latency, the latency of a cheap RPC call and the node's memory,
# idle and then while 16 registered devices flood it (valid, out-of-order and misdirected
# publications, 16 in flight each) and 4 readers loop over pages, as a Markdown table (see
# docs/streams.md and docs/performance.md).
#
#   scripts/bench-relay-flood.sh                           defaults (msec-bench relay-flood --help)
#   scripts/bench-relay-flood.sh --flooders 4 --messages 500
#
# The node runs with the relay's default limits (1000 messages per second per device, 1000
# requests per second per connection), on
# core 0; the honest device, the flood and the readers on core 1 (when the machine has two).
set -euo pipefail
source "$(dirname "$0")/common.sh"

msec_bench_on_dev_node bench-relay-flood --rpc-max-connections 64 -- relay-flood "$@"
