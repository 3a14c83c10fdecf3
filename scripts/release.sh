#!/usr/bin/env bash
# Packs a built console into the release an operator installs without a Rust toolchain:
#   OUT/obshell-console-<version>-<build>.tar.gz   one folder of that name holding
#       install.sh, nginx.conf, security-headers.conf (templates; deploy/), console.json (a
#       sample: install.sh writes the real one from its arguments), dist/ (the console, its
#       precompressed .br and .gz included), README.md (docs/deploy.md) and SHA256SUMS of
#       every file in it (install.sh checks them first)
#   OUT/SHA256SUMS                                  the tarball's, for `sha256sum -c SHA256SUMS`
# <version> is Cargo.toml's; <build> is the one the console was built with (dist/build.txt,
# written by `make console`; "dev" without it), so the name says what the page shows.
# It never builds: `make release` builds the console first.
#   scripts/release.sh [--dist DIR] [--out DIR]      (defaults: dist, target/release-pkg)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$root/dist out=$root/target/release-pkg
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "release.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -f "$dist/index.html" ] || { echo "release.sh: no built console in $dist (make console)" >&2; exit 1; }

# The [package] version: the first `version = "…"` line of Cargo.toml (the workspace has none).
version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$root/Cargo.toml" | head -n1)
[ -n "$version" ] || { echo "release.sh: no version in Cargo.toml" >&2; exit 1; }
build=dev
[ ! -f "$dist/build.txt" ] || build=$(<"$dist/build.txt")
[[ $build =~ ^[A-Za-z0-9._-]+$ ]] || { echo "release.sh: $dist/build.txt holds no build name" >&2; exit 1; }
name=obshell-console-$version-$build

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg=$stage/$name
mkdir -p "$pkg"
cp -RL "$dist" "$pkg/dist"
cp "$root/deploy/install.sh" "$root/deploy/nginx.conf" "$root/deploy/security-headers.conf" \
  "$root/deploy/console.json" "$pkg/"
cp "$root/docs/deploy.md" "$pkg/README.md"
chmod 755 "$pkg/install.sh"
(cd "$pkg" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' sha256sum >SHA256SUMS)

mkdir -p "$out"
tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" >SHA256SUMS)
echo "$out/$name.tar.gz"
