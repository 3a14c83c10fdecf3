#!/usr/bin/env python3
"""Folds into the console's split module the chunks it shares with the page groups.

Run by scripts/split.sh on wasm-split-cli's output folder, before wasm-opt:

    fold-console.py DIR HOST [--names] [-- WASM-MERGE FEATURE FLAGS...]

wasm-split-cli puts every function that more than one split module reaches into a chunk of its
own, one chunk per set of modules that reach it. The console (HOST, the split point the entry
module calls first) is loaded before any page group can be, so a chunk it shares with them is
always wanted by the time they are: fetched as 25 small files, each compressed alone, it costs
the console's start 25 requests and the whole console 1.4 % more than one module would
(docs/benchmarks.md, "Issue 25"). This script

1. merges HOST's module and those chunks into one module with binaryen's wasm-merge (their
   memory, function table and globals imported once, through a module that re-exports them);
2. turns the calls it makes through the function table to functions it now defines itself
   into direct calls (wasm-split-cli calls another module's functions through a small
   function that calls the table at a fixed slot), which wasm-opt can then inline;
3. rewrites the split loader (wasm-split-cli's __wasm_split.js): HOST's loader fetches the
   one module, starting as soon as the page evaluates the loader, and every page group that
   shared one of its chunks waits for HOST's module instead (fetched once: the loaders
   remember a started load).

The formats read are wasm-split-cli's (its version is pinned in scripts/setup.sh); anything
unexpected stops the build with a message rather than shipping a console that cannot start.
How the modules fit together: docs/architecture.md, "The first screen".
"""
import os
import re
import subprocess
import sys
import tempfile

SHARED = b"__wasm_split"  # the module name split modules import memory, table and globals from
RELAY = b"__fold_shared"  # what the folded modules import them from, inside the merge


def fail(message):
    sys.exit(f"fold-console: {message}")


# ---- reading and writing a wasm binary: sections, LEB128 numbers, names ----

