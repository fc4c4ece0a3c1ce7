#!/usr/bin/env bash
# Starts the built msec-node --dev on a free local port and runs the checks in tests/polkadot-js
# against it: @polkadot/api with no custom types. check.mjs: tokens and a transfer; ids.mjs: the
# registry and IDS story; marketplace.mjs: consent, purchase and settlement. marketplace.mjs
# plays a provider who delivers keys and confirms epochs by hand from a dApp, so the node runs
# no off-chain worker (which would deliver for Alice first). The node is always stopped.
set -euo pipefail
source "$(dirname "$0")/common.sh"

(cd tests/polkadot-js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

MSEC_NODE_LOG="$(mktemp -t msec-node-polkadot-js.XXXXXX.log)"
trap msec_stop_dev_node EXIT
msec_start_dev_node --offchain-worker never
rpc_port="$MSEC_RPC_PORT"

for check in check ids marketplace; do
	msec_log "polkadot.js $check.mjs against ws://127.0.0.1:$rpc_port"
	if ! node "tests/polkadot-js/$check.mjs" "ws://127.0.0.1:$rpc_port"; then
		echo "--- msec-node log ---" >&2
		tail -n 60 "$MSEC_NODE_LOG" >&2
		exit 1
	fi
done
rm -f "$MSEC_NODE_LOG"
