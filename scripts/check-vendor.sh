#!/usr/bin/env bash
# Fails when Cargo.lock would not build the patched reactive_graph of vendor/ (vendor/README.md).
# Cargo only warns "patch ... was not used" when a dependency update moves past the vendored
# version, and then builds the published crate, whose subscriber sets leak. Reads Cargo.lock
# (or the file given), runs no cargo: a few milliseconds. `make lint` (so `make test`) runs it first.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
lock=${1:-$root/Cargo.lock}
vendored=$(awk -F'"' '/^\[/{p = ($0 == "[package]")} p && /^version = /{print $2; exit}' "$root/vendor/reactive_graph/Cargo.toml")

# Cargo.lock's entries are paragraphs. One line per reactive_graph package: "<version>" for the
# path of [patch.crates-io] (no source), "<version> from registry" (or its other source); and
# "unused <version>" for a patch that cargo recorded under [[patch.unused]].
found=$(awk -v RS= '
  /(^|\n)name = "reactive_graph"(\n|$)/ {
    v = ""; s = ""
    n = split($0, l, "\n")
    for (i = 1; i <= n; i++) {
      if (l[i] ~ /^version = /) { v = l[i]; gsub(/^version = "|"$/, "", v) }
      if (l[i] ~ /^source = /) { s = l[i]; gsub(/^source = "|"$/, "", s) }
    }
    sub(/^registry\+.*/, "registry", s)
    print (/^\[\[patch\.unused\]\]/ ? "unused " v : v (s == "" ? "" : " from " s))
  }' "$lock")

fail() {
  {
    echo "check-vendor: $1"
    echo "  Cargo.lock's reactive_graph: $(echo "${found:-none}" | paste -sd ';' | sed 's/;/; /g')"
    echo "  vendored (vendor/reactive_graph, built through [patch.crates-io]): $vendored"
    echo "  Unpatched, every effect a view drops stays in the memory of the signals it read."
    echo "  Fix: keep $vendored (cargo update -p reactive_graph --precise $vendored, if Leptos allows it), or"
    echo "  re-make the copy at the new version: set VERSION and SHA256 in scripts/vendor-reactive-graph.sh,"
    echo "  run it (refresh vendor/reactive_graph.patch if it no longer applies), cargo update -p reactive_graph;"
    echo "  or, if that release carries the fix, drop vendor/reactive_graph and its [patch.crates-io] line."
    echo "  See vendor/README.md."
  } >&2
  exit 1
}

if grep -q '^unused ' <<<"$found"; then
  fail "cargo records the reactive_graph patch as unused ([[patch.unused]] in Cargo.lock)"
fi
if [ "$(grep -c . <<<"$found")" != 1 ]; then
  fail "Cargo.lock must hold exactly one reactive_graph, the vendored one"
fi
read -r version _ source <<<"$found"
if [ "$version" != "$vendored" ]; then
  fail "Cargo.lock's reactive_graph is $version, not the vendored $vendored"
fi
if [ -n "${source:-}" ]; then
  fail "Cargo.lock's reactive_graph comes from the $source, not from vendor/ (is [patch.crates-io] gone?)"
fi
echo "check-vendor: reactive_graph $version from vendor/ (patched, vendor/README.md)"
