//! The shipped nginx passes to a backend exactly the calls the console makes, no more.
//!
//! The console's calls are listed once, in `crates/protocol/src/obshell/calls.rs` and
//! `crates/protocol/src/ocp/calls.rs`. `deploy/nginx.conf` holds, between `# BEGIN CALLS` and
//! `# END CALLS`, one map per backend generated from those lists; these tests fail when the file
//! and the lists differ (print the block to paste, or write it with
//! `NGINX_CALLS=write cargo test --locked -p obshell-console --test nginx_calls`), and when the
//! console's code names a call that is not in its list.

use std::path::{Path, PathBuf};

use obshell_protocol::calls::{is_parameter, method, route};
use obshell_protocol::{obshell, ocp};

const BEGIN: &str = "    # BEGIN CALLS";
const END: &str = "    # END CALLS";

/// One path segment an agent route's parameter may take: anything but `/`, `?` and an escaped
/// `/` (`%2F`), which the agent decodes before routing and would let a target reach a route
/// with more segments.
const AGENT_SEGMENT: &str = "(?:[^/?%]|%(?!2[Ff]))+";

/// OCP's parameters are ids: digits only.
const OCP_SEGMENT: &str = "[0-9]+";

/// The agents behind `/agents/<name>` share the map (a name is never `.` or `..`).
const AGENT_PREFIX: &str = "(?:/agents/(?!\\.\\.?/)[^/]+)?";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The nginx regex of one call: its method, the route with each parameter a segment pattern,
/// and any query.
fn pattern(call: &str, prefix: &str, parameter: &str) -> String {
    let path: Vec<String> = route(call)
        .split('/')
        .map(|s| {
            if is_parameter(s) {
                parameter.to_owned()
            } else {
                s.replace('.', "\\.")
            }
        })
        .collect();
    format!(
        "\"~^{} {prefix}{}(?:\\?.*)?$\" 1;",
        method(call),
        path.join("/")
    )
}

fn map(variable: &str, calls: &[&str], prefix: &str, parameter: &str) -> String {
    let mut out = format!("    map \"$request_method $request_uri\" ${variable} {{\n");
    out.push_str("        default \"\";\n");
    for call in calls {
        out.push_str(&format!("        {}\n", pattern(call, prefix, parameter)));
    }
    out.push_str("    }\n");
    out
}

/// The generated block, markers included.
fn block() -> String {
    let mut out = format!(
        "{BEGIN}: generated from crates/protocol/src/{{obshell,ocp}}/calls.rs by tests/nginx_calls.rs\n"
    );
    out.push_str(&map(
        "console_agent_call",
        obshell::calls::ALL,
        AGENT_PREFIX,
        AGENT_SEGMENT,
    ));
    out.push_str(&map("console_ocp_call", ocp::calls::ALL, "", OCP_SEGMENT));
    out.push_str(END);
    out.push('\n');
    out
}

#[test]
fn nginx_passes_exactly_the_console_calls() {
    let file = root().join("deploy/nginx.conf");
    let text = std::fs::read_to_string(&file).expect("deploy/nginx.conf");
    let start = text
        .find(BEGIN)
        .expect("deploy/nginx.conf has a BEGIN CALLS marker");
    let end = text[start..].find(END).expect("an END CALLS marker") + start;
    let end = end + text[end..].find('\n').map_or(text.len() - end, |n| n + 1);
    let want = block();
    if text[start..end] == want {
        return;
    }
    if std::env::var("NGINX_CALLS").as_deref() == Ok("write") {
        let updated = format!("{}{want}{}", &text[..start], &text[end..]);
        std::fs::write(&file, updated).expect("write deploy/nginx.conf");
        return;
    }
    panic!(
        "deploy/nginx.conf does not pass exactly the console's calls; its CALLS block should \
         read (or run with NGINX_CALLS=write):\n{want}"
    );
}

#[test]
fn every_call_is_listed_once() {
    for list in [obshell::calls::ALL, ocp::calls::ALL] {
        for (i, call) in list.iter().enumerate() {
            assert!(
                matches!(method(call), "GET" | "POST" | "PUT" | "PATCH" | "DELETE"),
                "{call}: no method"
            );
            assert!(
                route(call).starts_with("/api/v"),
                "{call}: not an API route"
            );
            assert!(!list[..i].contains(call), "{call} is listed twice");
        }
    }
}

/// Every `.rs` file below `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The console names its calls by the lists' constants: a call spelled out in its code (outside
/// tests) could be sent without being listed, and nginx would refuse it.
#[test]
fn the_console_spells_no_call_of_its_own() {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        if file.to_string_lossy().contains("tests") {
            continue;
        }
        for (n, line) in code.lines().enumerate() {
            for verb in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
                if line.contains(&format!("\"{verb} /api/")) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "name these calls by obshell_protocol::{{obshell,ocp}}::calls:\n{}",
        found.join("\n")
    );
}
