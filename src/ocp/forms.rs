//! The three OCP replica forms as plain data: what the operator typed, checked field by field
//! and then with OCP's own rules (`obshell_protocol::ocp::rules`), every problem at once. Each
//! error names the zone, the field, the rule and the OCP code it would be refused with.

use obshell_protocol::obshell::replica::{preview, Locality, Preview, TenantReplicas};
use obshell_protocol::ocp::codes::{self, OcpCode};
use obshell_protocol::ocp::rules::{self, OcpViolation};
use obshell_protocol::ocp::{
    Cluster, DeleteReplica, ModifyReplica, PoolChange, PoolSpec, ReplicaSpec, ReplicaType, Tenant,
    UnitSpec,
};

crate::texts! {
    /// The replica forms' own texts: field names, unfinished fields, and what OCP's rules mean.
    mod tx {
        field_zone: "zone" => "Zone",
        field_replica_type: "replica type" => "副本类型",
        field_unit_spec: "unit spec" => "资源单元规格",
        field_unit_count: "unit count" => "单元数量",
        field_request: "request" => "请求",
        row: "row {0}" => "第 {0} 行",
        tenant: "tenant" => "租户",
        choose_zone: "choose a zone" => "请选择 Zone",
        choose_spec: "choose a unit spec" => "请选择资源单元规格",
        whole_number: "must be a whole number (got '{0}')" => "须为整数（当前为“{0}”）",
        tick_zones: "tick the zones whose replicas go" => "请勾选要删除副本的 Zone",
        change_something: "change the type, unit spec or unit count of at least one zone" => "请至少修改一个 Zone 的副本类型、资源单元规格或单元数量",
        spec_option: "{0} ({1} CPU, {2} GB memory)" => "{0}（{1} 核 CPU，{2} GB 内存）",
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

/// The replica types a form offers.
pub const REPLICA_TYPES: [&str; 3] = ["FULL", "LOGONLY", "READONLY"];

/// One problem: where, which rule, and OCP's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcpFormError {
    /// Row of the form; `None` for the tenant as a whole.
    pub row: Option<usize>,
    /// The zone of that row, when chosen.
    pub zone: Option<String>,
    /// OCP's field name (`zoneName`, `replicaType`, `resourcePool.unitSpecName`,
    /// `resourcePool.unitCount`); `None` for the tenant.
    pub field: Option<&'static str>,
    /// The rule or problem, in the console's language ([`rule_message`] for OCP's rules).
    pub message: String,
    /// OCP's own (English) message for a rule, shown beside [`Self::message`] in a language
    /// other than English; `None` for the console's own checks.
    pub ocp_message: Option<String>,
    pub code: OcpCode,
    /// The OceanBase error OCP would pass on (for 10011).
    pub detail: Option<String>,
    /// Found by OCP's rules (shown at once), rather than an unfinished field (shown once the
    /// person tried to send).
    pub from_rules: bool,
}

/// The form's label of an OCP field.
pub fn field_label(field: &str) -> &'static str {
    let t = tx::t();
    match field {
        "zoneName" => t.field_zone,
        "replicaType" => t.field_replica_type,
        "resourcePool.unitSpecName" => t.field_unit_spec,
        "resourcePool.unitCount" => t.field_unit_count,
        _ => t.field_request,
    }
}

impl OcpFormError {
    /// `zone2 · unit count (resourcePool.unitCount): …`
    pub fn place(&self) -> String {
        let zone = match (&self.zone, self.row) {
            (Some(z), _) if !z.is_empty() => Some(z.clone()),
            (_, Some(r)) => Some(crate::core::i18n::fill(tx::t().row, &[&(r + 1)])),
            _ => None,
        };
        match (zone, self.field) {
            (Some(z), Some(f)) => format!("{z} · {} ({f})", field_label(f)),
            (Some(z), None) => z,
            (None, Some(f)) => format!("{} ({f})", field_label(f)),
            (None, None) => tx::t().tenant.to_owned(),
        }
    }

    /// `OCP 60011 OB_TENANT_UNIT_COUNT_EXCEED_ACTIVE_SERVER`
    pub fn code_text(&self) -> String {
        format!("OCP {} {}", self.code.code, self.code.name)
    }
}

