//! Prints the Python script of a plan (docs/protocol/obshell.md §4.15): the plan document's JSON
//! on stdin, the agent's address as `--host H --port P` (default 127.0.0.1:2886).
//!
//! `cargo run -q -p obshell-protocol --example export_plan -- --host 10.0.1.1 --port 2886 < plan.json`

use std::io::{Read, Write};
use std::process::ExitCode;

use obshell_protocol::obshell::plan::{export_python, ExportTarget, PlanDoc};

fn main() -> ExitCode {
    let mut agent = ExportTarget {
        host: "127.0.0.1".to_owned(),
        port: 2886,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match (flag.as_str(), value.parse()) {
            ("--host", _) if !value.is_empty() => agent.host = value,
            ("--port", Ok(port)) => agent.port = port,
            _ => return fail("usage: export_plan --host HOST --port PORT < plan.json"),
        }
    }
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        return fail("stdin is not UTF-8 text");
    }
    let Some(doc) = PlanDoc::from_json(&text) else {
        return fail("stdin is not a plan document of this format");
    };
    match std::io::stdout().write_all(export_python(&doc, &agent).as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "{message}");
    ExitCode::from(2)
}
