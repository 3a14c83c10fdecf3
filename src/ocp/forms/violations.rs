//! OCP's rules in the console's words: a violation found by `obshell_protocol::ocp::rules`
//! becomes a form error on the row and zone it is about.

use obshell_protocol::ocp::codes;
use obshell_protocol::ocp::rules::OcpViolation;
use obshell_protocol::ocp::Tenant;

use super::OcpFormError;

crate::texts! {
    /// What OCP's rules mean, in the console's language.
    mod tx {
        rule_no_replica: "the request names no replica" => "请求中没有任何副本",
        rule_replica_type: "the replica type must be FULL, LOGONLY or READONLY" => "副本类型须为 FULL、LOGONLY 或 READONLY",
        rule_spec_unknown: "OCP has no such unit spec" => "OCP 中没有该资源单元规格",
        rule_ob_unit_count: "OceanBase refuses a new pool whose unit count differs from the tenant's: every zone of a tenant has the same unit count" => "OceanBase 不允许新资源池的单元数量与租户现有的不同：同一租户各 Zone 的单元数量须一致",
        rule_zone_not_in_cluster: "the cluster has no zone {0}" => "集群中没有 Zone {0}",
        rule_tenant_busy: "tenant {0} is not NORMAL: wait for its running task to end" => "租户 {0} 的状态不是 NORMAL：请等待其正在执行的任务结束",
        rule_no_full_left: "tenant {0} would keep no FULL replica" => "删除后租户 {0} 将不再有全能型副本（FULL）",
        rule_zone_has_replica: "{0} already has a replica of tenant {1}" => "{0} 已有租户 {1} 的副本",
        rule_zone_twice: "{0} is listed twice" => "{0} 在表单中出现了两次",
        rule_zone_not_in_tenant: "tenant {1} has no replica in {0}" => "租户 {1} 在 {0} 中没有副本",
        rule_unit_count_zero: "the unit count must be at least 1" => "单元数量至少为 1",
        rule_unit_count_active: "the unit count exceeds the ACTIVE servers of {0}" => "单元数量超过了 {0} 中 ACTIVE 状态的服务器数",
        rule_unit_count_same: "a new unit count must be given for every zone of tenant {0}" => "新的单元数量须同时用于租户 {0} 的每个 Zone",
        ocp_says: "OCP's own words: {0}" => "OCP 原文：{0}",
    }
}

/// **The one place where a result of OCP's rules becomes the text the form shows.**
///
/// `obshell_protocol::ocp::rules` (shared with the simulated OCP) words each refusal as OCP
/// does, in English, with its values inside the message; its structured parts are the code, the
/// field and the element of the request. English shows OCP's message byte for byte; another
/// language says the rule from the code and field, naming the zone and the tenant, and the form
/// shows OCP's own message beside it (the values: unit counts, ACTIVE servers). Should the
/// protocol crate one day carry the values as fields, only this function changes.
pub fn rule_message(v: &OcpViolation, zone: Option<&str>, tenant: &str, twice: bool) -> String {
    rule_message_in(crate::core::i18n::lang(), v, zone, tenant, twice)
}

/// [`rule_message`] in a given language.
pub fn rule_message_in(
    lang: crate::core::i18n::Lang,
    v: &OcpViolation,
    zone: Option<&str>,
    tenant: &str,
    twice: bool,
) -> String {
    if lang == crate::core::i18n::Lang::En {
        return v.message.clone();
    }
    let t = tx::in_lang(lang);
    let zone = zone.filter(|z| !z.is_empty()).unwrap_or("Zone");
    let fill = |text: &str| crate::core::i18n::fill(text, &[&zone, &tenant]);
    let c = v.code.code;
    match c {
        _ if c == codes::COMMON_ILLEGAL_ARGUMENT.code => match v.field {
            Some("replicaType") => t.rule_replica_type.to_owned(),
            _ => t.rule_no_replica.to_owned(),
        },
        _ if c == codes::COMMON_NOT_FOUND.code => t.rule_spec_unknown.to_owned(),
        _ if c == codes::COMMON_OB_OPERATION_FAILED.code => t.rule_ob_unit_count.to_owned(),
        _ if c == codes::OB_ZONE_NAME_NOT_FOUND.code => fill(t.rule_zone_not_in_cluster),
        _ if c == codes::OB_TENANT_STATUS_NOT_NORMAL.code => {
            crate::core::i18n::fill(t.rule_tenant_busy, &[&tenant])
        }
        _ if c == codes::OB_TENANT_REMAIN_ZONE_COUNT_INVALID.code => {
            crate::core::i18n::fill(t.rule_no_full_left, &[&tenant])
        }
        _ if c == codes::OB_TENANT_ZONE_NOT_VALID.code && twice => fill(t.rule_zone_twice),
        _ if c == codes::OB_TENANT_ZONE_NOT_VALID.code => fill(t.rule_zone_has_replica),
        _ if c == codes::OB_TENANT_ZONE_NOT_FOUND.code => fill(t.rule_zone_not_in_tenant),
        _ if c == codes::OB_TENANT_UNIT_COUNT_NOT_VALID.code => t.rule_unit_count_zero.to_owned(),
        _ if c == codes::OB_TENANT_UNIT_COUNT_EXCEED_ACTIVE_SERVER.code => {
            fill(t.rule_unit_count_active)
        }
        _ if c == codes::OB_TENANT_UNIT_COUNT_NOT_SAME_IN_EACH_ZONES.code => {
            crate::core::i18n::fill(t.rule_unit_count_same, &[&tenant])
        }
        // A rule this function does not know yet: OCP's message as it is.
        _ => v.message.clone(),
    }
}

