//! Wire types shared by the browser console and the simulators, one module per backend:
//!
//! - [`obshell`]: the OBShell agent API, with its hybrid encryption (see
//!   docs/protocol/obshell-auth.md §2, docs/protocol/obshell.md §3), error catalog, versions,
//!   DAG names and replica rules;
//! - [`ocp`]: OCP's API v2 for tenant replicas and tasks (`docs/protocol/ocp.md`).
//!
//! At the top are only the helpers both backends use: [`plan`] (a change plan's document and
//! progress), [`calls`] (how each backend's list of
//! the console's calls is written), [`nullable`] (a `null` list is
//! an empty one), [`open_enum`] (enums that keep values they do not know), [`sort`] (stable sorting
//! with one copy of the code) and [`time`] (the RFC 3339 timestamps both send). [`ocp`] also reads a tenant's locality with
//! [`obshell::replica::Locality`]; [`obshell`] uses nothing of [`ocp`].

pub mod calls;
pub mod nullable;
pub mod obshell;
pub mod ocp;
pub mod open_enum;
pub mod plan;
pub mod sort;
pub mod time;
