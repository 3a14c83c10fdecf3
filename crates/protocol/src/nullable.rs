//! Go marshals a nil slice or map as `null`, and the agent gives no guarantee per field which
//! of its lists are nil when empty (docs/protocol/obshell.md §3.2). Every list and map of every
//! payload is read through these helpers, so `null` is the same as empty; `tests/nulls.rs` proves
//! it for every position of every payload the console decodes.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// A list or map where `null` (or a missing key, with `#[serde(default)]`) means empty.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A map of lists where both the map and any of its lists may be `null`.
pub fn nullable_lists<'de, D, T>(deserializer: D) -> Result<BTreeMap<String, Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let raw: Option<BTreeMap<String, Option<Vec<T>>>> = Option::deserialize(deserializer)?;
    Ok(raw
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect())
}
