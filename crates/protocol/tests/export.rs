//! The Python script of a plan (docs/protocol/obshell.md §4.15): each step's SDK call with its
//! arguments, done steps left out, no password, and names of any text kept exact. Whether the
//! script compiles and runs against the simulated agent is tests/sdk/test_export.py's part.

use std::collections::BTreeMap;

use obshell_protocol::obshell::plan::{
    export_python, Change, Expect, ExportTarget, Goal, Operation, Placement, PlanDoc, PlanStep,
    StepState, FORMAT, SDK_VERSION,
};
use obshell_protocol::obshell::replica::{AddZone, ModifyZone};

fn tenant_step(tenant: &str, operation: Operation, primary_zone: &str) -> PlanStep {
    PlanStep {
        change: Change::Tenant {
            tenant: tenant.into(),
            operation,
        },
        expect: Expect::Tenant {
            locality: "FULL{1}@zone2, FULL{1}@zone5".into(),
            unit_num: 1,
            primary_zone: primary_zone.into(),
            unit_configs: Default::default(),
        },
        state: StepState::Pending,
    }
}

/// Every kind of step, on `tenant` and `zone`.
fn doc(tenant: &str, zone: &str) -> PlanDoc {
    let steps = vec![
        tenant_step(
            tenant,
            Operation::AddReplicas(vec![AddZone {
                name: zone.into(),
                replica_type: "FULL".into(),
                unit_config_name: "unit_4c16g".into(),
                unit_num: 1,
            }]),
            "zone1;zone2",
        ),
        tenant_step(
            tenant,
            Operation::ModifyReplicas(vec![ModifyZone {
                zone_name: "zone2".into(),
                replica_type: Some("readonly".into()),
                unit_num: Some(2),
                ..ModifyZone::default()
            }]),
            "zone1;zone2",
        ),
        tenant_step(
            tenant,
            Operation::SetPrimaryZone(format!("{zone};zone2")),
            "zone5;zone2",
        ),
        tenant_step(
            tenant,
            Operation::DeleteReplicas(vec!["zone1".into()]),
            "zone5;zone2",
        ),
        PlanStep {
            change: Change::ScaleOut {
                ip: "10.0.4.1".into(),
                port: 2886,
                zone: zone.into(),
                ob_configs: BTreeMap::from([("rpc_port".to_owned(), "2882".to_owned())]),
            },
            expect: Expect::Server {
                ip: "10.0.4.1".into(),
                zone: zone.into(),
            },
            state: StepState::Pending,
        },
    ];
    PlanDoc {
        format: FORMAT,
        id: "1767000000-ab12".into(),
        backend: "demo".into(),
        goal: Goal::Tenant {
            tenant: tenant.into(),
            target: Placement {
                zones: Vec::new(),
                unit_num: 1,
                primary_zone: "zone5;zone2".into(),
            },
            moved: Some(("zone1".into(), zone.into())),
        },
        created_at: 1_767_000_000,
        start: None,
        steps,
        paused: false,
        abandoned: false,
    }
}

fn agent() -> ExportTarget {
    ExportTarget {
        host: "10.0.1.1".into(),
        port: 2886,
    }
}

/// The entries of the `STEPS` table, each as its lines.
fn entries(script: &str) -> Vec<String> {
    let table = script
        .split_once("\nSTEPS = [\n")
        .and_then(|(_, rest)| rest.split_once("\n]\n"))
        .expect("a STEPS table")
        .0;
    table
        .split("\n    },")
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The value of `"key": …,` in an entry, as written.
fn field<'a>(entry: &'a str, key: &str) -> &'a str {
    let prefix = format!("\"{key}\": ");
    entry
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .and_then(|v| v.strip_suffix(','))
        .unwrap_or_else(|| panic!("no {key} in {entry}"))
}

