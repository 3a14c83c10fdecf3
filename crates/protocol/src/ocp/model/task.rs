//! OCP's tasks and subtasks as the console reads them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::nullable::nullable;

crate::open_enum! {
    /// A task's status: `RUNNING` `FAILED` `SUCCESSFUL` (FAILED covers a failed rollback too).
    #[derive(Default)]
    pub enum TaskStatus {
        #[default]
        Running = "RUNNING",
        Failed = "FAILED",
        Successful = "SUCCESSFUL",
    }
}

impl TaskStatus {
    /// SUCCESSFUL or FAILED: the task has stopped (a FAILED task may still be retried).
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Successful | Self::Failed)
    }
}

crate::open_enum! {
    /// A subtask's status.
    #[derive(Default)]
    pub enum SubtaskStatus {
        #[default]
        Pending = "PENDING",
        Ready = "READY",
        Running = "RUNNING",
        Canceling = "CANCELING",
        Failed = "FAILED",
        Successful = "SUCCESSFUL",
    }
}

/// What a task or subtask is doing: OCP's own types accept either case, so this decodes
/// case-insensitively and keeps an unknown value as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Operation {
    #[default]
    Execute,
    Retry,
    Rollback,
    Skip,
    Cancel,
    RollbackSkip,
    Other(&'static str),
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Execute => "EXECUTE",
            Self::Retry => "RETRY",
            Self::Rollback => "ROLLBACK",
            Self::Skip => "SKIP",
            Self::Cancel => "CANCEL",
            Self::RollbackSkip => "ROLLBACK_SKIP",
            Self::Other(text) => text,
        }
    }

    pub fn from_wire(text: &str) -> Self {
        match text.to_ascii_uppercase().as_str() {
            "EXECUTE" => Self::Execute,
            "RETRY" => Self::Retry,
            "ROLLBACK" => Self::Rollback,
            "SKIP" => Self::Skip,
            "CANCEL" => Self::Cancel,
            "ROLLBACK_SKIP" => Self::RollbackSkip,
            _ => Self::Other(crate::open_enum::intern(text)),
        }
    }
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Operation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Operation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Option::<std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(text.map(|t| Self::from_wire(&t)).unwrap_or_default())
    }
}

/// Who started a task: `"admin"` in the addReplica sample, `{id, name}` in the task-detail one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Creator {
    pub id: Option<i64>,
    pub name: String,
}

impl Serialize for Creator {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.id {
            Some(id) => {
                use serde::ser::SerializeStruct;
                let mut st = s.serialize_struct("Creator", 2)?;
                st.serialize_field("id", &id)?;
                st.serialize_field("name", &self.name)?;
                st.end()
            }
            None => s.serialize_str(&self.name),
        }
    }
}

impl<'de> Deserialize<'de> for Creator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Object {
                #[serde(default)]
                id: Option<i64>,
                #[serde(default)]
                name: Option<String>,
            },
        }
        Ok(match Option::<Raw>::deserialize(d)? {
            None => Self::default(),
            Some(Raw::Name(name)) => Self { id: None, name },
            Some(Raw::Object { id, name }) => Self {
                id,
                name: name.unwrap_or_default(),
            },
        })
    }
}

/// A JSON string holding JSON, or the JSON itself: kept as a value either way.
fn json_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match &value {
        serde_json::Value::String(text) => serde_json::from_str(text).unwrap_or(value),
        _ => value,
    })
}

fn minus_one() -> i64 {
    -1
}

/// A task instance with its subtasks (OCP's WrappedTaskInstance; the list's BasicTaskInstance
/// decodes into it too).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Task {
    pub id: i64,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_definition_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<i64>,
    pub creator: Creator,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(deserialize_with = "status_or_default")]
    pub status: TaskStatus,
    pub operation: Operation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executor: Option<String>,
    #[serde(
        deserialize_with = "json_or_string",
        skip_serializing_if = "serde_json::Value::is_null"
    )]
    pub context: serde_json::Value,
    pub prohibit_rollback: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish_time: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub subtasks: Vec<Subtask>,
}

fn status_or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// One subtask: a node of the task's graph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Subtask {
    pub id: i64,
    pub name: String,
    /// Execution order (the list's order means nothing).
    pub series_id: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub class_name: String,
    /// Seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(deserialize_with = "status_or_default")]
    pub status: SubtaskStatus,
    pub operation: Operation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executor: Option<String>,
    /// How many times it has run.
    pub run_time: i64,
    #[serde(
        deserialize_with = "json_or_string",
        skip_serializing_if = "serde_json::Value::is_null"
    )]
    pub context: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish_time: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub node_type: String,
    /// −1 when not one of a parallel group.
    #[serde(alias = "paralleIdx", default = "minus_one")]
    pub parallel_idx: i64,
    #[serde(deserialize_with = "nullable")]
    pub upstreams: Vec<i64>,
    #[serde(alias = "downstream", deserialize_with = "nullable")]
    pub downstreams: Vec<i64>,
    pub prohibit_rollback: bool,
}

impl Subtask {
    /// Part of a group that runs side by side.
    pub fn is_parallel(&self) -> bool {
        self.parallel_idx >= 0
    }
}

/// `GET …/subtasks/{id}/log`: the whole log each time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubtaskLog {
    pub log: String,
}