def uleb(b, i, signed=False):
    """The LEB128 number at b[i] (unsigned, or `signed`) and the index after it."""
    value = shift = 0
    while True:
        byte = b[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value - (1 << shift) if signed and byte & 0x40 else value, i


def sleb(b, i):
    return uleb(b, i, signed=True)


def enc(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | 0x80 if n else byte)
        if not n:
            return bytes(out)


def vec(items):
    return enc(len(items)) + b"".join(items)


def string(b, i):
    n, i = uleb(b, i)
    return b[i:i + n], i + n


def sections(b):
    if b[:8] != b"\0asm\1\0\0\0":
        fail("not a wasm module")
    i = 8
    while i < len(b):
        size, j = uleb(b, i + 1)
        yield b[i], b[j:j + size]
        i = j + size


def module(sections_):
    return b"\0asm\1\0\0\0" + b"".join(bytes([sid]) + enc(len(body)) + body for sid, body in sections_)


def imports(body):
    """(module, field, kind, the entry's description bytes) of an import section."""
    count, i = uleb(body, 0)
    for _ in range(count):
        mod, i = string(body, i)
        field, i = string(body, i)
        kind, start = body[i], i + 1
        if kind == 0:  # function: a type index
            _, i = uleb(body, start)
        elif kind in (1, 2):  # table (a reference type, then limits) or memory (limits)
            j = start + (kind == 1)
            flags = body[j]
            _, j = uleb(body, j + 1)
            i = uleb(body, j)[1] if flags & 1 else j
        elif kind == 3:  # global: a value type and mutability
            i = start + 2
        else:
            fail(f"an import of kind {kind} (only functions, tables, memories, globals expected)")
        yield mod, field, kind, body[start:i]


# ---- step 1: one module out of several ----

def relay(entries):
    """A module importing each shared entry and exporting it under the same name."""
    counts = [0, 0, 0, 0]
    exported = []
    for field, (kind, desc) in entries.items():
        exported.append(enc(len(field)) + field + bytes([kind]) + enc(counts[kind]))
        counts[kind] += 1
    imported = [enc(len(SHARED)) + SHARED + enc(len(f)) + f + bytes([k]) + d for f, (k, d) in entries.items()]
    return module([(2, vec(imported)), (7, vec(exported))])


def renamed(b, entries):
    """The module with its shared imports renamed to the relay's; notes each in `entries`."""
    out = []
    for sid, body in sections(b):
        if sid == 2:
            items = []
            for mod, field, kind, desc in imports(body):
                if mod != SHARED:
                    fail(f"a split module imports from {mod!r} (only {SHARED!r} expected)")
                entries.setdefault(field, (kind, desc))
                items.append(enc(len(RELAY)) + RELAY + enc(len(field)) + field + bytes([kind]) + desc)
            body = vec(items)
        out.append((sid, body))
    return module(out)


def without_exports(b, names):
    out = []
    for sid, body in sections(b):
        if sid == 7:
            count, i = uleb(body, 0)
            for _ in range(count):
                field, i = string(body, i)
                _, i = uleb(body, i + 1)
                if field not in names:
                    fail(f"the merged module exports {field!r}, which no split module did")
            continue
        out.append((sid, body))
    return module(out)


# ---- step 2: calls through the table to the module's own functions made direct ----

def direct_calls(b):
    parts = list(sections(b))
    types = []  # each function's type index
    slots = {}  # table slot -> the function the module puts there
    for sid, body in parts:
        if sid == 2:
            types += [uleb(desc, 0)[0] for _, _, kind, desc in imports(body) if kind == 0]
        elif sid == 3:
            count, i = uleb(body, 0)
            for _ in range(count):
                t, i = uleb(body, i)
                types.append(t)
        elif sid == 9:
            count, i = uleb(body, 0)
            for _ in range(count):
                flags, i = uleb(body, i)
                if flags != 0 or body[i] != 0x41:
                    fail(f"an element segment of form {flags} (wasm-merge writes form 0)")
                offset, i = sleb(body, i + 1)
                if body[i] != 0x0B:
                    fail("an element segment whose offset is not a constant")
                n, i = uleb(body, i + 1)
                for k in range(n):
                    slots[offset + k], i = uleb(body, i)
    out, rewritten = [], 0
    for sid, body in parts:
        if sid == 10:
            count, i = uleb(body, 0)
            functions = []
            for _ in range(count):
                size, j = uleb(body, i)
                code, i = body[j:j + size], j + size
                call = via_table(code)
                if call and call[1] in slots and types[slots[call[1]]] == call[2]:
                    code = code[:call[0]] + b"\x10" + enc(slots[call[1]]) + b"\x0b"
                    rewritten += 1
                functions.append(enc(len(code)) + code)
            body = vec(functions)
        out.append((sid, body))
    return module(out), rewritten


def via_table(code):
    """For a body that only passes its parameters on to the function at a constant table slot
    (no locals, `local.get`s, `i32.const slot`, `call_indirect type 0`, `end`): where the
    `i32.const` starts, the slot and the type."""
    if not code or code[0] != 0:
        return None
    i = 1
    while i < len(code) and code[i] == 0x20:
        i = uleb(code, i + 1)[1]
    if i >= len(code) or code[i] != 0x41:
        return None
    slot, j = sleb(code, i + 1)
    if j >= len(code) or code[j] != 0x11:
        return None
    ty, j = uleb(code, j + 1)
    table, j = uleb(code, j)
    return (i, slot, ty) if table == 0 and j == len(code) - 1 and code[j] == 0x0B else None


# ---- step 3: the loader ----

CHUNK = re.compile(r"/\* ([^*]*) \*/\nconst (__chunk_\d+) = makeLoad\((.*?)\n, \[\]\);\n", re.S)
SPLIT = re.compile(r"export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\((.*?)\n, \[([^\]]*)\]\)\);\n", re.S)
FILE = re.compile(r'new URL\("\./([\w.]+\.wasm)"')


# The entry module asks for the console as soon as it starts; its fetch begins earlier still,
# when the page evaluates this loader (beside the entry module's download, not after it). A
# load that failed fetches again.
EAGER = """/* HOST's module: fetched as soon as this loader is evaluated (scripts/fold-console.py). */
function eager(fetcher) {
    let first = fetcher();
    return () => {
        const instantiate = first ?? fetcher();
        first = undefined;
        return instantiate;
    };
}
"""


def fold_loader(js, host):
    folded = [m for m in CHUNK.finditer(js) if host in m.group(1).split(", ")]
    splits = {m.group(1): m for m in SPLIT.finditer(js)}
    if host not in splits:
        fail(f"the split loader has no loader for {host!r}")
    own = f"__load_{host}"
    names = {m.group(2) for m in folded}
    out, at = [], 0
    for m in folded:
        out.append(js[at:m.start()])
        if m is folded[0]:  # before every loader that may wait for it
            out.append(EAGER.replace("HOST", host) + f"const {own} = makeLoad(eager({splits[host].group(2)}\n), []);\n")
        at = m.end()
    js = "".join(out) + js[at:]

    def loader(m):
        if m.group(1) == host:
            return f"export const __wasm_split_load_{host} = wrapAsyncCb({own});\n"
        deps = [d.strip() for d in m.group(3).split(",") if d.strip()]
        kept = [d for d in deps if d not in names]
        if len(kept) < len(deps):
            kept.insert(0, own)
        return f"export const __wasm_split_load_{m.group(1)} = wrapAsyncCb(makeLoad({m.group(2)}\n, [{', '.join(kept)}]));\n"

    return SPLIT.sub(loader, js), [FILE.search(m.group(3)).group(1) for m in folded]


def main():
    args = sys.argv[1:]
    features = args[args.index("--") + 1:] if "--" in args else []
    args = args[:args.index("--")] if "--" in args else args
    folder, host = args[0], args[1]
    names = ["-g"] if "--names" in args else []
    loader_path = os.path.join(folder, "__wasm_split.js")
    js = open(loader_path).read()
    js, chunks = fold_loader(js, host)
    if not chunks:
        return print(f"fold-console: no chunk shared with {host}")
    host_path = os.path.join(folder, f"split_{host}.wasm")
    with tempfile.TemporaryDirectory() as work:
        entries, merge = {}, []
        for path in [host_path] + [os.path.join(folder, c) for c in chunks]:
            out = os.path.join(work, os.path.basename(path))
            with open(path, "rb") as f:
                data = renamed(f.read(), entries)
            with open(out, "wb") as f:
                f.write(data)
            merge += [out, os.path.basename(path)[:-5]]
        with open(os.path.join(work, "relay.wasm"), "wb") as f:
            f.write(relay(entries))
        merged = os.path.join(work, "merged.wasm")
        run = subprocess.run(["wasm-merge", *features, *names, os.path.join(work, "relay.wasm"),
                              RELAY.decode(), *merge, "-o", merged], capture_output=True, text=True)
        if run.returncode:
            fail("wasm-merge failed:\n" + "\n".join(run.stderr.splitlines()[-20:]))
        with open(merged, "rb") as f:
            data, rewritten = direct_calls(without_exports(f.read(), set(entries)))
    with open(host_path, "wb") as f:
        f.write(data)
    for chunk in chunks:
        os.remove(os.path.join(folder, chunk))
    with open(loader_path, "w") as f:
        f.write(js)
    print(f"fold-console: {len(chunks)} chunks folded into split_{host}.wasm, "
          f"{rewritten} calls through the table made direct")


main()
