//! The console's layering rule (docs/architecture.md), checked on the source: every file's
//! `crate::…` and `super::…` paths, read as text.
//!
//! 1. A module imports only its own top-level module or a layer below it:
//!    root (lib.rs, main.rs, bench.rs) → shell → obshell, ocp → ui → core.
//! 2. The two backends never import each other.
//! 3. No import cycle: between the files and folders of one folder (what two siblings take from
//!    each other), at every depth, in the console and in the protocol and simulator crates.
//! 4. `unsafe` is allowed only where the split runtime needs it: the files of split points.
//!
//! A failure names the file, the line and the rule broken.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, with their layer (higher imports lower).
const LAYERS: &[(&str, u8)] = &[
    ("core", 0),
    ("ui", 1),
    ("obshell", 2),
    ("ocp", 2),
    ("shell", 3),
    ("bench", 4),
];

/// The files that may allow `unsafe_code`: the split points (their macro declares the loader).
const UNSAFE_ALLOWED: &[&str] = &["obshell/split.rs", "ocp/split.rs", "shell/split.rs"];

/// The console's sources.
const CONSOLE: &str = "src";

/// Every crate's sources, for the cycle check (a binary's own files, `src/bin/`, aside).
const CRATES: &[&str] = &[CONSOLE, "crates/protocol/src", "crates/agent-sim/src"];

fn root(krate: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(krate)
}

/// Every `.rs` file below `dir`, as paths relative to `root`.
fn files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the sources are readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && !path.ends_with("bin") {
            files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(
                path.strip_prefix(root)
                    .expect("below the root")
                    .to_path_buf(),
            );
        }
    }
}

/// The module path of a file: `obshell/task/mod.rs` → `[obshell, task]`; `lib.rs` → `[]`.
fn module_of(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

fn layer(top: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == top).map(|(_, l)| *l)
}

/// The code of a line: without a line comment, and empty for a doc comment.
fn code(line: &str) -> &str {
    let t = line.trim_start();
    if t.starts_with("//") {
        return "";
    }
    match line.find("//") {
        Some(i) if !line[..i].contains('"') => &line[..i],
        _ => line,
    }
}

/// The module paths a line names: `crate::a::b` (also `$crate::`, and each item of a
/// `crate::{a, b::c}` group) and `super::…` / `self::…`, resolved against `module`.
fn named_paths(line: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let preceded = i > 0 && (ident(bytes[i - 1]) || bytes[i - 1] == b':');
        let start = if preceded {
            None
        } else if rest.starts_with("crate::") {
            Some((Vec::new(), 7))
        } else if rest.starts_with("super::") || rest.starts_with("self::") {
            // The directory a `super::` of this file starts from.
            let mut base = module.to_vec();
            let mut n = 0;
            let mut r = rest;
            if r.starts_with("self::") {
                n += 6;
            } else {
                // A file `a/b.rs` is module a::b: `super` is a. A `mod.rs` of a::b: also a.
                while r.starts_with("super::") {
                    base.pop();
                    n += 7;
                    r = &r[7..];
                }
            }
            Some((base, n))
        } else {
            None
        };
        let Some((base, skip)) = start else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let tail = &line[i + skip..];
        if let Some(group) = tail.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let segs: Vec<String> = item
                    .trim()
                    .split("::")
                    .map(|s| s.split_whitespace().next().unwrap_or("").to_owned())
                    .filter(|s| !s.is_empty() && s.bytes().all(ident))
                    .collect();
                if !segs.is_empty() {
                    out.push(base.iter().cloned().chain(segs).collect());
                }
            }
        } else {
            let mut segs: Vec<String> = Vec::new();
            for s in tail.split("::") {
                let id: String = s
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let whole = id.len() == s.len();
                if !id.is_empty() {
                    segs.push(id);
                }
                if !whole || segs.is_empty() {
                    break;
                }
            }
            if !segs.is_empty() {
                out.push(base.iter().cloned().chain(segs).collect());
            }
        }
        i += skip.max(1);
    }
    out
}

/// The deepest module of `path` that is a file or folder of `src/`.
fn resolve(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains(p))
}

struct Source {
    file: PathBuf,
    module: Vec<String>,
    text: String,
}

fn sources_of(krate: &str) -> Vec<Source> {
    let root = root(krate);
    let mut list = Vec::new();
    files(&root, &root, &mut list);
    list.into_iter()
        .map(|file| Source {
            module: module_of(&file),
            text: std::fs::read_to_string(root.join(&file)).expect("a source file"),
            file,
        })
        .collect()
}

fn sources() -> Vec<Source> {
    sources_of(CONSOLE)
}

/// Test modules at the end of a file (`#[cfg(test)] mod tests`) take what they test from
/// anywhere; only the code before them is held to the rule (a `#[cfg(test)]` on anything but a
/// module does not end it).
fn before_tests(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].trim_start().starts_with("mod "))
        .unwrap_or(usize::MAX);
    text.lines().enumerate().take_while(move |(n, _)| *n < end)
}