#[test]
fn each_step_names_its_sdk_call_with_its_arguments() {
    let script = export_python(&doc("orders", "zone5"), &agent());
    assert!(script.starts_with("#!/usr/bin/env python3\n\"\"\""));
    assert!(script.contains("\nAGENT_HOST = \"10.0.1.1\"\nAGENT_PORT = 2886\n"));
    assert!(script.contains(&format!("obshell=={SDK_VERSION}")));
    for text in ["OBSHELL_PASSWORD", "OBSHELL_AGENT=host:port", "5 step(s)"] {
        assert!(script.contains(text), "{text}");
    }
    let e = entries(&script);
    let calls: Vec<&str> = e.iter().map(|e| field(e, "call")).collect();
    assert_eq!(
        calls,
        [
            "\"add_tenant_replica\"",
            "\"modify_tenant_replica\"",
            "\"set_tenant_primary_zone\"",
            "\"delete_tenant_replica\"",
            "\"scale_out\""
        ]
    );
    for entry in &e[..4] {
        assert_eq!(field(entry, "tenant"), "\"orders\"");
    }
    let add = field(&e[0], "zones");
    for part in [
        "\"zone\": \"zone5\"",
        "\"unit_config_name\": \"unit_4c16g\"",
        "\"unit_num\": 1",
        "\"replica_type\": \"FULL\"",
    ] {
        assert!(add.contains(part), "{part} in {add}");
    }
    // Only the fields the modify sets, the type upper-case as the agent's modify route needs.
    let modify = field(&e[1], "zones");
    assert!(modify.contains("\"zone_name\": \"zone2\""), "{modify}");
    assert!(
        modify.contains("\"replica_type\": \"READONLY\""),
        "{modify}"
    );
    assert!(modify.contains("\"unit_num\": 2"), "{modify}");
    assert!(!modify.contains("unit_config_name"), "{modify}");
    assert_eq!(field(&e[2], "primary_zone"), "\"zone5;zone2\"");
    assert_eq!(field(&e[3], "zones"), "[\"zone1\"]");
    assert_eq!(field(&e[4], "ip"), "\"10.0.4.1\"");
    assert_eq!(field(&e[4], "port"), "2886");
    assert_eq!(field(&e[4], "ob_configs"), "{\"rpc_port\": \"2882\"}");
    let expect = field(&e[3], "expect");
    assert!(expect.contains("\"locality\": \"FULL{1}@zone2, FULL{1}@zone5\""));
    assert!(expect.contains("\"primary_zone\": \"zone5;zone2\""));
    // The runner sends with the plain calls and waits itself; never a *_sync call.
    for call in [
        "v1.add_tenant_replica(",
        "v1.modify_tenant_replica(",
        "v1.set_tenant_primary_zone(",
        "v1.delete_tenant_replica(",
        "v1.scale_out(",
        "v1.wait_dag_succeed(",
    ] {
        assert!(script.contains(call), "{call}");
    }
    assert!(!script.contains("_sync("));
}

#[test]
fn done_steps_are_left_out() {
    let mut plan = doc("orders", "zone5");
    plan.steps[0].state = StepState::Done {
        task_id: Some("11".into()),
    };
    plan.steps[2].state = StepState::Done { task_id: None };
    plan.steps[3].state = StepState::Failed {
        task_id: "12".into(),
    };
    let script = export_python(&plan, &agent());
    let numbers: Vec<String> = entries(&script)
        .iter()
        .map(|e| field(e, "n").to_owned())
        .collect();
    assert_eq!(numbers, ["2", "4", "5"]);
    let calls: Vec<String> = entries(&script)
        .iter()
        .map(|e| field(e, "call").to_owned())
        .collect();
    assert_eq!(
        calls,
        [
            "\"modify_tenant_replica\"",
            "\"delete_tenant_replica\"",
            "\"scale_out\""
        ]
    );
    assert!(script.contains("2 done before the export, 3 run by this script"));
    assert!(script.contains("[task 12 failed before]"));
    let all_done = PlanDoc {
        steps: plan
            .steps
            .iter()
            .cloned()
            .map(|s| PlanStep {
                state: StepState::Done { task_id: None },
                ..s
            })
            .collect(),
        ..plan
    };
    assert!(export_python(&all_done, &agent()).contains("\nSTEPS = [\n]\n"));
}

