//! Scale-out: the new host, its zone and its observer configs, checked before sending.

use std::collections::BTreeMap;
use std::net::IpAddr;

use obshell_protocol::obshell::capacity::parse_capacity;
use obshell_protocol::obshell::model::task::{AgentTarget, ScaleOutRequest};

use super::FieldError;
use crate::core::i18n::fill;

/// The config keys the form offers (values are strings, as the agent requires).
pub const COMMON_KEYS: [&str; 8] = [
    "rpc_port",
    "mysql_port",
    "memory_limit",
    "system_memory",
    "log_disk_size",
    "datafile_size",
    "data_dir",
    "redo_dir",
];

const PORT_KEYS: [(&str, &str); 2] = [("rpc_port", "rpcPort"), ("mysql_port", "mysqlPort")];
const CAPACITY_KEYS: [&str; 4] = [
    "memory_limit",
    "system_memory",
    "log_disk_size",
    "datafile_size",
];

/// The form as typed.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ScaleOutForm {
    pub ip: String,
    pub port: String,
    pub zone: String,
    /// Key → value for the common keys (empty values are left out).
    pub common: BTreeMap<String, String>,
    /// Free key/value rows.
    pub extra: Vec<(String, String)>,
    /// The new host's agent password, sent as typed (never trimmed); empty: not sent.
    pub target_agent_password: String,
}

impl std::fmt::Debug for ScaleOutForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScaleOutForm")
            .field("ip", &self.ip)
            .field("port", &self.port)
            .field("zone", &self.zone)
            .field("common", &self.common)
            .field("extra", &self.extra)
            .field(
                "target_agent_password",
                &if self.target_agent_password.is_empty() {
                    "(none)"
                } else {
                    "(set)"
                },
            )
            .finish()
    }
}

impl Drop for ScaleOutForm {
    /// The target agent password is wiped with the form.
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.target_agent_password);
    }
}

crate::texts! {
    /// The scale-out form's checks.
    mod tx {
        ip_invalid: "Agent IP: must be an IPv4 or IPv6 address (got '{0}')" => "Agent IP：必须是 IPv4 或 IPv6 地址（填写的是 '{0}'）",
        port_invalid: "Agent port: must be a number from 1 to 65535 (got '{0}')" => "Agent 端口：必须是 1 到 65535 之间的数字（填写的是 '{0}'）",
        already_agent: "Agent IP: {0}:{1} is already an agent of this cluster" => "Agent IP：{0}:{1} 已经是本集群的 Agent",
        already_server: "Agent IP: {0}:{1} is already an OBServer of this cluster" => "Agent IP：{0}:{1} 已经是本集群的 OBServer",
        zone_required: "Zone: choose a zone or type a new zone name" => "Zone：请选择一个 Zone，或输入新 Zone 的名称",
        zone_chars: "Zone: letters, digits and _ only (got '{0}')" => "Zone：只能包含字母、数字和 _（填写的是 '{0}'）",
        config_no_key: "Config: a value ('{0}') has no key" => "配置项：值 '{0}' 没有配置项名称",
        config_twice: "Config: '{0}' is given twice" => "配置项：'{0}' 填写了两次",
        config_alias: "Config: '{0}' ({1}) and its alias '{2}' ({3}) differ" => "配置项：'{0}'（{1}）与其别名 '{2}'（{3}）的值不同",
        config_port: "Config: '{0}' must be a port from 1025 to 65535 (got '{1}')" => "配置项：'{0}' 必须是 1025 到 65535 之间的端口（填写的是 '{1}'）",
        config_size: "Config: '{0}' must be a size like 16G (got '{1}')" => "配置项：'{0}' 必须是形如 16G 的容量（填写的是 '{1}'）",
        ip_twice: "Agent IP: {0} is already in row {1}" => "Agent IP：{0} 已在第 {1} 行中",
    }
}

fn err(field: &'static str, message: String) -> FieldError {
    FieldError {
        row: 0,
        field,
        message,
    }
}

