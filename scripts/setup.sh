#!/usr/bin/env bash
# Idempotent set-up for a fresh machine of this project's kind: installs only from crates.io,
# npm, PyPI and Debian packages, and skips every step that is already at the pinned version.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen version in Cargo.lock
WASM_SPLIT_VERSION=0.2.4       # wasm-split-cli: splits the console's wasm at its split points
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo_home=${CARGO_HOME:-$HOME/.cargo}
export PATH="$cargo_home/bin:$PATH"

step() { printf '\n== setup: %s\n' "$*"; }
timed() { local t0=$SECONDS; "$@"; printf '   (%ss)\n' $((SECONDS - t0)); }

if [ -f Cargo.lock ]; then
  locked=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
  if [ -n "$locked" ] && [ "$locked" != "$WASM_BINDGEN_VERSION" ]; then
    echo "setup: Cargo.lock has wasm-bindgen $locked but setup pins $WASM_BINDGEN_VERSION" >&2
    exit 1
  fi
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  timed rustup target add wasm32-unknown-unknown
fi

missing=()
# fonts-wqy-zenhei: a CJK font, so Chinese pages render (and are screenshotted) with real glyphs.
# brotli and nginx's brotli_static module: the console's files are served precompressed.
for pkg in chromium chromium-driver nginx libnginx-mod-http-brotli-static brotli fonts-wqy-zenhei; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timed apt-get update -qq
  timed apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The Debian nginx package starts a system nginx on port 80; the project runs its own instances.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
if [ -f /run/nginx.pid ]; then nginx -s quit >/dev/null 2>&1 || true; fi

# What needs no compiling is fetched beside the tools' compiling (the cores are busy then, the
# network is not): npm's packages, the SDK's venv, the project's crates. Each writes its log to
# target/setup-<step>.log, shown if it fails.
mkdir -p target
background=()
beside() {
  local name=$1; shift
  step "$name (beside the tools' compiling; target/setup-$name.log)"
  ( t0=$SECONDS; "$@"; printf '   (%s: %ss)\n' "$name" $((SECONDS - t0)) ) > "target/setup-$name.log" 2>&1 &
  background+=("$!:$name")
}

npm_packages() { cd tests/e2e && npm ci --no-audit --no-fund; }
if [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  # playwright-core, axe-core, binaryen's wasm-opt and wasm-merge
  beside npm-ci npm_packages
fi

sdk_venv() {
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r tests/sdk/requirements.txt
  cp tests/sdk/requirements.txt .venv/requirements.installed
}
if [ ! -x .venv/bin/python ] || ! cmp -s tests/sdk/requirements.txt .venv/requirements.installed; then
  # the official obshell SDK (tests/sdk/requirements.txt)
  beside sdk-venv sdk_venv
fi

if [ -f Cargo.lock ]; then
  # Trunk builds offline.
  beside cargo-fetch cargo fetch --locked
fi

# The three tools are compiled here, and their compile time is most of a first set-up. They are
# built for this project's use: one target folder for the three (target/tools: the crates they
# share are compiled once), without the fat link-time optimisation and single codegen unit their
# own release profiles ask for (each tool's work here takes a second or two either way), and
# without features this project never uses (Trunk's update check and TLS: it runs offline,
# Trunk.toml; wasm-bindgen's TLS, for downloads its test runner does not make here).
tools_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --target-dir "$root/target/tools" "$@"
}

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  step "cargo install trunk $TRUNK_VERSION"
  timed tools_install --locked trunk --version "$TRUNK_VERSION" --no-default-features
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  # Not --locked: the crate's own lock file wants a webpki-roots the registry here does not serve.
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  timed tools_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --no-default-features
fi

if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  step "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli)"
  timed tools_install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

failed=0
for job in "${background[@]}"; do
  pid=${job%%:*} name=${job#*:}
  if wait "$pid"; then
    tail -n 1 "target/setup-$name.log"
  else
    echo "setup: $name failed:" >&2
    cat "target/setup-$name.log" >&2
    failed=1
  fi
done
[ "$failed" = 0 ] || exit 1
echo "setup: done"
