//! Request bodies of the three replica calls: each a JSON array, one element per zone (the
//! seed's `addReplica` sample).

use serde::{Deserialize, Serialize};

crate::open_enum! {
    /// `FULL` `LOGONLY` `READONLY`.
    pub enum ReplicaType {
        Full = "FULL",
        LogOnly = "LOGONLY",
        ReadOnly = "READONLY",
    }
}

/// One zone of `addReplica`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSpec {
    pub zone_name: String,
    pub replica_type: ReplicaType,
    pub resource_pool: PoolSpec,
}

/// The pool of an added replica.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolSpec {
    pub unit_spec_name: String,
    pub unit_count: i64,
}

/// One zone of `deleteReplica`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteReplica {
    pub zone_name: String,
}

/// One zone of `modifyReplica`: what is absent stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModifyReplica {
    pub zone_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica_type: Option<ReplicaType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_pool: Option<PoolChange>,
}

/// The body of `modifyPrimaryZone`: zones by priority (`;` between priorities, `,` within one),
/// or `RANDOM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModifyPrimaryZone {
    pub primary_zone: String,
}

/// A pool change of `modifyReplica`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_spec_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_count: Option<i64>,
}
