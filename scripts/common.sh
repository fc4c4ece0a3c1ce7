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

# Never let rustup pick another toolchain than rust-toolchain.toml's.
export RUSTUP_AUTO_INSTALL=0

msec_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