fn typed(row: usize, zone: &str, field: &'static str, message: String) -> OcpFormError {
    OcpFormError {
        row: Some(row),
        zone: (!zone.is_empty()).then(|| zone.to_owned()),
        field: Some(field),
        message,
        ocp_message: None,
        code: codes::COMMON_ILLEGAL_ARGUMENT,
        detail: None,
        from_rules: false,
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
fn from_violations(
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

fn parse_count(text: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| crate::core::i18n::fill(tx::t().whole_number, &[&text.trim()]))
}

/// The tenant as the agent forms' preview reads it.
pub fn replicas_view(tenant: &Tenant) -> TenantReplicas {
    TenantReplicas {
        name: tenant.name.clone(),
        locality: rules::locality_of(tenant),
        primary_zone: tenant.primary_zone.clone(),
        unit_num: rules::tenant_unit_count(tenant).unwrap_or(1),
        enable_rebalance: true,
        pools: Vec::new(),
    }
}

/// Locality before and after, FULL count and majority.
pub fn preview_of(tenant: &Tenant, after: &Locality) -> Preview {
    preview(&replicas_view(tenant), after)
}

/// One zone of the add form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddRowInput {
    pub zone: String,
    pub replica_type: String,
    pub unit_spec: String,
    pub unit_count: String,
}

/// What an add form sends, and the locality it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddPlan {
    pub request: Vec<ReplicaSpec>,
    pub after: Locality,
}

/// Checks the add form: every problem, or the request.
pub fn validate_add(
    rows: &[AddRowInput],
    tenant: &Tenant,
    cluster: &Cluster,
    specs: &[UnitSpec],
) -> Result<AddPlan, Vec<OcpFormError>> {
    let mut errors = Vec::new();
    let mut request = Vec::new();
    let mut index = Vec::new();
    let zones: Vec<String> = rows.iter().map(|r| r.zone.clone()).collect();
    for (i, r) in rows.iter().enumerate() {
        let mut ok = true;
        if r.zone.trim().is_empty() {
            errors.push(typed(i, "", "zoneName", tx::t().choose_zone.into()));
            ok = false;
        }
        if r.unit_spec.trim().is_empty() {
            errors.push(typed(
                i,
                &r.zone,
                "resourcePool.unitSpecName",
                tx::t().choose_spec.into(),
            ));
            ok = false;
        }
        let count = match parse_count(&r.unit_count) {
            Ok(c) => Some(c),
            Err(m) => {
                errors.push(typed(i, &r.zone, "resourcePool.unitCount", m));
                None
            }
        };
        if let (true, Some(count)) = (ok, count) {
            request.push(ReplicaSpec {
                zone_name: r.zone.trim().to_owned(),
                replica_type: rules::replica_type(r.replica_type.trim()),
                resource_pool: PoolSpec {
                    unit_spec_name: r.unit_spec.trim().to_owned(),
                    unit_count: count,
                },
            });
            index.push(i);
        }
    }
    if !request.is_empty() || errors.is_empty() {
        errors.extend(from_violations(
            rules::check_add(tenant, cluster, specs, &request),
            &index,
            &zones,
            tenant,
        ));
    }
    if errors.is_empty() {
        let after = rules::locality_after(tenant, &request, &[], &[]);
        Ok(AddPlan { request, after })
    } else {
        Err(errors)
    }
}

/// What a delete form sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletePlan {
    pub request: Vec<DeleteReplica>,
    pub after: Locality,
}

/// Checks the delete form (the zones ticked, in the tenant's order).
pub fn validate_delete(zones: &[String], tenant: &Tenant) -> Result<DeletePlan, Vec<OcpFormError>> {
    let request: Vec<DeleteReplica> = zones
        .iter()
        .map(|z| DeleteReplica {
            zone_name: z.clone(),
        })
        .collect();
    let index: Vec<usize> = (0..zones.len()).collect();
    let mut errors = from_violations(rules::check_delete(tenant, &request), &index, zones, tenant);
    if request.is_empty() {
        for e in &mut errors {
            e.from_rules = false;
            e.message = tx::t().tick_zones.into();
            e.ocp_message = None;
            e.field = Some("zoneName");
        }
    }
    if errors.is_empty() {
        let after = rules::locality_after(tenant, &[], &request, &[]);
        Ok(DeletePlan { request, after })
    } else {
        Err(errors)
    }
}

/// One zone of the modify form; an empty field keeps what the zone has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModifyRowInput {
    pub zone: String,
    pub replica_type: String,
    pub unit_spec: String,
    pub unit_count: String,
}

/// What a modify form sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModifyPlan {
    pub request: Vec<ModifyReplica>,
    pub after: Locality,
}

