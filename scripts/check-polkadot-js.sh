#!/usr/bin/env bash
# Starts the built msec-node --dev on a free local port and runs the checks in tests/polkadot-js
# against it: @polkadot/api with no custom types. check.mjs: tokens and a transfer; ids.mjs: the
# registry and IDS story; marketplace.mjs: consent, purchase and settlement. The node is always
# stopped.
set -euo pipefail
source "$(dirname "$0")/common.sh"

node_bin="$CARGO_TARGET_DIR/release/msec-node"
[ -x "$node_bin" ] || { echo "error: $node_bin not built (run cargo build --release -p msec-node)" >&2; exit 1; }

(cd tests/polkadot-js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
rpc_port="$(free_port)"
p2p_port="$(free_port)"
log="$(mktemp -t msec-node-polkadot-js.XXXXXX.log)"
"$node_bin" --dev --tmp --no-telemetry --no-prometheus --no-mdns \
	--rpc-port "$rpc_port" --listen-addr "/ip4/127.0.0.1/tcp/$p2p_port" >"$log" 2>&1 &
node_pid=$!
stop_node() {
	kill -TERM "$node_pid" 2>/dev/null || true
	for _ in $(seq 1 100); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.2; done
	kill -KILL "$node_pid" 2>/dev/null || true
	wait "$node_pid" 2>/dev/null || true
}
trap stop_node EXIT

# Wait for JSON-RPC (the node compiles its runtime at start-up).
for _ in $(seq 1 120); do
	if curl -sf -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
		"http://127.0.0.1:$rpc_port" >/dev/null; then
		break
	fi
	kill -0 "$node_pid" 2>/dev/null || { tail -n 40 "$log" >&2; echo "error: msec-node exited" >&2; exit 1; }
	sleep 1
done

for check in check ids marketplace; do
	msec_log "polkadot.js $check.mjs against ws://127.0.0.1:$rpc_port"
	if ! node "tests/polkadot-js/$check.mjs" "ws://127.0.0.1:$rpc_port"; then
		echo "--- msec-node log ---" >&2
		tail -n 60 "$log" >&2
		exit 1
	fi
done
rm -f "$log"
