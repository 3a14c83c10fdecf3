//! Capacity strings (`16G`, `4GB`, `512M`) as the agent accepts them: `^[1-9][0-9]*[KMGTP]B?$`,
//! case-insensitive, binary units.

/// Bytes of a capacity string, or `None` when it is not of the agent's form.
pub fn parse_capacity(text: &str) -> Option<i64> {
    let upper = text.to_ascii_uppercase();
    let body = upper.strip_suffix('B').unwrap_or(&upper);
    let (digits, unit) = body.split_at(body.len().checked_sub(1)?);
    let shift = match unit {
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        "P" => 50,
        _ => return None,
    };
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok()?.checked_mul(1i64 << shift)
}

/// How many times its memory a unit config's log disk is when the request names none
/// (OceanBase's default for `CREATE RESOURCE UNIT` without `LOG_DISK_SIZE`).
pub const LOG_DISK_PER_MEMORY: i64 = 3;

/// The log disk of a unit config created without `log_disk_size`: three times its memory,
/// never overflowing (saturates at `i64::MAX`; a negative memory gives 0).
pub fn default_log_disk(memory_bytes: i64) -> i64 {
    memory_bytes.max(0).saturating_mul(LOG_DISK_PER_MEMORY)
}

/// A byte count in the agent's human form (`8.0G`, `512.0M`).
pub fn format_capacity(bytes: i64) -> String {
    const UNITS: [&str; 6] = ["B", "K", "M", "G", "T", "P"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1}{}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_capacity_strings() {
        assert_eq!(parse_capacity("16G"), Some(16 << 30));
        assert_eq!(parse_capacity("4gb"), Some(4 << 30));
        assert_eq!(parse_capacity("512M"), Some(512 << 20));
        assert_eq!(parse_capacity("1T"), Some(1 << 40));
        for bad in [
            "", "G", "0G", "016G", "1.5G", "16", "16X", "16 G", "-1G", "16GiB",
        ] {
            assert_eq!(parse_capacity(bad), None, "{bad}");
        }
        assert_eq!(format_capacity(8 << 30), "8.0G");
        assert_eq!(format_capacity(1536 << 20), "1.5G");
    }

    #[test]
    fn default_log_disk_is_three_times_memory_and_cannot_overflow() {
        assert_eq!(default_log_disk(4 << 30), 12 << 30);
        assert_eq!(default_log_disk(i64::MAX / 2), i64::MAX);
        assert_eq!(default_log_disk(i64::MAX), i64::MAX);
        assert_eq!(default_log_disk(-1), 0);
    }
}
