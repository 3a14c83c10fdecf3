//! deploy/install.sh refuses every backend name and prefix the console would refuse in
//! `console.json` (src/core/backend.rs), in the console's own words, before anything is written:
//! the script spells the rules again in bash (an operator's machine has no Rust), and this test
//! keeps the two spellings in step.

use std::path::{Path, PathBuf};
use std::process::Command;

use obshell_console::core::backend::parse;

/// A scratch folder with what the script's other checks need: a built console (an index.html
/// with an inline script) and a certificate and key it only looks at.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("install-rules-{}-{test}", std::process::id()));
        std::fs::create_dir_all(dir.join("dist")).expect("scratch");
        std::fs::create_dir_all(dir.join("out")).expect("scratch");
        std::fs::write(
            dir.join("dist/index.html"),
            "<html><script type=\"module\">boot()</script></html>",
        )
        .expect("index.html");
        std::fs::write(
            dir.join("cert.pem"),
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
        )
        .expect("cert");
        std::fs::write(
            dir.join("key.pem"),
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
        )
        .expect("key");
        Self(dir)
    }

    /// The script's stderr for these backends, `None` when it accepted them.
    fn refusal(&self, backends: &[String]) -> Option<String> {
        let p = |rel: &str| self.0.join(rel).display().to_string();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/install.sh");
        let mut cmd = Command::new("bash");
        cmd.arg(script)
            .args(["--render-only", &p("out"), "--dir", &p("install")])
            .args(["--dist-from", &p("dist"), "--listen", "127.0.0.1:1"])
            .args(["--cert", &p("cert.pem"), "--key", &p("key.pem")]);
        for b in backends {
            cmd.args(["--backend", b]);
        }
        let out = cmd.output().expect("bash runs");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if out.status.success() {
            None
        } else {
            assert!(
                stderr.contains("nothing was written"),
                "a refusal says nothing was written: {stderr}"
            );
            Some(stderr)
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The console's rule for `field` when it refuses these backends (`name, prefix` each).
fn console_rule(backends: &[(&str, &str)], field: &str) -> Option<String> {
    let items: Vec<String> = backends
        .iter()
        .map(|(n, p)| {
            format!(
                r#"{{"name":{},"kind":"obshell","prefix":{}}}"#,
                serde_json::Value::from(*n),
                serde_json::Value::from(*p)
            )
        })
        .collect();
    let refused = parse(&format!(r#"{{"backends":[{}]}}"#, items.join(",")))
        .err()?
        .to_string();
    let (_, rule) = refused
        .split_once(&format!(": {field}: "))
        .unwrap_or_else(|| panic!("{refused} is about {field}"));
    Some(rule.to_owned())
}

#[test]
fn names_the_console_refuses_are_refused_in_its_words() {
    let scratch = Scratch::new("names");
    let long = "n".repeat(32);
    let too_long = "n".repeat(33);
    for name in [
        "demo", "e.ast", "a_b-c", "-x", "...", &long, &too_long, ".", "..", "a b", "a/b", "é",
        "a\"b", "a$b",
    ] {
        let console = console_rule(&[(name, "")], "name");
        let script = scratch.refusal(&[format!("{name},obshell,127.0.0.1:2886")]);
        match (&console, &script) {
            (None, None) => {}
            (Some(rule), Some(said)) => {
                assert!(said.contains(rule), "{name:?}: {said} names {rule}")
            }
            _ => panic!("{name:?}: the console says {console:?}, install.sh {script:?}"),
        }
    }
    // Twice the same name.
    let twice = scratch.refusal(&[
        "demo,obshell,127.0.0.1:2886".to_owned(),
        "demo,obshell,127.0.0.1:2887".to_owned(),
    ]);
    let rule = console_rule(&[("demo", ""), ("demo", "/agents/demo")], "name");
    assert!(twice.expect("refused").contains(&rule.expect("refused")));
}

#[test]
fn prefixes_the_console_refuses_are_refused_in_its_words() {
    let scratch = Scratch::new("prefixes");
    for prefix in [
        "/agents/east",
        "/agents/east/",
        "agents/east",
        "/agents/../east",
        "/agents/e%61st",
        "/agents/east?x",
        "/agents/east#x",
        "/agents/ea st",
        "/other/east",
    ] {
        let console = console_rule(&[("demo", ""), ("east", prefix)], "prefix");
        let script = scratch.refusal(&[
            "demo,obshell,127.0.0.1:2886".to_owned(),
            format!("east,obshell,127.0.0.1:2887,{prefix}"),
        ]);
        match (&console, &script) {
            (Some(rule), Some(said)) => {
                assert!(said.contains(rule), "{prefix:?}: {said} names {rule}")
            }
            (Some(_), None) => panic!("{prefix:?}: the console refuses it, install.sh accepts it"),
            // A prefix the console accepts but this nginx does not serve is refused for that.
            (None, Some(said)) => assert!(
                said.contains("this nginx serves an agent at"),
                "{prefix:?}: {said}"
            ),
            (None, None) => {}
        }
    }
}
