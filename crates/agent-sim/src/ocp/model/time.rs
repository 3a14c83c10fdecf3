//! OCP's time formats (its samples are at +08:00).

use chrono::{DateTime, FixedOffset, Offset, Utc};

/// OCP's time format: `2021-06-30T11:33:14.296+08:00` (OCP's samples are at +08:00).
pub fn ocp_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&beijing())
        .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
        .to_string()
}

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// A log line's time: `2021-06-30 11:33:14.296` at +08:00.
pub fn log_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&beijing())
        .format("%Y-%m-%d %H:%M:%S%.3f")
        .to_string()
}
