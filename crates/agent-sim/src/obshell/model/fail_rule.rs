//! Injected failures, armed by the `/__sim/fail-node` fault switch: a node name, optionally
//! narrowed to one DAG name and one tenant, with a number of matching DAGs to let pass first.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One armed failure. A DAG matches when it has a node named `node` and every filter given
/// (`dag`, `tenant`) matches; the first `skip` matching DAGs pass, the next `times` fail at
/// that node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailRule {
    pub node: String,
    /// The DAG's name ("Scale in tenant replicas"); any DAG when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dag: Option<String>,
    /// The DAG's maintenance key, the tenant's name for a tenant DAG; any DAG when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// Matching DAGs still to let pass before the rule fires.
    #[serde(default)]
    pub skip: u32,
    /// Matching DAGs still to fail (after the skipped ones).
    pub times: u32,
}

/// A field of a `/__sim/fail-node` body that is unknown or has a wrong value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

const FIELDS: [&str; 5] = ["node", "dag", "tenant", "skip", "times"];

fn bad(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_owned(),
        message: message.into(),
    }
}

fn text(body: &Map<String, Value>, field: &str) -> Result<Option<String>, FieldError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Err(bad(field, format!("{field} is empty"))),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(field, format!("{field} must be a string"))),
    }
}

fn count(body: &Map<String, Value>, field: &str, default: u32) -> Result<u32, FieldError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| bad(field, format!("{field} must be a whole number from 0"))),
    }
}

impl FailRule {
    /// Reads a `/__sim/fail-node` body: `node` (required, not empty), `dag` and `tenant`
    /// (optional, not empty), `skip` (default 0) and `times` (default 1, at least 1).
    pub fn from_json(body: &Value) -> Result<Self, FieldError> {
        let Some(body) = body.as_object() else {
            return Err(bad("", "the body must be a JSON object"));
        };
        if let Some(unknown) = body.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            let message = format!("unknown field '{unknown}' (known: {})", FIELDS.join(", "));
            return Err(bad(unknown, message));
        }
        let node = text(body, "node")?.ok_or_else(|| bad("node", "node is required"))?;
        Ok(Self {
            node,
            dag: text(body, "dag")?,
            tenant: text(body, "tenant")?,
            skip: count(body, "skip", 0)?,
            times: count(body, "times", 1)?.max(1),
        })
    }

    /// Whether a node of this name in a DAG of this name and maintenance key is one this rule
    /// is about.
    fn matches(&self, dag: &str, key: &str, node: &str) -> bool {
        self.node == node
            && self.dag.as_deref().is_none_or(|d| d == dag)
            && self.tenant.as_deref().is_none_or(|t| t == key)
    }
}

/// For a DAG about to be created, with these node names: which nodes fail. Each rule sees a
/// DAG once (at its first node of the rule's name): while it has DAGs to skip it counts this
/// one, otherwise it fails that node if no other rule fails it already. Rules fire in the
/// order they were armed; spent rules are removed.
pub fn arm(rules: &mut Vec<FailRule>, dag: &str, key: &str, nodes: &[&str]) -> Vec<bool> {
    let mut seen = vec![false; rules.len()];
    let failing = nodes
        .iter()
        .map(|node| {
            let mut fails = false;
            for (i, rule) in rules.iter_mut().enumerate() {
                if seen[i] || rule.times == 0 || !rule.matches(dag, key, node) {
                    continue;
                }
                if rule.skip > 0 {
                    rule.skip -= 1;
                    seen[i] = true;
                } else if !fails {
                    rule.times -= 1;
                    seen[i] = true;
                    fails = true;
                }
            }
            fails
        })
        .collect();
    rules.retain(|r| r.times > 0);
    failing
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(body: Value) -> FailRule {
        FailRule::from_json(&body).expect("valid")
    }

    #[test]
    fn a_node_alone_fails_the_next_dag_with_it() {
        let mut rules = vec![rule(json!({"node": "b"}))];
        assert_eq!(arm(&mut rules, "D", "t1", &["a", "c"]), [false, false]);
        assert_eq!(arm(&mut rules, "D", "t1", &["a", "b"]), [false, true]);
        assert!(rules.is_empty());
    }

    #[test]
    fn filters_and_skip() {
        let mut rules = vec![rule(
            json!({"node": "b", "dag": "D", "tenant": "t2", "skip": 1}),
        )];
        assert_eq!(arm(&mut rules, "D", "t1", &["b"]), [false]);
        assert_eq!(arm(&mut rules, "E", "t2", &["b"]), [false]);
        assert_eq!(rules[0].skip, 1, "DAGs that do not match are not counted");
        assert_eq!(arm(&mut rules, "D", "t2", &["b"]), [false]);
        assert_eq!(arm(&mut rules, "D", "t2", &["b"]), [true]);
        assert!(rules.is_empty());
    }

    #[test]
    fn times_counts_dags_and_rules_queue_up() {
        let mut rules = vec![
            rule(json!({"node": "b", "times": 2})),
            rule(json!({"node": "b"})),
        ];
        assert_eq!(arm(&mut rules, "D", "", &["b", "b"]), [true, true]);
        assert_eq!(rules.len(), 1, "each rule fails one node of a DAG");
        assert_eq!(arm(&mut rules, "D", "", &["b"]), [true]);
        assert!(rules.is_empty());
    }

    #[test]
    fn bodies_are_checked_field_by_field() {
        let err = |body: Value| FailRule::from_json(&body).expect_err("invalid").field;
        assert_eq!(err(json!({"node": "b", "tenants": "t"})), "tenants");
        assert_eq!(err(json!({"node": ""})), "node");
        assert_eq!(err(json!({"dag": "D"})), "node");
        assert_eq!(err(json!({"node": "b", "skip": -1})), "skip");
        assert_eq!(err(json!({"node": "b", "times": "2"})), "times");
        assert_eq!(err(json!({"node": "b", "tenant": ""})), "tenant");
        assert_eq!(err(json!(["node"])), "");
        let times = rule(json!({"node": "b", "times": 0, "dag": null}));
        assert_eq!((times.times, times.dag), (1, None));
    }
}
