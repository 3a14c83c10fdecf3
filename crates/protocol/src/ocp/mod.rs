//! OCP's API v2 for tenant replicas and tasks (`docs/protocol/ocp.md`), shared by the console,
//! which calls it, and the simulated OCP, which serves it: the envelope and its errors, the
//! error codes, the payloads (decoded leniently where OCP's docs and samples disagree, §2.3), the
//! replica rules OCP checks before it creates a task, and the task operations' preconditions.

pub mod calls;
pub mod codes;
pub mod envelope;
pub mod model;
pub mod ops;
pub mod paths;
pub mod plan;
pub mod request;
pub mod rules;

pub use codes::OcpCode;
pub use envelope::{OcpEnvelope, OcpError, Page, PageInfo, SubError};
pub use model::{
    Cluster, Creator, Operation, Server, Subtask, SubtaskLog, SubtaskStatus, Task, TaskStatus,
    Tenant, TenantZone, Unit, UnitConfig, UnitSpec, Zone,
};
pub use request::{
    DeleteReplica, ModifyPrimaryZone, ModifyReplica, PoolChange, PoolSpec, ReplicaSpec, ReplicaType,
};