#[test]
fn the_script_holds_no_password() {
    let script = export_python(&doc("orders", "zone5"), &agent());
    for line in script.lines() {
        let lower = line.to_lowercase();
        if lower.contains("password") && lower.trim() != "if not password:" {
            assert!(
                [
                    "obshell_password",
                    "passwordauth",
                    "root@sys password",
                    "no password"
                ]
                .iter()
                .any(|ok| lower.contains(ok)),
                "{line}"
            );
        }
    }
    assert!(!script.contains("agent_password"));
    assert!(script.contains("    password = os.environ.get(\"OBSHELL_PASSWORD\")\n"));
    assert!(script.contains("PasswordAuth(password)"));
    let header = script.split("\n# The runner").next().expect("header");
    let data = header.rsplit("\"\"\"").next().expect("after the docstring");
    assert!(!data.to_lowercase().contains("password"), "{data}");
}

/// Reads one Python string literal as [`export_python`] writes them (`"…"` with `\\`, `\"`,
/// `\n`, `\r`, `\t`, `\xNN`, `\uNNNN`, `\UNNNNNNNN`), returning it and the rest.
fn python_literal(text: &str) -> (String, &str) {
    let body = text.strip_prefix('"').expect("a literal");
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return (out, &body[at + 1..]),
            '\\' => {
                let (_, kind) = chars.next().expect("an escape");
                let width = match kind {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                if width == 0 {
                    out.push(match kind {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        other => other,
                    });
                } else {
                    let hex: String = (0..width)
                        .filter_map(|_| chars.next())
                        .map(|p| p.1)
                        .collect();
                    let code = u32::from_str_radix(&hex, 16).expect("hex");
                    out.push(char::from_u32(code).expect("a char"));
                }
            }
            c => {
                assert!(c.is_ascii() && !c.is_ascii_control(), "raw {c:?}");
                out.push(c);
            }
        }
    }
    panic!("unterminated literal")
}

#[test]
fn hostile_names_are_exact_literals() {
    let names = [
        "t'\"\\\n\r\tx\0",
        "zone \u{202e}evil\u{200b}",
        "\u{4e2d}\u{6587}\u{1f600}",
        "\"\"\"; import os #",
        "end\\",
        "\\N{BULLET}",
    ];
    for tenant in names {
        for zone in names {
            let mut plan = doc(tenant, zone);
            plan.id = zone.into();
            let host = ExportTarget {
                host: tenant.into(),
                port: 1,
            };
            let script = export_python(&plan, &host);
            assert!(script.is_ascii());
            let header = script.split("\n# The runner").next().expect("header");
            assert_eq!(header.matches("\"\"\"").count(), 2, "{header}");
            let e = entries(&script);
            assert_eq!(python_literal(field(&e[0], "tenant")).0, tenant);
            assert_eq!(python_literal(field(&e[4], "zone")).0, zone);
            let primary = field(&e[2], "primary_zone");
            assert_eq!(python_literal(primary).0, format!("{zone};zone2"));
            let zones = field(&e[0], "zones");
            let at = zones.find("\"zone\": ").expect("zone key") + "\"zone\": ".len();
            assert_eq!(python_literal(&zones[at..]).0, zone);
            let host_line = script
                .lines()
                .find_map(|l| l.strip_prefix("AGENT_HOST = "))
                .expect("host");
            assert_eq!(python_literal(host_line), (tenant.to_owned(), ""));
            for entry in &e {
                let what = python_literal(field(entry, "what")).0;
                assert!(!what.chars().any(char::is_control), "{what:?}");
                assert!(!what.contains('\u{202e}'), "{what:?}");
            }
        }
    }
}
