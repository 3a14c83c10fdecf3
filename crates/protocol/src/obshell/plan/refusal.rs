//! Why a target cannot be reached safely (docs/protocol/obshell.md §4.13): the agent's own rule,
//! quoted with its catalogue entry, or the planner's majority rule.

use super::step::Operation;
use crate::obshell::catalog::Violation;

/// Why [`plan`](super::plan) refuses a target, before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanRefusal {
    /// The target breaks one of the agent's rules by itself, whatever the path (a type the routes
    /// refuse, a primary zone naming a zone that keeps no replica, a primary zone across
    /// regions, …).
    Target(Violation),
    /// The target has no FULL replica: a tenant needs at least one Paxos member.
    NoFullReplica,
    /// The agent's rule refuses the step the plan needs next, against the state the earlier
    /// steps leave.
    StepRefused {
        /// 1-based position of the step in the plan.
        step: usize,
        operation: Operation,
        violation: Violation,
    },
    /// No step can take away the FULL replica of `zones` (delete it or turn it READONLY) and keep
    /// a majority of the `full_before` FULL replicas there are at that point.
    MajorityLost {
        zones: Vec<String>,
        full_before: usize,
    },
    /// The steps do not end at the target (a placement the agent's operations cannot express).
    Unreachable {
        zone: Option<String>,
        reason: String,
    },
}

impl PlanRefusal {
    /// The agent's rule that refuses, when it is one.
    pub fn violation(&self) -> Option<&Violation> {
        match self {
            Self::Target(v) | Self::StepRefused { violation: v, .. } => Some(v),
            _ => None,
        }
    }
}

impl std::fmt::Display for PlanRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Target(v) => write!(f, "the target breaks the agent's rule: {v}"),
            Self::NoFullReplica => write!(f, "the target has no FULL replica"),
            Self::StepRefused {
                step,
                operation,
                violation,
            } => write!(
                f,
                "step {step} ({}, zones {}) would be refused: {violation}",
                operation.dag_name(),
                operation.zones().join(", ")
            ),
            Self::MajorityLost { zones, full_before } => write!(
                f,
                "the FULL replica of {} cannot go: with {full_before} FULL replicas, even one \
                 less leaves no majority",
                zones.join(", ")
            ),
            Self::Unreachable { zone, reason } => match zone {
                Some(zone) => write!(f, "{zone}: {reason}"),
                None => f.write_str(reason),
            },
        }
    }
}
