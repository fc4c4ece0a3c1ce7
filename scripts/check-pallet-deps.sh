#!/usr/bin/env bash
# Pallets must build and test without any node (sc-*) crate, so that
# `SKIP_WASM_BUILD=1 cargo test -p pallet-x` compiles in minutes. Fails if one does not.
set -euo pipefail
source "$(dirname "$0")/common.sh"

status=0
for manifest in pallets/*/Cargo.toml; do
	[ -e "$manifest" ] || continue
	package="$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$manifest" | head -n1)"
	# A failing `cargo tree` (e.g. a pallet that is no workspace member) fails this script.
	tree="$(cargo tree --locked -p "$package" -e normal,dev,build --prefix none --format '{p}')"
	node_crates="$(awk '{print $1}' <<<"$tree" | grep -E '^sc-' | sort -u || true)"
	if [ -n "$node_crates" ]; then
		echo "error: $package depends on node crates: $(echo $node_crates)" >&2
		status=1
	fi
done
[ "$status" -eq 0 ] && msec_log "pallets depend on no sc-* crate"
exit "$status"
