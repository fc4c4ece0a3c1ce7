#!/usr/bin/env bash
# Measures the stream relay of a fresh dev node: publish-to-subscribe messages per second and
# latency, for sealed messages of 64 B, 1 KiB and 16 KiB from 8 devices publishing at once, as
# a Markdown table (see docs/performance.md).
#
#   scripts/bench-relay.sh                          10,000 messages per size
#   scripts/bench-relay.sh --messages 400 --sizes 64  arguments go to `msec-bench relay`
#   scripts/bench-relay.sh --batch 64               64 messages per streams_publishBatch
#
# The node runs on core 0, publishers and subscriber on core 1 (when the machine has two).
set -euo pipefail
source "$(dirname "$0")/common.sh"

# The relay's capacity is measured, not its rate limits per device (default 1000 messages per
# second) and per connection (1000 requests per second).
msec_bench_on_dev_node bench-relay --rpc-max-connections 64 --relay-device-rate 1000000 \
	--relay-connection-rate 1000000 -- relay "$@"