/// Checks the form; `servers` are the cluster's `ip:rpc_port` and `agents` its `ip:agent_port`.
pub fn validate_scale_out(
    f: &ScaleOutForm,
    servers: &[String],
    agents: &[String],
) -> Result<ScaleOutRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let ip = f.ip.trim();
    if ip.parse::<IpAddr>().is_err() {
        errors.push(err("ip", fill(tx::t().ip_invalid, &[&ip])));
    }
    let port = match f.port.trim().parse::<u16>() {
        Ok(p) if p > 0 => p,
        _ => {
            errors.push(err("port", fill(tx::t().port_invalid, &[&f.port.trim()])));
            0
        }
    };
    if agents.iter().any(|a| *a == format!("{ip}:{port}")) {
        errors.push(err("ip", fill(tx::t().already_agent, &[&ip, &port])));
    }
    let zone = f.zone.trim();
    if zone.is_empty() {
        errors.push(err("zone", tx::t().zone_required.to_owned()));
    } else if !zone.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        errors.push(err("zone", fill(tx::t().zone_chars, &[&zone])));
    }
    let mut configs: BTreeMap<String, String> = BTreeMap::new();
    for (key, value) in f
        .common
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .chain(f.extra.iter().cloned())
    {
        let (key, value) = (key.trim().to_owned(), value.trim().to_owned());
        if key.is_empty() && value.is_empty() {
            continue;
        }
        if key.is_empty() {
            errors.push(err("config", fill(tx::t().config_no_key, &[&value])));
            continue;
        }
        if value.is_empty() {
            continue;
        }
        if configs.contains_key(&key) {
            errors.push(err("config", fill(tx::t().config_twice, &[&key])));
            continue;
        }
        configs.insert(key, value);
    }
    for (snake, camel) in PORT_KEYS {
        if let (Some(a), Some(b)) = (configs.get(snake), configs.get(camel)) {
            if a != b {
                errors.push(err(
                    "config",
                    fill(tx::t().config_alias, &[&snake, a, &camel, b]),
                ));
            }
        }
        let value = configs.get(snake).or_else(|| configs.get(camel));
        if let Some(v) = value {
            match v.parse::<u16>() {
                Ok(p) if p > 1024 => {}
                _ => errors.push(err("config", fill(tx::t().config_port, &[&snake, v]))),
            }
        }
    }
    for key in CAPACITY_KEYS {
        if let Some(v) = configs.get(key) {
            if parse_capacity(v).is_none() {
                errors.push(err("config", fill(tx::t().config_size, &[&key, v])));
            }
        }
    }
    let rpc = configs
        .get("rpc_port")
        .or_else(|| configs.get("rpcPort"))
        .cloned()
        .unwrap_or_else(|| "2882".to_owned());
    if servers.iter().any(|s| *s == format!("{ip}:{rpc}")) {
        errors.push(err("ip", fill(tx::t().already_server, &[&ip, &rpc])));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ScaleOutRequest {
        agent_info: AgentTarget {
            ip: ip.to_owned(),
            port,
        },
        zone: zone.to_owned(),
        ob_configs: configs,
        target_agent_password: f.target_agent_password.clone(),
    })
}

/// One row of the form that adds several servers: a host, its agent port and its zone, with the
/// single form's configs as they are when nothing is typed (none sent: the agent's defaults) and
/// no target agent password.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScaleOutRow {
    pub ip: String,
    pub port: String,
    pub zone: String,
}

impl ScaleOutRow {
    /// The single form filled with this row alone.
    fn form(&self) -> ScaleOutForm {
        ScaleOutForm {
            ip: self.ip.clone(),
            port: self.port.clone(),
            zone: self.zone.clone(),
            common: BTreeMap::new(),
            extra: Vec::new(),
            target_agent_password: String::new(),
        }
    }
}