/// Each import of each file: (file, line number, importing module, imported module).
fn imports(sources: &[Source]) -> Vec<(PathBuf, usize, Vec<String>, Vec<String>)> {
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut out = Vec::new();
    for s in sources {
        // `super` of a `mod.rs` (module a::b) is a, as for a file b.rs: the module path works
        // for both.
        for (n, line) in before_tests(&s.text) {
            for path in named_paths(code(line), &s.module) {
                if let Some(target) = resolve(&path, &modules) {
                    if target != s.module {
                        out.push((s.file.clone(), n + 1, s.module.clone(), target));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_import_goes_down_a_layer_or_stays_in_its_module() {
    let sources = sources();
    let mut broken = Vec::new();
    for (file, line, from, to) in imports(&sources) {
        let (Some(f), Some(t)) = (from.first(), to.first()) else {
            continue; // the crate root (lib.rs, main.rs) may name anything
        };
        if f == t {
            continue;
        }
        let (lf, lt) = (layer(f), layer(t));
        let rule = match (lf, lt) {
            (None, _) | (_, None) => Some(format!(
                "src/{f} or src/{t} is not in the layer table of tests/layers.rs (add it, with \
                 its layer, in docs/architecture.md too)"
            )),
            (Some(a), Some(b)) if a == b => Some(format!(
                "the two backends never import each other ({f} → {t})"
            )),
            (Some(a), Some(b)) if a < b => Some(format!(
                "a module imports only its own folder or a layer below ({f} is below {t})"
            )),
            _ => None,
        };
        if let Some(rule) = rule {
            broken.push(format!(
                "src/{}:{line}: imports crate::{}: {rule}",
                file.display(),
                to.join("::")
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "imports that break the layering rule:\n{}",
        broken.join("\n")
    );
}

/// A module path, e.g. `[obshell, task]`.
type Module = Vec<String>;

/// What each module takes from its siblings, with the first import that does it.
type Edges = BTreeMap<Module, BTreeMap<Module, (PathBuf, usize)>>;

/// The two children of the lowest common folder that hold `a` and `b` (None for an ancestor).
fn siblings(a: &[String], b: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    (common < a.len() && common < b.len()).then(|| (a[..=common].to_vec(), b[..=common].to_vec()))
}

/// The first import cycle between the siblings of a folder of `krate`, one import per step.
fn first_cycle(krate: &str) -> Option<String> {
    let sources = sources_of(krate);
    let mut edges: Edges = BTreeMap::new();
    for (file, line, from, to) in imports(&sources) {
        if let Some((a, b)) = siblings(&from, &to) {
            edges.entry(a).or_default().entry(b).or_insert((file, line));
        }
    }
    // Depth-first search for a back edge; the cycle is reported with one import per step.
    fn visit(
        node: &Vec<String>,
        edges: &Edges,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            return Some(path[at..].to_vec());
        }
        if !done.insert(node.clone()) {
            return None;
        }
        path.push(node.clone());
        for next in edges.get(node).into_iter().flat_map(|m| m.keys()) {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|node| {
        let cycle = visit(node, &edges, &mut Vec::new(), &mut done)?;
        let steps: Vec<String> = cycle
            .iter()
            .zip(cycle.iter().cycle().skip(1))
            .map(|(a, b)| {
                let (file, line) = &edges[a][b];
                format!(
                    "  {} → {} ({krate}/{}:{line})",
                    a.join("::"),
                    b.join("::"),
                    file.display()
                )
            })
            .collect();
        Some(steps.join("\n"))
    })
}

#[test]
fn no_import_cycle_between_the_files_and_folders_of_a_folder() {
    for krate in CRATES {
        if let Some(cycle) = first_cycle(krate) {
            panic!("an import cycle in {krate} (cut it at its cause):\n{cycle}");
        }
    }
}

#[test]
fn unsafe_code_is_allowed_only_where_the_split_runtime_needs_it() {
    for s in sources() {
        let allowed = UNSAFE_ALLOWED.iter().any(|a| s.file == Path::new(a));
        for (n, line) in s.text.lines().enumerate() {
            let code = code(line);
            let breaks = code.contains("allow(unsafe_code)")
                || code.split_whitespace().any(|w| w == "unsafe");
            assert!(
                allowed || !breaks,
                "src/{}:{}: unsafe is allowed only in the split points ({}): docs/architecture.md",
                s.file.display(),
                n + 1,
                UNSAFE_ALLOWED.join(", ")
            );
        }
    }
}

#[test]
fn the_reader_finds_what_a_file_imports() {
    let module = vec!["obshell".to_owned(), "task".to_owned(), "node".to_owned()];
    let found = named_paths(
        "use crate::{core::i18n::fill, ui::graph}; let x = super::search::segments(a);",
        &module,
    );
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        [
            "core::i18n::fill",
            "ui::graph",
            "obshell::task::search::segments"
        ]
    );
    assert_eq!(named_paths("// use crate::shell::app;", &module).len(), 1);
    assert!(named_paths(code("// use crate::shell::app;"), &module).is_empty());
    assert_eq!(
        siblings(
            &["obshell".into(), "task".into()],
            &["obshell".into(), "pages".into(), "x".into()]
        ),
        Some((
            vec!["obshell".into(), "task".into()],
            vec!["obshell".into(), "pages".into()]
        ))
    );
}