/// OCP's own words beside a translated rule (`None` in English, where they are the message).
fn ocp_words(v: &OcpViolation) -> Option<String> {
    (crate::core::i18n::lang() != crate::core::i18n::Lang::En)
        .then(|| crate::core::i18n::fill(tx::t().ocp_says, &[&v.message]))
}

/// Maps OCP's violations (indexed into the request) back onto form rows.
pub(super) fn from_violations(
    v: Vec<OcpViolation>,
    rows: &[usize],
    zones: &[String],
    tenant: &Tenant,
) -> Vec<OcpFormError> {
    v.into_iter()
        .map(|x| {
            let row = x.index.and_then(|i| rows.get(i).copied());
            let zone = row.and_then(|r| zones.get(r)).cloned();
            // The same zone on an earlier row: "listed twice" rather than "already has one".
            let twice = match (row, &zone) {
                (Some(r), Some(z)) => zones[..r.min(zones.len())].contains(z),
                _ => false,
            };
            OcpFormError {
                message: rule_message(&x, zone.as_deref(), &tenant.name, twice),
                ocp_message: ocp_words(&x),
                zone,
                row,
                field: x.field,
                code: x.code,
                detail: x.sub_error.map(|s| s.describe()),
                from_rules: true,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{cluster, row, specs, tenant};
    use super::super::{validate_add, AddRowInput};
    use super::*;
    use obshell_protocol::ocp::rules;
    use obshell_protocol::ocp::{PoolSpec, ReplicaSpec, ReplicaType};

    #[test]
    fn rules_are_said_in_chinese_naming_zone_and_tenant() {
        use crate::core::i18n::Lang;
        let t = tenant("NORMAL");
        let in_zh = |rows: &[AddRowInput]| {
            let e = validate_add(rows, &t, &cluster(), &specs()).expect_err("refused");
            let r = rules::check_add(
                &t,
                &cluster(),
                &specs(),
                &[ReplicaSpec {
                    zone_name: e[0].zone.clone().unwrap_or_default(),
                    replica_type: ReplicaType::Full,
                    resource_pool: PoolSpec {
                        unit_spec_name: "S0".into(),
                        unit_count: rows[0].unit_count.parse().unwrap_or(1),
                    },
                }],
            );
            (
                e[0].message.clone(),
                rule_message_in(Lang::Zh, &r[0], e[0].zone.as_deref(), &t.name, false),
            )
        };
        // English: OCP's message as the rules word it (the e2e specs read it).
        let (en, zh) = in_zh(&[row("zone3", "FULL", "S0", "2")]);
        assert_eq!(
            en,
            "Unit count exceeds the ACTIVE servers of the zone: 2 units, zone zone3 has 1 ACTIVE servers."
        );
        assert_eq!(zh, "单元数量超过了 zone3 中 ACTIVE 状态的服务器数");
        let (_, zh) = in_zh(&[row("zone1", "FULL", "S0", "1")]);
        assert_eq!(zh, "zone1 已有租户 t1 的副本");
        let (_, zh) = in_zh(&[row("zone3", "FULL", "S0", "0")]);
        assert_eq!(zh, "单元数量至少为 1");
        // Every rule code the forms can meet has a Chinese sentence (none falls back to English).
        for code in [
            codes::COMMON_ILLEGAL_ARGUMENT,
            codes::COMMON_NOT_FOUND,
            codes::COMMON_OB_OPERATION_FAILED,
            codes::OB_ZONE_NAME_NOT_FOUND,
            codes::OB_TENANT_STATUS_NOT_NORMAL,
            codes::OB_TENANT_REMAIN_ZONE_COUNT_INVALID,
            codes::OB_TENANT_ZONE_NOT_VALID,
            codes::OB_TENANT_ZONE_NOT_FOUND,
            codes::OB_TENANT_UNIT_COUNT_NOT_VALID,
            codes::OB_TENANT_UNIT_COUNT_EXCEED_ACTIVE_SERVER,
            codes::OB_TENANT_UNIT_COUNT_NOT_SAME_IN_EACH_ZONES,
        ] {
            let v = OcpViolation {
                code,
                message: code.message("x"),
                index: Some(0),
                field: Some("zoneName"),
                sub_error: None,
            };
            let zh = rule_message_in(Lang::Zh, &v, Some("zone2"), "t1", false);
            assert_ne!(zh, v.message, "{}", code.name);
            assert!(!zh.contains('{'), "{zh}");
        }
    }
}