/// Checks each row with [`validate_scale_out`]'s rules (each error carries its row's index), and
/// that no IP is given in two rows (the later row is named, with the earlier one).
pub fn validate_scale_outs(
    rows: &[ScaleOutRow],
    servers: &[String],
    agents: &[String],
) -> Result<Vec<ScaleOutRequest>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut requests = Vec::new();
    // The same address however it is typed (`fd00::4` and `fd00:0::4`).
    let key = |ip: &str| {
        let ip = ip.trim();
        ip.parse::<IpAddr>()
            .map_or_else(|_| ip.to_owned(), |a| a.to_string())
    };
    for (i, row) in rows.iter().enumerate() {
        match validate_scale_out(&row.form(), servers, agents) {
            Ok(request) => requests.push(request),
            Err(found) => errors.extend(found.into_iter().map(|e| FieldError { row: i, ..e })),
        }
        let ip = key(&row.ip);
        if let Some(first) = rows[..i]
            .iter()
            .position(|r| !ip.is_empty() && key(&r.ip) == ip)
        {
            errors.push(FieldError {
                row: i,
                field: "ip",
                message: fill(tx::t().ip_twice, &[&row.ip.trim(), &(first + 1)]),
            });
        }
    }
    if errors.is_empty() {
        Ok(requests)
    } else {
        obshell_protocol::sort::by_key(&mut errors, |e| e.row);
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(ip: &str, extra: &[(&str, &str)]) -> ScaleOutForm {
        ScaleOutForm {
            ip: ip.into(),
            port: "2886".into(),
            zone: "zone4".into(),
            common: [
                ("rpc_port".to_owned(), "2882".to_owned()),
                ("memory_limit".to_owned(), "16G".to_owned()),
            ]
            .into(),
            extra: extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            target_agent_password: String::new(),
        }
    }

    #[test]
    fn a_valid_form_sends_strings() {
        let req =
            validate_scale_out(&form("10.0.4.1", &[("cpu_count", "8")]), &[], &[]).expect("valid");
        assert_eq!(
            req.ob_configs.get("cpu_count").map(String::as_str),
            Some("8")
        );
        assert_eq!(
            req.agent_info,
            AgentTarget {
                ip: "10.0.4.1".into(),
                port: 2886
            }
        );
        let json = serde_json::to_string(&req).expect("json");
        assert!(
            json.contains(r#""agentInfo":{"ip":"10.0.4.1","port":2886}"#)
                && json.contains(r#""rpc_port":"2882""#)
        );
        assert!(
            validate_scale_out(&form("fd00::4", &[]), &[], &[]).is_ok(),
            "IPv6"
        );
        assert!(!json.contains("targetAgentPassword"), "not sent when empty");
    }

    #[test]
    fn the_target_agent_password_is_sent_as_typed_and_never_shown() {
        let mut f = form("10.0.4.1", &[]);
        f.target_agent_password = " pass word ".into();
        let req = validate_scale_out(&f, &[], &[]).expect("valid");
        assert_eq!(req.target_agent_password, " pass word ");
        let json = serde_json::to_string(&req).expect("json");
        assert!(json.contains(r#""targetAgentPassword":" pass word ""#));
        assert!(!format!("{f:?} {req:?}").contains("pass word"));
    }

    #[test]
    fn each_rule_names_its_field() {
        let fields = |f: &ScaleOutForm, servers: &[String]| {
            validate_scale_out(f, servers, &["10.0.1.1:2886".into()])
                .expect_err("invalid")
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(&form("10.0.4", &[]), &[]),
            ["Agent IP: must be an IPv4 or IPv6 address (got '10.0.4')"]
        );
        assert_eq!(
            fields(&form("10.0.4.1", &[("rpcPort", "2883")]), &[]),
            ["Config: 'rpc_port' (2882) and its alias 'rpcPort' (2883) differ"]
        );
        assert_eq!(
            fields(&form("10.0.4.1", &[("mysql_port", "80")]), &[]),
            ["Config: 'mysql_port' must be a port from 1025 to 65535 (got '80')"]
        );
        assert_eq!(
            fields(&form("10.0.4.1", &[("log_disk_size", "lots")]), &[]),
            ["Config: 'log_disk_size' must be a size like 16G (got 'lots')"]
        );
        assert_eq!(
            fields(&form("10.0.4.1", &[]), &["10.0.4.1:2882".into()]),
            ["Agent IP: 10.0.4.1:2882 is already an OBServer of this cluster"]
        );
        assert_eq!(
            fields(&form("10.0.1.1", &[]), &[]),
            ["Agent IP: 10.0.1.1:2886 is already an agent of this cluster"]
        );
        let mut bad_port = form("10.0.4.1", &[]);
        bad_port.port = "70000".into();
        assert_eq!(
            fields(&bad_port, &[]),
            ["Agent port: must be a number from 1 to 65535 (got '70000')"]
        );
    }

    fn row(ip: &str, zone: &str) -> ScaleOutRow {
        ScaleOutRow {
            ip: ip.into(),
            port: "2886".into(),
            zone: zone.into(),
        }
    }

    #[test]
    fn several_rows_send_what_the_single_form_sends_with_nothing_typed() {
        let reqs = validate_scale_outs(
            &[row("10.0.4.1", "zone4"), row(" 10.0.4.2 ", "zone1")],
            &[],
            &[],
        )
        .expect("valid");
        assert_eq!(reqs.len(), 2);
        assert_eq!(reqs[1].agent_info.ip, "10.0.4.2");
        assert_eq!(reqs[1].zone, "zone1");
        let single = ScaleOutForm {
            ip: "10.0.4.1".into(),
            port: "2886".into(),
            zone: "zone4".into(),
            common: COMMON_KEYS
                .iter()
                .map(|k| ((*k).to_owned(), String::new()))
                .collect(),
            extra: Vec::new(),
            target_agent_password: String::new(),
        };
        assert_eq!(
            validate_scale_out(&single, &[], &[]).expect("valid"),
            reqs[0],
            "the single form's defaults"
        );
    }

    #[test]
    fn errors_name_their_row_and_an_ip_given_twice() {
        let errors = validate_scale_outs(
            &[
                row("10.0.4.1", "zone4"),
                row("10.0.4.2", "zone 4"),
                row("10.0.4.1", "zone1"),
            ],
            &["10.0.1.1:2882".into()],
            &[],
        )
        .expect_err("invalid");
        let found: Vec<(usize, &str, &str)> = errors
            .iter()
            .map(|e| (e.row, e.field, e.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (1, "zone", "Zone: letters, digits and _ only (got 'zone 4')"),
                (2, "ip", "Agent IP: 10.0.4.1 is already in row 1"),
            ]
        );
        let server =
            validate_scale_outs(&[row("10.0.1.1", "zone1")], &["10.0.1.1:2882".into()], &[])
                .expect_err("a server");
        assert_eq!(server[0].row, 0);
        assert_eq!(server[0].field, "ip");
    }
}
