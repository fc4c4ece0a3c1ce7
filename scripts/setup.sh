#!/usr/bin/env bash
# Installs what a fresh machine lacks to build M-Sec chain: the pinned Rust toolchain's Wasm
# target and rust-src, and the Debian packages the build needs. Idempotent; needs no terminal.
set -euo pipefail
source "$(dirname "$0")/common.sh"

# --- Debian packages: protoc (libp2p), clang + libclang (RocksDB bindings), a C++ compiler
# (RocksDB), libssl-dev + pkg-config (OpenSSL for litep2p, see common.sh) ---
# curl, python3 and Node.js run the polkadot.js check (scripts/check-polkadot-js.sh).
# python3-venv: a virtual environment for pyCANON (below).
packages=(protobuf-compiler clang libclang-dev g++ make libssl-dev pkg-config curl python3 python3-venv)
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$package")
done
if ((${#missing[@]})); then
	msec_log "installing Debian packages: ${missing[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Rust: the toolchain pinned in rust-toolchain.toml, with what it lists ---
# RUSTUP_AUTO_INSTALL=0 on these machines: rustup installs nothing by itself.
toolchain="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)"
if ! rustup toolchain list | grep -q "^$toolchain"; then
	msec_log "installing Rust $toolchain"
	rustup toolchain install "$toolchain" --profile minimal
fi
installed_targets="$(rustup target list --installed --toolchain "$toolchain")"
if ! grep -qx wasm32v1-none <<<"$installed_targets"; then
	msec_log "adding the wasm32v1-none target to Rust $toolchain"
	rustup target add wasm32v1-none --toolchain "$toolchain"
fi
installed_components="$(rustup component list --installed --toolchain "$toolchain")"
for component in rust-src rustfmt clippy; do
	if ! grep -q "^$component" <<<"$installed_components"; then
		msec_log "adding $component to Rust $toolchain"
		rustup component add "$component" --toolchain "$toolchain"
	fi
done

# --- Python: pyCANON, the independent check of the k anonymization claims ---
if ! "$MSEC_PYTHON" -c 'import pycanon' 2>/dev/null; then
	msec_log "installing pyCANON (scripts/requirements.txt) into $(dirname "$(dirname "$MSEC_PYTHON")")"
	python3 -m venv "$(dirname "$(dirname "$MSEC_PYTHON")")"
	"$MSEC_PYTHON" -m pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
fi

msec_log "setup complete: Rust $toolchain with wasm32v1-none, build packages, pyCANON present"
