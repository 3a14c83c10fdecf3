#!/usr/bin/env bash
# `make dev`: the console rebuilt on every save and served by `trunk serve` (a debug build, the
# page reloading itself after each rebuild), with the simulated agent and OCP behind Trunk's
# proxies (Trunk.toml's [[proxy]] sections: /api/ and /console.json to 127.0.0.1:2887).
# Ctrl-C stops both. The release build in dist/ (make run, make test) is left alone: this one
# goes to target/dist-dev.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
SIM=127.0.0.1:2887                 # where Trunk.toml's proxies send /api/ and /console.json
DEV_ADDRESS=${DEV_ADDRESS:-127.0.0.1}
DEV_PORT=${DEV_PORT:-8080}
PASSWORD=${PASSWORD:?}
OCP_PASSWORD=${OCP_PASSWORD:?}
dist=target/dist-dev

# The simulator names both backends in /console.json only when it serves a console (--dist),
# and it wants that folder to hold an index.html when it starts: until Trunk's first build has
# written the real one there, an empty file stands in (only the simulator's own port shows it).
mkdir -p "$dist"
[ -f "$dist/index.html" ] || : > "$dist/index.html"

# shellcheck disable=SC2086 # SIM_FLAGS is a list of flags
./target/debug/obshell-sim --listen "$SIM" --password "$PASSWORD" --ocp-password "$OCP_PASSWORD" \
  --dist "$dist" ${SIM_FLAGS:-} &
sim=$!
# A background job of a script ignores Ctrl-C: stop it when this script ends, however it ends.
trap 'kill "$sim" 2>/dev/null; wait "$sim" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

echo
echo "  obshell-console (rebuilt on save): http://$DEV_ADDRESS:$DEV_PORT/"
echo "  root@sys password of the simulated cluster: $PASSWORD"
echo "  OCP (simulated, /api/v2/): user admin, password $OCP_PASSWORD"
echo "  Ctrl-C stops Trunk and the simulator."
echo

# In the foreground, so that Ctrl-C reaches it. Only what the console is built from is watched.
trunk serve --offline --dist "$dist" --address "$DEV_ADDRESS" --port "$DEV_PORT" \
  --watch src --watch style --watch index.html --watch Cargo.toml --watch Cargo.lock \
  --watch crates/protocol --watch vendor --watch deploy/console.json --watch Trunk.toml
