//! A plan as a Python script for the official OBShell SDK (docs/protocol/obshell.md §4.15): the
//! steps not done yet as data, and one runner that checks, sends once, waits and reads back.
//! Every value of the document reaches the script as an escaped string or number literal, and
//! the script is plain ASCII; it never holds a password.

use serde_json::{json, Value};

use super::document::{Change, Expect, Goal, PlanDoc, PlanStep};
use super::step::Operation;
use crate::plan::StepState;

/// The SDK release the script is written for (its quirks are in the runner's comments).
pub const SDK_VERSION: &str = "0.0.9";

/// The runner, the same in every script: reads the `STEPS` table written before it.
const RUNNER: &str = include_str!("export_runner.py");

/// The agent the console talks to: the script's default address (`OBSHELL_AGENT` overrides it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportTarget {
    pub host: String,
    pub port: u16,
}

/// The script that runs the steps of `doc` that are not done, in order, against `agent`.
pub fn export_python(doc: &PlanDoc, agent: &ExportTarget) -> String {
    let mut out = String::from("#!/usr/bin/env python3\n");
    out.push_str(&docstring(doc, agent));
    out.push('\n');
    for (name, value) in [
        ("PLAN_ID", py_str(&doc.id)),
        ("AGENT_HOST", py_str(&agent.host)),
        ("AGENT_PORT", agent.port.to_string()),
        ("SDK_VERSION", py_str(SDK_VERSION)),
    ] {
        out.push_str(&format!("{name} = {value}\n"));
    }
    out.push_str("\n# The steps still to run, in order; \"n\" is the step's number in the plan.\n");
    out.push_str("STEPS = [\n");
    for (at, step) in doc.steps.iter().enumerate() {
        if !step.state.is_done() {
            out.push_str(&step_entry(at + 1, step));
        }
    }
    out.push_str("]\n\n");
    out.push_str(RUNNER);
    out
}

fn docstring(doc: &PlanDoc, agent: &ExportTarget) -> String {
    let left = doc.steps.iter().filter(|s| !s.state.is_done()).count();
    let mut lines = vec![
        format!(
            "Change plan {} of {}, exported by obshell-console.",
            shown(&doc.id),
            shown(&doc.backend)
        ),
        String::new(),
        format!("Goal: {}.", goal_text(&doc.goal)),
        format!(
            "{} step(s), {} done before the export, {left} run by this script:",
            doc.steps.len(),
            doc.steps.len() - left
        ),
    ];
    for (at, step) in doc.steps.iter().enumerate() {
        lines.push(format!(
            "  {}. {}{}",
            at + 1,
            what(&step.change),
            state_note(&step.state)
        ));
    }
    if doc.abandoned {
        lines.push("The console marks this plan as abandoned.".to_owned());
    }
    lines.push(String::new());
    lines.extend([
        format!("Needs Python 3 and the official OBShell SDK {SDK_VERSION}"),
        format!("(pip install obshell=={SDK_VERSION})."),
        "Reads the root@sys password from the environment variable OBSHELL_PASSWORD;".into(),
        "this file holds no password.".into(),
        format!(
            "Talks to the agent at {}:{}; OBSHELL_AGENT=host:port overrides that address.",
            shown(&agent.host),
            agent.port
        ),
        String::new(),
        "Each step first reads whether its change is already in place and is skipped then;".into(),
        "otherwise it is sent once (never again by this script), its task is awaited and".into(),
        "the change is read back. The first failure stops the script with a one-line".into(),
        "message naming the step, and the exit status says what happened:".into(),
        "  1  OBSHELL_PASSWORD missing (or OBSHELL_AGENT not host:port): nothing sent".into(),
        "  2  the agent refused the request: that step changed nothing".into(),
        "  3  the step's task failed (see the task id on the agent)".into(),
        "  4  no answer: the outcome is unknown; look for the task on the agent".into(),
        "     before running this again".into(),
        "  5  the task succeeded but the read-back does not show the change".into(),
        "Running it again after a stop skips what is in place and goes on from there.".into(),
    ]);
    let body: Vec<String> = lines.iter().map(|l| py_escape(l)).collect();
    format!("\"\"\"{}\n\"\"\"\n", body.join("\n"))
}

