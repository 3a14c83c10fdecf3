#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml): splits the console's wasm at its split points
# (src/obshell/split.rs, src/ocp/split.rs, src/shell/split.rs): the main module only starts the
# console, a module of its own fetched at once (docs/architecture.md, "The first screen").
#
# Trunk has already built the wasm (linked with --emit-relocs, .cargo/config.toml), run
# wasm-bindgen on it and staged <name>-<hash>.js and <name>-<hash>_bg.wasm. This script splits
# the same linked wasm with wasm-split-cli into the main module and one module per page group
# (plus the chunks they share; those the console shares are folded into its module), runs
# wasm-bindgen on the main module with the same names, wasm-opt -Oz on every module (release),
# and names every split file by its content hash so nginx may cache it for a year
# (deploy/nginx.conf) and a new deployment never mixes modules.
set -euo pipefail

staging=${TRUNK_STAGING_DIR:?run by trunk as its post_build hook}
profile=${TRUNK_PROFILE:-debug}
root=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
linked="$target_dir/wasm32-unknown-unknown/$profile/obshell-console.wasm"
[ -f "$linked" ] || { echo "split: no linked wasm at $linked" >&2; exit 1; }

js=$(cd "$staging" && ls obshell-console-*.js | grep -v '_bg' | head -n1)
stem=${js%.js}
[ -f "$staging/${stem}_bg.wasm" ] || { echo "split: Trunk staged no ${stem}_bg.wasm" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/split" "$work/bindgen"

# The features Rust's wasm32 target emits (binaryen's tools must be told of them).
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue"

wasm-split-cli --target web --out-name "$stem" "$linked" "$work/split"
# The chunks the console shares with the page groups, folded into its own module: one file for
# the console's start instead of 26 (scripts/fold-console.py). Debug builds keep the names.
names=$([ "$profile" = release ] && [ -z "${SPLIT_NAMES:-}" ] || echo --names)
python3 "$root/scripts/fold-console.py" "$work/split" console $names -- $features
wasm-bindgen --target web --keep-lld-exports --no-demangle --out-name "$stem" \
  --out-dir "$work/bindgen" "$work/split/$stem.wasm"
rm "$work/split/$stem.wasm"

# SPLIT_NAMES=1 keeps the functions' names (wasm-opt -g): a release build whose panic stacks
# can be read (larger; never shipped).
opt() {
  if [ "$profile" = release ]; then
    # Without the producers and target-features sections (read by no browser: about 300 B in
    # each of the ~55 modules, little of it compressible).
    wasm-opt -Oz ${SPLIT_NAMES:+-g} --strip-producers --strip-target-features $features "$1" -o "$1.opt" 2>/dev/null && mv "$1.opt" "$1"
  fi
}
# Two at a time (the machine's cores); the main module, the largest, first.
export -f opt
export profile features
printf '%s\0' "$work/bindgen/${stem}_bg.wasm" $(ls -S "$work"/split/*.wasm) |
  xargs -0 -n1 -P2 bash -c 'opt "$0"' || { echo "split: wasm-opt failed" >&2; exit 1; }

hash16() { sha256sum "$1" | cut -c1-16; }
loader="$work/split/__wasm_split.js"
for f in "$work"/split/*.wasm; do
  base=$(basename "$f" .wasm)
  named="$base-$(hash16 "$f").wasm"
  mv "$f" "$staging/$named"
  sed -i "s|\"./$base.wasm\"|\"./$named\"|" "$loader"
done
loader_name="wasm-split-$(hash16 "$loader").js"
mv "$loader" "$staging/$loader_name"
sed -i "s|from \"./__wasm_split.js\"|from \"./$loader_name\"|" "$work/bindgen/$stem.js"
cp "$work/bindgen/$stem.js" "$staging/$js"
cp "$work/bindgen/${stem}_bg.wasm" "$staging/${stem}_bg.wasm"

# Trunk wrote index.html with the subresource integrity of its own files: give it ours. The
# split loader, which the JS glue imports, is preloaded beside the glue: found only once the
# glue has arrived, it would cost the first screen a further round trip.
python3 - "$staging" "$loader_name" "$js" "${stem}_bg.wasm" <<'PY'
import base64, hashlib, pathlib, re, sys
staging = pathlib.Path(sys.argv[1])
html = staging / "index.html"
text = html.read_text()
sri = lambda name: "sha384-" + base64.b64encode(hashlib.sha384((staging / name).read_bytes()).digest()).decode()
loader = sys.argv[2]
preload = f'<link rel="modulepreload" href="/{loader}" crossorigin="anonymous" integrity="{sri(loader)}">'
text, n = re.subn(r'(<link rel="modulepreload" href="/%s"[^>]*>)' % re.escape(sys.argv[3]), lambda m: preload + m.group(1), text)
if n != 1:
    sys.exit(f"split: index.html preloads {sys.argv[3]} {n} times")
for name in sys.argv[3:]:
    text, n = re.subn(r'(href="/%s"[^>]*?integrity=")sha384-[^"]*"' % re.escape(name), lambda m: m.group(1) + sri(name) + '"', text)
    if n != 1:
        sys.exit(f"split: index.html names {name} {n} times with an integrity")
html.write_text(text)
PY

# Precompressed copies for nginx's brotli_static and gzip_static (deploy/nginx.conf): the
# smallest download for the browsers that ask for them, with no compression per request.
if [ "$profile" = release ]; then
  for f in "$staging"/*.wasm "$staging"/*.js "$staging"/*.css; do
    brotli -q 11 -f -k -o "$f.br" "$f" &
    gzip -9 -n -k -f "$f"
    wait
  done
fi
