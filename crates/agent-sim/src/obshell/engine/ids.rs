//! Generic ids (docs/protocol/obshell-tasks.md §5.2): `1<raw>` for cluster tasks, `2<ip as 10
//! digits><port as 5><raw>` for a local task of an IPv4 agent, parsed with the agent's checks and
//! messages.

use std::net::Ipv4Addr;

use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::header::parse_go_int;

use crate::obshell::failure::Failure;

pub const LOCAL_PREFIX_V4: char = '2';

/// Which task an id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenericId {
    Cluster(i64),
    /// A local task of the agent at `ip:port`.
    Local {
        ip: String,
        port: u16,
        raw: i64,
    },
    /// IPv6 and obproxy ids: well-formed but never issued by this simulator.
    Other(i64),
}

fn invalid(id: &str, reason: Option<&str>) -> Failure {
    let base = Failure::from_spec(catalog::TASK_GENERIC_ID_INVALID, &[id.to_owned()]);
    match reason {
        Some(r) => base.wrapped_message(r),
        None => base,
    }
}

impl GenericId {
    pub fn cluster(raw: i64) -> String {
        format!("1{raw}")
    }

    pub fn local(ip: &str, port: u16, raw: i64) -> String {
        let as_int = ip.parse::<Ipv4Addr>().map(u32::from).unwrap_or_default();
        format!("2{as_int:010}{port:05}{raw}")
    }

    /// Parses as the agent's `ConvertGenericID`.
    pub fn parse(id: &str) -> Result<Self, Failure> {
        let Some(first) = id.chars().next() else {
            return Err(invalid(id, None));
        };
        let len = id.len();
        if (first == '1' && len <= 1)
            || (matches!(first, '2' | '4') && len <= 16)
            || (matches!(first, '3' | '5') && len <= 45)
        {
            return Err(invalid(id, None));
        }
        let (ip_end, id_start) = match first {
            '1' => (0, 1),
            '2' | '4' => (11, 16),
            '3' | '5' => (40, 45),
            _ => return Err(invalid(id, Some("invalid generic id"))),
        };
        let mut agent = None;
        if ip_end > 0 {
            let digits = id.get(1..ip_end).unwrap_or_default();
            if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.is_empty() {
                return Err(invalid(id, Some("convert id to bigInt failed")));
            }
            if first == '2' || first == '4' {
                let value: u128 = digits
                    .parse()
                    .map_err(|_| invalid(id, Some("convert id to ip failed")))?;
                // Go takes the big integer's bytes; only exactly four make an IPv4 address.
                let ip = u32::try_from(value)
                    .ok()
                    .filter(|v| *v >= 1 << 24)
                    .map(Ipv4Addr::from)
                    .ok_or_else(|| invalid(id, Some("convert id to ip failed")))?;
                let port: u16 = id
                    .get(ip_end..id_start)
                    .and_then(|p| p.parse().ok())
                    .ok_or_else(|| invalid(id, Some("parse port failed")))?;
                agent = Some((ip.to_string(), port));
            }
        }
        let raw_text = id.get(id_start..).unwrap_or_default();
        let raw = parse_go_int(raw_text).map_err(|e| invalid(id, Some(&e)))?;
        Ok(match (first, agent) {
            ('1', _) => Self::Cluster(raw),
            ('2', Some((ip, port))) => Self::Local { ip, port, raw },
            _ => Self::Other(raw),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_the_agent() {
        assert_eq!(GenericId::cluster(23), "123");
        assert_eq!(GenericId::local("10.0.0.1", 2886, 5), "20167772161028865");
        assert_eq!(
            GenericId::parse("20167772161028865"),
            Ok(GenericId::Local {
                ip: "10.0.0.1".into(),
                port: 2886,
                raw: 5
            })
        );
        assert_eq!(GenericId::parse("123"), Ok(GenericId::Cluster(23)));
    }

    #[test]
    fn refuses_like_the_agent() {
        let msg = |id: &str| GenericId::parse(id).expect_err("invalid").message;
        assert_eq!(msg("abc"), "Invalid ID: abc: invalid generic id");
        assert_eq!(msg("1"), "Invalid ID: 1");
        assert_eq!(msg("2123"), "Invalid ID: 2123");
        assert_eq!(
            msg("1x"),
            "Invalid ID: 1x: strconv.ParseInt: parsing \"x\": invalid syntax"
        );
        let f = GenericId::parse("9").expect_err("invalid");
        assert_eq!((f.status, f.err_code), (400, "Task.GenericID.Invalid"));
    }
}