fn state_note(state: &StepState) -> String {
    match state {
        StepState::Pending => String::new(),
        StepState::Done { .. } => " [done, not in this script]".into(),
        StepState::Sending { .. } | StepState::Unknown { .. } => {
            " [outcome unknown when exported: look for its task first]".into()
        }
        StepState::Running { task_id } => {
            format!(" [task {} running when exported]", shown(task_id))
        }
        StepState::Failed { task_id } => format!(" [task {} failed before]", shown(task_id)),
        StepState::Refused { code, .. } => format!(" [refused before: {}]", shown(code)),
    }
}

fn goal_text(goal: &Goal) -> String {
    match goal {
        Goal::Tenant {
            tenant,
            moved: Some((from, to)),
            ..
        } => format!(
            "move a replica of tenant {} from zone {} to zone {}",
            shown(tenant),
            shown(from),
            shown(to)
        ),
        Goal::Tenant { tenant, target, .. } => {
            let zones: Vec<String> = target
                .zones
                .iter()
                .map(|z| {
                    format!(
                        "{} {} ({})",
                        shown(&z.zone),
                        shown(&z.replica_type),
                        shown(&z.unit_config)
                    )
                })
                .collect();
            format!(
                "reshape tenant {} to {}; {} unit(s) per zone; primary zone {}",
                shown(tenant),
                zones.join(", "),
                target.unit_num,
                shown(&target.primary_zone)
            )
        }
        Goal::ScaleOuts => "add servers to the cluster, one after another".into(),
        Goal::Drain {
            zone,
            tenants,
            scale_in,
        } => format!(
            "drain zone {} of {}{}",
            shown(zone),
            tenants
                .iter()
                .map(|t| format!("tenant {}", shown(&t.tenant)))
                .collect::<Vec<_>>()
                .join(", "),
            if *scale_in {
                ", then scale in its servers"
            } else {
                ""
            }
        ),
    }
}

/// One line saying what a change does, names quoted and escaped for a terminal.
fn what(change: &Change) -> String {
    let list = |items: Vec<String>| items.join(", ");
    match change {
        Change::ScaleOut { ip, port, zone, .. } => format!(
            "scale out: server {} (agent port {port}) into zone {}",
            shown(ip),
            shown(zone)
        ),
        Change::ScaleIn { ip, port } => {
            format!("scale in: server {} (agent port {port})", shown(ip))
        }
        Change::Tenant { tenant, operation } => {
            let t = shown(tenant);
            match operation {
                Operation::AddReplicas(zones) => format!(
                    "add to tenant {t}: {}",
                    list(
                        zones
                            .iter()
                            .map(|z| format!(
                                "{} replica in zone {} (unit config {}, {} unit(s))",
                                shown(&z.replica_type.to_ascii_uppercase()),
                                shown(&z.name),
                                shown(&z.unit_config_name),
                                z.unit_num
                            ))
                            .collect()
                    )
                ),
                Operation::ModifyReplicas(zones) => format!(
                    "modify tenant {t}: {}",
                    list(
                        zones
                            .iter()
                            .map(|z| {
                                let mut parts = vec![format!("zone {}", shown(&z.zone_name))];
                                if let Some(kind) = &z.replica_type {
                                    parts.push(format!(
                                        "type {}",
                                        shown(&kind.to_ascii_uppercase())
                                    ));
                                }
                                if let Some(config) = &z.unit_config_name {
                                    parts.push(format!("unit config {}", shown(config)));
                                }
                                if let Some(n) = z.unit_num {
                                    parts.push(format!("{n} unit(s)"));
                                }
                                parts.join(" ")
                            })
                            .collect()
                    )
                ),
                Operation::SetPrimaryZone(pz) => {
                    format!("set the primary zone of tenant {t} to {}", shown(pz))
                }
                Operation::DeleteReplicas(zones) => format!(
                    "delete the replicas of tenant {t} in zone(s) {}",
                    list(zones.iter().map(|z| shown(z)).collect())
                ),
            }
        }
    }
}