/// Checks the modify form: rows with a change become the request.
pub fn validate_modify(
    rows: &[ModifyRowInput],
    tenant: &Tenant,
    cluster: &Cluster,
    specs: &[UnitSpec],
) -> Result<ModifyPlan, Vec<OcpFormError>> {
    let locality = rules::locality_of(tenant);
    let current_count = rules::tenant_unit_count(tenant);
    let mut errors = Vec::new();
    let mut request = Vec::new();
    let mut index = Vec::new();
    let zones: Vec<String> = rows.iter().map(|r| r.zone.clone()).collect();
    for (i, r) in rows.iter().enumerate() {
        let kind = r.replica_type.trim();
        let replica_type = (!kind.is_empty() && locality.get(&r.zone) != Some(kind))
            .then(|| ReplicaType::from_wire(kind));
        // OCP's tenant detail gives the pool's unit config, not the spec's name: a chosen spec
        // is a change.
        let spec = r.unit_spec.trim();
        let unit_spec_name = (!spec.is_empty()).then(|| spec.to_owned());
        let unit_count = if r.unit_count.trim().is_empty() {
            None
        } else {
            match parse_count(&r.unit_count) {
                Ok(c) if Some(c) == current_count => None,
                Ok(c) => Some(c),
                Err(m) => {
                    errors.push(typed(i, &r.zone, "resourcePool.unitCount", m));
                    continue;
                }
            }
        };
        if replica_type.is_none() && unit_spec_name.is_none() && unit_count.is_none() {
            continue;
        }
        let resource_pool =
            (unit_spec_name.is_some() || unit_count.is_some()).then_some(PoolChange {
                unit_spec_name,
                unit_count,
            });
        request.push(ModifyReplica {
            zone_name: r.zone.clone(),
            replica_type,
            resource_pool,
        });
        index.push(i);
    }
    if request.is_empty() && errors.is_empty() {
        errors.push(OcpFormError {
            row: None,
            zone: None,
            field: None,
            message: tx::t().change_something.into(),
            ocp_message: None,
            code: codes::COMMON_ILLEGAL_ARGUMENT,
            detail: None,
            from_rules: false,
        });
    } else if !request.is_empty() {
        errors.extend(from_violations(
            rules::check_modify(tenant, cluster, specs, &request),
            &index,
            &zones,
            tenant,
        ));
    }
    if errors.is_empty() {
        let after = rules::locality_after(tenant, &[], &[], &request);
        Ok(ModifyPlan { request, after })
    } else {
        Err(errors)
    }
}

