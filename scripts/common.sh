# Shared by the scripts: run from the repository root, one target directory for everything.
# Sourced, not executed.

MSEC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$MSEC_ROOT"

# One target directory outside the clone, shared by dev.sh, test.sh and CI, so that each
# compiles only what changed. Override by exporting CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/msec/target}"
mkdir -p "$CARGO_TARGET_DIR"

# The runtime's Wasm build looks for Cargo.lock upwards from the target directory; ours is
# outside the clone, so point it at the workspace (else it resolves crates anew, unlocked).
export WASM_BUILD_WORKSPACE_HINT="$MSEC_ROOT"

# Link Debian's OpenSSL (libssl-dev) instead of compiling OpenSSL from C source for
# litep2p's WebRTC transport: saves minutes on every cold build.
export OPENSSL_NO_VENDOR=1

# The Python with pyCANON that scripts/setup.sh installs (crates/anonymize/tests/pycanon.rs).
export MSEC_PYTHON="${MSEC_PYTHON:-$HOME/.cache/msec/python/bin/python}"

# Never let rustup pick another toolchain than rust-toolchain.toml's.
export RUSTUP_AUTO_INSTALL=0

msec_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# A free local TCP port.
msec_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the built msec-node --dev (local ports only) with extra arguments "$@", logging to
# $MSEC_NODE_LOG, and waits for its JSON-RPC (the node compiles its runtime at start-up). The
# database is temporary, or kept in $MSEC_NODE_BASE_PATH when set. Sets MSEC_NODE_PID and
# MSEC_RPC_PORT. Stop it with msec_stop_dev_node.
msec_start_dev_node() {
	local node_bin="$CARGO_TARGET_DIR/release/msec-node" p2p_port database=(--tmp)
	[[ -z "${MSEC_NODE_BASE_PATH:-}" ]] || database=(--base-path "$MSEC_NODE_BASE_PATH")
	[ -x "$node_bin" ] || { echo "error: $node_bin not built (run scripts/test.sh or cargo build --release -p msec-node)" >&2; return 1; }
	MSEC_RPC_PORT="$(msec_free_port)"
	p2p_port="$(msec_free_port)"
	"${MSEC_NODE_LAUNCHER[@]}" "$node_bin" --dev "${database[@]}" --no-telemetry --no-prometheus --no-mdns \
		--rpc-port "$MSEC_RPC_PORT" --listen-addr "/ip4/127.0.0.1/tcp/$p2p_port" "$@" \
		>"$MSEC_NODE_LOG" 2>&1 &
	MSEC_NODE_PID=$!
	for _ in $(seq 1 120); do
		if curl -sf -H 'Content-Type: application/json' \
			-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
			"http://127.0.0.1:$MSEC_RPC_PORT" >/dev/null; then
			return 0
		fi
		kill -0 "$MSEC_NODE_PID" 2>/dev/null || { tail -n 40 "$MSEC_NODE_LOG" >&2; echo "error: msec-node exited" >&2; return 1; }
		sleep 1
	done
	echo "error: msec-node did not answer JSON-RPC within 2 minutes" >&2
	return 1
}

# Stops the node msec_start_dev_node started: SIGTERM, then SIGKILL after 20 s.
msec_stop_dev_node() {
	[ -n "${MSEC_NODE_PID:-}" ] || return 0
	kill -TERM "$MSEC_NODE_PID" 2>/dev/null || true
	for _ in $(seq 1 100); do kill -0 "$MSEC_NODE_PID" 2>/dev/null || break; sleep 0.2; done
	kill -KILL "$MSEC_NODE_PID" 2>/dev/null || true
	wait "$MSEC_NODE_PID" 2>/dev/null || true
}
# What msec_start_dev_node runs the node under (bench-tps.sh pins it to a core).
MSEC_NODE_LAUNCHER=(env)

# Runs `msec-bench BENCH_ARGS...` against a fresh dev node started with NODE_ARGS:
#   msec_bench_on_dev_node NAME NODE_ARGS... -- BENCH_ARGS...
# Builds first unless MSEC_SKIP_BUILD=1 (as scripts/test.sh builds, so that both share every
# compiled crate). The node runs on core 0 and msec-bench on core 1 when the machine has two,
# so that signing and submitting do not take the node's time. The node runs no off-chain
# worker: the measurement is the chain's and the relay's, as in docs/performance.md, not the
# dev provider's stream worker. On failure it prints the tail of the node's log.
msec_bench_on_dev_node() {
	local name="$1" node_args=() bench_launcher=(env)
	shift
	while [[ $# -gt 0 && "$1" != "--" ]]; do node_args+=("$1"); shift; done
	[[ $# -gt 0 ]] && shift
	if [[ "${MSEC_SKIP_BUILD:-}" != 1 ]]; then
		"$MSEC_ROOT/scripts/setup.sh"
		msec_log "building msec-node and msec-bench (release)"
		cargo test --release --locked --workspace --no-run
	fi
	if [[ "$(nproc)" -ge 2 ]] && command -v taskset >/dev/null; then
		MSEC_NODE_LAUNCHER=(taskset -c 0)
		bench_launcher=(taskset -c 1)
	else
		msec_log "one core only: node and load generator share it"
	fi
	MSEC_NODE_LOG="$(mktemp -t "msec-node-$name.XXXXXX.log")"
	trap msec_stop_dev_node EXIT
	msec_start_dev_node --offchain-worker never "${node_args[@]}"
	msec_log "msec-node --dev on ws://127.0.0.1:$MSEC_RPC_PORT (log: $MSEC_NODE_LOG)"
	if ! "${bench_launcher[@]}" "$CARGO_TARGET_DIR/release/msec-bench" \
		--url "ws://127.0.0.1:$MSEC_RPC_PORT" "$@"; then
		echo "--- msec-node log ---" >&2
		tail -n 40 "$MSEC_NODE_LOG" >&2
		return 1
	fi
	rm -f "$MSEC_NODE_LOG"
}