/// One entry of the `STEPS` table: the SDK call by name with its arguments, and what the
/// read-back must show afterwards.
fn step_entry(number: usize, step: &PlanStep) -> String {
    let mut fields: Vec<(&str, Value)> =
        vec![("n", json!(number)), ("what", json!(what(&step.change)))];
    match &step.change {
        Change::Tenant { tenant, operation } => {
            let (call, key, args) = match operation {
                Operation::AddReplicas(zones) => (
                    "add_tenant_replica",
                    "zones",
                    zones
                        .iter()
                        .map(|z| {
                            json!({
                                "zone": z.name,
                                "unit_config_name": z.unit_config_name,
                                "unit_num": z.unit_num,
                                "replica_type": z.replica_type.to_ascii_uppercase(),
                            })
                        })
                        .collect(),
                ),
                Operation::ModifyReplicas(zones) => (
                    "modify_tenant_replica",
                    "zones",
                    zones.iter().map(modify_entry).collect(),
                ),
                Operation::SetPrimaryZone(pz) => {
                    ("set_tenant_primary_zone", "primary_zone", json!(pz))
                }
                Operation::DeleteReplicas(zones) => {
                    ("delete_tenant_replica", "zones", json!(zones))
                }
            };
            fields.push(("call", json!(call)));
            fields.push(("tenant", json!(tenant)));
            fields.push((key, args));
        }
        Change::ScaleOut {
            ip,
            port,
            zone,
            ob_configs,
        } => {
            fields.push(("call", json!("scale_out")));
            fields.push(("ip", json!(ip)));
            fields.push(("port", json!(port)));
            fields.push(("zone", json!(zone)));
            fields.push(("ob_configs", json!(ob_configs)));
        }
        Change::ScaleIn { ip, port } => {
            fields.push(("call", json!("scale_in")));
            fields.push(("ip", json!(ip)));
            fields.push(("port", json!(port)));
        }
    }
    let expect = match &step.expect {
        Expect::Tenant {
            locality,
            unit_num,
            primary_zone,
            unit_configs,
        } => json!({
            "kind": "tenant",
            "tenant": step.change.tenant().unwrap_or_default(),
            "locality": locality,
            "unit_num": unit_num,
            "primary_zone": primary_zone,
            "unit_configs": unit_configs,
        }),
        Expect::Server { ip, zone } => json!({ "kind": "server", "ip": ip, "zone": zone }),
        Expect::ServerGone { ip } => json!({ "kind": "server_gone", "ip": ip }),
    };
    fields.push(("expect", expect));
    let mut out = String::from("    {\n");
    for (key, value) in fields {
        out.push_str(&format!("        {}: {},\n", py_str(key), py_value(&value)));
    }
    out.push_str("    },\n");
    out
}

/// A modify entry with only the fields the step sets (the SDK sends only those), the type
/// upper-case (the agent's modify route does not upper-case it).
fn modify_entry(z: &crate::obshell::replica::ModifyZone) -> Value {
    let mut entry = serde_json::Map::new();
    entry.insert("zone_name".into(), json!(z.zone_name));
    if let Some(config) = &z.unit_config_name {
        entry.insert("unit_config_name".into(), json!(config));
    }
    if let Some(n) = z.unit_num {
        entry.insert("unit_num".into(), json!(n));
    }
    if let Some(kind) = &z.replica_type {
        entry.insert("replica_type".into(), json!(kind.to_ascii_uppercase()));
    }
    Value::Object(entry)
}

/// `text` for a message: as it is when it is a plain name, otherwise quoted with control and
/// invisible characters escaped, so that a hostile name cannot move the cursor, reorder a line
/// or hide part of it.
fn shown(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-:;,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.escape_debug())
    }
}

/// A Python literal for a JSON value (strings by [`py_str`], integers as they are).
fn py_value(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_str(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(py_value).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py_value(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

/// A Python string literal of `text`, ASCII only: printable ASCII as it is, everything else
/// escaped (so no quote, backslash, line break or invisible character can end or bend it).
fn py_str(text: &str) -> String {
    format!("\"{}\"", py_escape(text))
}

/// The inside of a `"…"` or `"""…"""` literal that evaluates to `text`.
fn py_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if u32::from(c) < 0x100 => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if u32::from(c) < 0x1_0000 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out
}
