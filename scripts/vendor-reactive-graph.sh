#!/usr/bin/env bash
# Re-makes vendor/reactive_graph from the crate as published (the .crate cargo downloads, checked
# against its registry checksum) and vendor/reactive_graph.patch: the published src/, build.rs,
# Cargo.toml and README.md, patched. `--check` makes it in a scratch directory and compares it with
# the committed copy instead (diff -r), changing nothing. See vendor/README.md.
set -euo pipefail

VERSION=0.2.16
# The registry's checksum of reactive_graph-0.2.16.crate (as a Cargo.lock records it).
SHA256=3bcec36a2d1b9a53a4129b3270b19e3df6f6b88c2e7c97ed9404dc9307f137d7

root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A throwaway package outside this workspace, so that [patch.crates-io] does not apply and cargo
# downloads the published crate into its cache.
mkdir -p "$work/fetch/src"
cat > "$work/fetch/Cargo.toml" <<TOML
[package]
name = "fetch-reactive-graph"
version = "0.0.0"
edition = "2021"

[dependencies]
reactive_graph = "=$VERSION"

[workspace]
TOML
: > "$work/fetch/src/lib.rs"
cargo fetch --quiet --manifest-path "$work/fetch/Cargo.toml"

crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"reactive_graph-$VERSION.crate" | head -n 1)
echo "$SHA256  $crate" | sha256sum --check --quiet
tar -xzf "$crate" -C "$work"

out="$work/reactive_graph"
mkdir "$out"
for f in src build.rs Cargo.toml README.md; do cp -R "$work/reactive_graph-$VERSION/$f" "$out/"; done
patch --quiet --directory="$out" --strip=1 --no-backup-if-mismatch < "$root/vendor/reactive_graph.patch"

if $check; then
  diff -r "$out" "$root/vendor/reactive_graph"
  echo "vendor/reactive_graph is reactive_graph $VERSION as published with vendor/reactive_graph.patch"
else
  rm -rf "$root/vendor/reactive_graph"
  cp -R "$out" "$root/vendor/reactive_graph"
  echo "vendor/reactive_graph re-made: reactive_graph $VERSION as published with vendor/reactive_graph.patch"
fi
