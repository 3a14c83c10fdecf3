//! OCP payloads the console reads (docs/protocol/ocp.md §2.3, §3). Decoding is lenient where OCP's
//! docs and its samples disagree: unknown fields are ignored, every list may be `null` or missing,
//! `creator` is a string or `{id, name}`, `context` a JSON string or an object, and the docs'
//! spellings `paralleIdx` / `downstream` are accepted beside the samples' `parallelIdx` /
//! `downstreams`.

mod cluster;
mod task;

pub use cluster::{
    Cluster, ResourcePool, Server, Tenant, TenantZone, Unit, UnitConfig, UnitSpec, Zone,
};
pub use task::{Creator, Operation, Subtask, SubtaskLog, SubtaskStatus, Task, TaskStatus};