/// A unit spec as the forms list it: `S1 (2 CPU, 8 GB memory)`.
pub fn spec_label(s: &UnitSpec) -> String {
    fn n(x: f64) -> String {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x}")
        }
    }
    let cpu = if s.min_cpu_core_count > 0.0 && s.min_cpu_core_count != s.max_cpu_core_count {
        format!("{}–{}", n(s.min_cpu_core_count), n(s.max_cpu_core_count))
    } else {
        n(s.max_cpu_core_count)
    };
    crate::core::i18n::fill(tx::t().spec_option, &[&s.name, &cpu, &n(s.max_memory_size)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use obshell_protocol::ocp::model::ResourcePool;
    use obshell_protocol::ocp::{Server, TenantZone, Zone};

    fn cluster() -> Cluster {
        let server = |ip: &str, zone: &str, status: &str| Server {
            ip: ip.into(),
            zone_name: zone.into(),
            status: status.into(),
            ..Server::default()
        };
        let zone = |name: &str, servers: Vec<Server>| Zone {
            name: name.into(),
            servers,
            ..Zone::default()
        };
        Cluster {
            id: 1,
            zones: vec![
                zone("zone1", vec![server("10.0.0.1", "zone1", "RUNNING")]),
                zone("zone2", vec![server("10.0.0.2", "zone2", "RUNNING")]),
                zone(
                    "zone3",
                    vec![
                        server("10.0.0.3", "zone3", "RUNNING"),
                        server("10.0.0.4", "zone3", "STOPPED"),
                    ],
                ),
                zone("zone4", vec![server("10.0.0.5", "zone4", "RUNNING")]),
            ],
            ..Cluster::default()
        }
    }

    fn tenant(status: &str) -> Tenant {
        let zone = |name: &str, id: i64| TenantZone {
            name: name.into(),
            replica_type: "FULL".into(),
            resource_pool: Some(ResourcePool {
                id,
                name: "S0".into(),
                unit_count: 1,
                unit_config: None,
            }),
            units: vec![],
        };
        Tenant {
            id: 2,
            name: "t1".into(),
            status: status.into(),
            primary_zone: "zone1".into(),
            locality: "FULL{1}@zone1, FULL{1}@zone2".into(),
            zones: vec![zone("zone1", 1), zone("zone2", 2)],
            ..Tenant::default()
        }
    }

    fn specs() -> Vec<UnitSpec> {
        vec![
            UnitSpec {
                name: "S0".into(),
                max_cpu_core_count: 1.0,
                max_memory_size: 4.0,
                ..UnitSpec::default()
            },
            UnitSpec {
                name: "S1".into(),
                min_cpu_core_count: 1.0,
                max_cpu_core_count: 2.0,
                max_memory_size: 8.0,
                ..UnitSpec::default()
            },
        ]
    }

    fn row(zone: &str, kind: &str, spec: &str, count: &str) -> AddRowInput {
        AddRowInput {
            zone: zone.into(),
            replica_type: kind.into(),
            unit_spec: spec.into(),
            unit_count: count.into(),
        }
    }

    fn codes_of(e: &[OcpFormError]) -> Vec<i64> {
        e.iter().map(|x| x.code.code).collect()
    }

    #[test]
    fn adding_two_zones_previews_the_locality() {
        let plan = validate_add(
            &[
                row("zone3", "FULL", "S0", "1"),
                row("zone4", "READONLY", "S1", "1"),
            ],
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
        )
        .expect("valid");
        assert_eq!(plan.request.len(), 2);
        assert_eq!(plan.request[1].replica_type, ReplicaType::ReadOnly);
        let p = preview_of(&tenant("NORMAL"), &plan.after);
        assert_eq!(p.locality_before, "FULL{1}@zone1, FULL{1}@zone2");
        assert_eq!(
            p.locality_after,
            "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3, READONLY{1}@zone4"
        );
        assert_eq!((p.full_before, p.full_after, p.majority_kept), (2, 3, true));
    }

    #[test]
    fn every_add_rule_names_its_field_and_code() {
        let t = tenant("NORMAL");
        // Tenant not NORMAL: 60003, for the tenant.
        let e = validate_add(
            &[row("zone3", "FULL", "S0", "1")],
            &tenant("MODIFYING"),
            &cluster(),
            &specs(),
        )
        .expect_err("busy");
        assert_eq!(codes_of(&e), [60003]);
        assert_eq!((e[0].row, e[0].field), (None, None));
        assert_eq!(e[0].place(), "tenant");
        // The zone already has a replica: 60007 on zoneName.
        let e = validate_add(&[row("zone1", "FULL", "S0", "1")], &t, &cluster(), &specs())
            .expect_err("in locality");
        assert_eq!(codes_of(&e), [60007]);
        assert_eq!(e[0].place(), "zone1 · zone (zoneName)");
        assert!(e[0].from_rules);
        // Unit count 0: 60010; above the ACTIVE servers: 60011.
        let e = validate_add(&[row("zone3", "FULL", "S0", "0")], &t, &cluster(), &specs())
            .expect_err("zero");
        assert_eq!(codes_of(&e), [60010]);
        assert_eq!(e[0].field, Some("resourcePool.unitCount"));
        let e = validate_add(&[row("zone3", "FULL", "S0", "2")], &t, &cluster(), &specs())
            .expect_err("too many");
        assert_eq!(codes_of(&e), [60011]);
        assert_eq!(
            e[0].code_text(),
            "OCP 60011 OB_TENANT_UNIT_COUNT_EXCEED_ACTIVE_SERVER"
        );
        assert_eq!(e[0].place(), "zone3 · unit count (resourcePool.unitCount)");
        // An unknown replica type.
        let e = validate_add(
            &[row("zone3", "PAXOS", "S0", "1")],
            &t,
            &cluster(),
            &specs(),
        )
        .expect_err("type");
        assert_eq!(codes_of(&e), [10001]);
        assert_eq!(e[0].field, Some("replicaType"));
        // A unit count other than the tenant's: OceanBase refuses (10011, error 4179).
        let mut c = cluster();
        c.zones[2].servers[1].status = "RUNNING".into();
        let e =
            validate_add(&[row("zone3", "FULL", "S0", "2")], &t, &c, &specs()).expect_err("uneven");
        assert_eq!(codes_of(&e), [10011]);
        assert!(e[0].detail.as_deref().is_some_and(|d| d.contains("4179")));
    }

    #[test]
    fn unfinished_rows_are_named_and_the_others_still_checked() {
        let e = validate_add(
            &[row("", "FULL", "", "x"), row("zone1", "FULL", "S0", "1")],
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
        )
        .expect_err("unfinished");
        let places: Vec<String> = e.iter().map(OcpFormError::place).collect();
        assert_eq!(
            places,
            [
                "row 1 · zone (zoneName)",
                "row 1 · unit spec (resourcePool.unitSpecName)",
                "row 1 · unit count (resourcePool.unitCount)",
                "zone1 · zone (zoneName)",
            ]
        );
        assert_eq!(codes_of(&e), [10001, 10001, 10001, 60007]);
        assert_eq!(
            e.iter().map(|x| x.from_rules).collect::<Vec<_>>(),
            [false, false, false, true]
        );
        // The same zone twice.
        let e = validate_add(
            &[
                row("zone3", "FULL", "S0", "1"),
                row("zone3", "FULL", "S0", "1"),
            ],
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
        )
        .expect_err("twice");
        assert_eq!((e[0].row, e[0].code.code), (Some(1), 60007));
    }

    #[test]
    fn delete_keeps_a_full_replica() {
        let t = tenant("NORMAL");
        let plan = validate_delete(&["zone2".into()], &t).expect("valid");
        let p = preview_of(&t, &plan.after);
        assert_eq!(p.locality_after, "FULL{1}@zone1");
        assert!(!p.majority_kept);
        let e = validate_delete(&["zone1".into(), "zone2".into()], &t).expect_err("none left");
        assert_eq!(codes_of(&e), [60006]);
        let e = validate_delete(&[], &t).expect_err("nothing");
        assert_eq!(e[0].field, Some("zoneName"));
        assert!(!e[0].from_rules);
        let e = validate_delete(&["zone2".into()], &tenant("DELETING")).expect_err("busy");
        assert_eq!(codes_of(&e), [60003]);
    }

    fn mrow(zone: &str, kind: &str, spec: &str, count: &str) -> ModifyRowInput {
        ModifyRowInput {
            zone: zone.into(),
            replica_type: kind.into(),
            unit_spec: spec.into(),
            unit_count: count.into(),
        }
    }

    #[test]
    fn modify_sends_only_changes_and_keeps_the_unit_count_even() {
        let t = tenant("NORMAL");
        let plan = validate_modify(
            &[
                mrow("zone1", "FULL", "", "1"),
                mrow("zone2", "READONLY", "S1", ""),
            ],
            &t,
            &cluster(),
            &specs(),
        )
        .expect("valid");
        assert_eq!(plan.request.len(), 1);
        assert_eq!(plan.request[0].zone_name, "zone2");
        assert_eq!(plan.request[0].replica_type, Some(ReplicaType::ReadOnly));
        assert_eq!(
            plan.request[0].resource_pool,
            Some(PoolChange {
                unit_spec_name: Some("S1".into()),
                unit_count: None
            })
        );
        assert_eq!(
            plan.after.to_ob_string(),
            "FULL{1}@zone1, READONLY{1}@zone2"
        );
        // Nothing changed.
        let e = validate_modify(&[mrow("zone1", "FULL", "", "1")], &t, &cluster(), &specs())
            .expect_err("no change");
        assert_eq!((e[0].field, e[0].code.code), (None, 10001));
        // A new unit count for one zone only: 60012 (and zone1 has one ACTIVE server: 60011).
        let e = validate_modify(
            &[mrow("zone1", "", "", "2"), mrow("zone2", "", "", "")],
            &t,
            &cluster(),
            &specs(),
        )
        .expect_err("uneven");
        assert_eq!(codes_of(&e), [60011, 60012]);
        assert!(e.iter().all(|x| x.field == Some("resourcePool.unitCount")));
        let e = validate_modify(&[mrow("zone1", "", "", "two")], &t, &cluster(), &specs())
            .expect_err("not a number");
        assert_eq!(e[0].place(), "zone1 · unit count (resourcePool.unitCount)");
    }

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

    #[test]
    fn specs_read_with_cpu_and_memory() {
        assert_eq!(spec_label(&specs()[0]), "S0 (1 CPU, 4 GB memory)");
        assert_eq!(spec_label(&specs()[1]), "S1 (1–2 CPU, 8 GB memory)");
    }
}
