//! The forms as plain data: what the operator typed, checked field by field and then
//! against the agent's own rules (shared with the simulator), before anything is sent.

mod add;
mod delete;
pub mod locks;
mod modify;
mod scale_in;
mod scale_out;

use obshell_protocol::obshell::catalog::{self as c, ErrorSpec, Violation};

pub use add::{validate_add, AddPlan, AddRow, NewSpec, UnitChoice};
pub use delete::{validate_delete, DeletePlan};
pub use modify::{validate_modify, ModifyRow};
pub use scale_in::{validate_scale_in, ScaleInContext, ScaleInForm, ScaleInPlan, ScaleInServer};
pub use scale_out::{
    validate_scale_out, validate_scale_outs, ScaleOutForm, ScaleOutRow, COMMON_KEYS,
};

/// A problem with one field of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Row index in the form (0-based).
    pub row: usize,
    /// Which field: `zone`, `type`, `unit config`, `unit number`, `name`, `CPU`, `memory`,
    /// `log disk` (replicas); `ip`, `port`, `zone`, `config` (scale-out); `server`, `force kill`,
    /// `task` (scale-in).
    pub field: &'static str,
    pub message: String,
}

/// Why a form cannot be sent: field problems, or a rule of the agent that refuses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    Fields(Vec<FieldError>),
    /// The agent would refuse with this code and message; `row` when it names one row.
    Rule {
        violation: Violation,
        row: Option<usize>,
        field: Option<&'static str>,
        hint: Option<String>,
    },
}

impl FormError {
    pub fn rule(violation: Violation, zones: &[String]) -> Self {
        let named = violation
            .args
            .first()
            .and_then(|a| zones.iter().position(|z| z == a));
        let field = field_of(violation.spec);
        let hint = hint_of(violation.spec);
        Self::Rule {
            violation,
            row: named,
            field,
            hint,
        }
    }
}

/// The form field each agent rule is about, keyed on the catalog's entries (a code spelt wrong
/// here would not compile).
const FIELDS: &[(&ErrorSpec, &str)] = &[
    (&c::ZONE_REPEATED, "zone"),
    (&c::ZONE_NOT_EXIST, "zone"),
    (&c::ZONE_ALREADY_HAS_REPLICA, "zone"),
    (&c::ZONE_WITHOUT_REPLICA, "zone"),
    (&c::HAS_POOL_ON_ZONE, "zone"),
    (&c::UNIT_CONFIG_NAME_EMPTY, "unit config"),
    (&c::UNIT_CONFIG_NOT_EXIST, "unit config"),
    (&c::REPLICA_TYPE_INVALID, "type"),
    (&c::UNIT_NUM_INVALID, "unit number"),
    (&c::UNIT_NUM_INCONSISTENT, "unit number"),
    (&c::UNIT_NUM_EXCEEDS_LIMIT, "unit number"),
    (&c::MODIFY_UNIT_NUM_PARTIALLY, "unit number"),
];

/// Picks a hint out of the forms' texts in one language.
type HintText = fn(&tx::Texts) -> &'static str;

/// What the operator can do about a rule, in the console's words, by catalog entry.
const HINTS: &[(&ErrorSpec, HintText)] = &[
    (&c::LOCALITY_PRINCIPAL_NOT_ALLOWED, |t| t.hint_principal),
    (&c::ONLY_ONE_REPLICA, |t| t.hint_only_one),
    (&c::REBALANCE_DISABLED, |t| t.hint_rebalance),
    (&c::PRIMARY_ZONE_CROSS_REGION, |t| t.hint_cross_region),
    (&c::PRIMARY_REGION_FULL_NOT_ENOUGH, |t| {
        t.hint_primary_region
    }),
    (&c::MODIFY_UNIT_NUM_PARTIALLY, |t| t.hint_partially),
    (&c::UNIT_NUM_INCONSISTENT, |t| t.hint_inconsistent),
    (&c::HAS_POOL_ON_ZONE, |t| t.hint_pool_on_zone),
    (&c::RESOURCE_NOT_ENOUGH, |t| t.hint_resource),
];

/// The form field an agent rule is about.
fn field_of(spec: &ErrorSpec) -> Option<&'static str> {
    FIELDS
        .iter()
        .find(|(s, _)| s.code == spec.code)
        .map(|(_, field)| *field)
}

/// What the operator can do about a rule, in the current language.
fn hint_of(spec: &ErrorSpec) -> Option<String> {
    HINTS
        .iter()
        .find(|(s, _)| s.code == spec.code)
        .map(|(_, hint)| hint(tx::t()).to_owned())
}

/// The name shown for a form field: `field` is the identifier the pages place errors by
/// ([`FieldError::field`]); English shows it as it is, and so does any language for a field
/// this table does not know.
pub fn field_label(field: &'static str) -> &'static str {
    let t = tx::t();
    match field {
        "zone" => t.f_zone,
        "type" => t.f_type,
        "unit config" => t.f_unit_config,
        "unit number" => t.f_unit_number,
        "name" => t.f_name,
        "CPU" => t.f_cpu,
        "memory" => t.f_memory,
        "log disk" => t.f_log_disk,
        "ip" => t.f_ip,
        "port" => t.f_port,
        "config" => t.f_config,
        "server" => t.f_server,
        "force kill" => t.f_force_kill,
        "task" => t.f_task,
        _ => field,
    }
}

/// The one place the console turns an agent rule ([`Violation`]) into the text it shows (form
/// errors, the replica pages' refusals and room warnings): the agent's own template in the
/// console's language (the catalog's `zh.json` text in Chinese), so the message said before
/// sending is the one a 4.3.1+ agent would answer. Reads the language tracked, so the callers,
/// which run in reactive closures, follow a switch.
pub fn violation_message(violation: &Violation) -> String {
    violation.message_in(crate::core::i18n::lang().catalog())
}

crate::texts! {
    /// Texts of the forms' checks, shared by the form modules.
    pub(crate) mod tx {
        must_be_positive: "must be a whole number greater than 0 (got '{0}')" => "必须是大于 0 的整数（填写的是 '{0}'）",
        unit_number_rule: "Unit number: {0}" => "单元数量：{0}",
        hint_principal: "Removing or demoting these FULL replicas would leave too few Paxos members: keep at least two FULL replicas (or the only one)." => "删除或降级这些全能型副本（FULL）后，Paxos 成员将不足：请至少保留两个全能型副本（或仅有的那一个）。",
        hint_only_one: "A tenant keeps at least one replica." => "租户至少保留一个副本。",
        hint_rebalance: "The tenant parameter enable_rebalance is False: the leaders' first-priority zones and the unit number cannot change until it is set to True." => "租户参数 enable_rebalance 为 False：将其设为 True 之前，Leader 所在的第一优先级 Zone 和单元数量都不能修改。",
        hint_cross_region: "The first priority of the primary zone must stay in one region; change the primary zone first." => "Primary Zone 的第一优先级必须位于同一个 Region 内；请先修改 Primary Zone。",
        hint_primary_region: "With replicas in more than one region, the primary region needs at least two FULL replicas." => "副本分布在多个 Region 时，主 Region 至少需要两个全能型副本（FULL）。",
        hint_partially: "The unit number is tenant-wide: give the same new number for every zone." => "单元数量对整个租户生效：请为每个 Zone 填写相同的新数量。",
        hint_inconsistent: "The unit number must equal the tenant's current unit number on every zone." => "单元数量必须等于租户在各 Zone 上当前的单元数量。",
        hint_pool_on_zone: "A resource pool of this tenant is still in the zone (left by an earlier task): drop it first." => "该租户仍有资源池留在这个 Zone 中（由之前的任务遗留）：请先删除它。",
        hint_resource: "No server in the zone has room for one more unit of this size." => "该 Zone 中没有服务器能再容纳一个这种规格的资源单元。",
        f_zone: "zone" => "Zone",
        f_type: "type" => "副本类型",
        f_unit_config: "unit config" => "资源单元规格",
        f_unit_number: "unit number" => "单元数量",
        f_name: "name" => "规格名称",
        f_cpu: "CPU" => "CPU",
        f_memory: "memory" => "内存",
        f_log_disk: "log disk" => "日志盘",
        f_ip: "ip" => "Agent IP",
        f_port: "port" => "Agent 端口",
        f_config: "config" => "配置项",
        f_server: "server" => "服务器",
        f_force_kill: "force kill" => "强制停止",
        f_task: "task" => "任务",
        // Add replicas.
        zone_required: "Zone: choose a zone" => "Zone：请选择一个 Zone",
        unit_config_required: "Unit config: choose one or define a new one" => "资源单元规格：请选择一个，或新建一个",
        spec_name_required: "Unit config name: required" => "资源单元规格名称：必填",
        spec_name_taken: "Unit config name: '{0}' already exists; choose it from the list or pick another name" => "资源单元规格名称：'{0}' 已存在；请从列表中选择它，或换一个名称",
        spec_cpu: "CPU: must be a number of cores, at least 1 (got '{0}')" => "CPU：必须是核数，至少为 1（填写的是 '{0}'）",
        spec_memory: "Memory: must be a size like 8G (digits, then K, M, G, T or P; got '{0}')" => "内存：必须是形如 8G 的容量（数字后跟 K、M、G、T 或 P；填写的是 '{0}'）",
        spec_memory_min: "Memory: the cluster's minimum for a unit is {0}G" => "内存：集群要求资源单元的内存至少为 {0}G",
        spec_log_disk: "Log disk: must be a size like 24G, or empty for three times the memory (got '{0}')" => "日志盘：必须是形如 24G 的容量，留空则为内存的三倍（填写的是 '{0}'）",
        // Delete replicas.
        delete_none_chosen: "Zones: choose at least one zone to remove" => "Zone：请至少选择一个要删除副本的 Zone",
        delete_no_replica: "Zones: none of the chosen zones has a replica of this tenant" => "Zone：所选 Zone 中都没有该租户的副本",
        // Modify replicas.
        modify_same: "Nothing to change: these are the current values" => "没有要修改的内容：填写的都是当前值",
        modify_nothing: "Nothing to change: set a type, unit config or unit number" => "没有要修改的内容：请设置副本类型、资源单元规格或单元数量",
    }
}

/// Parses a positive whole number, or explains.
fn positive_int(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(crate::core::i18n::fill(
            tx::t().must_be_positive,
            &[&text.trim()],
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::i18n::{set_lang, Lang};

    #[test]
    fn each_rule_with_a_field_names_it_and_each_hint_is_said_in_both_languages() {
        for (spec, field) in FIELDS {
            assert_eq!(field_of(spec), Some(*field), "{}", spec.code);
            set_lang(Lang::Zh);
            assert_ne!(field_label(field), *field, "{field} has no Chinese name");
            set_lang(Lang::En);
        }
        for (spec, _) in HINTS {
            let en = hint_of(spec).expect("a hint");
            set_lang(Lang::Zh);
            let zh = hint_of(spec).expect("a hint");
            set_lang(Lang::En);
            assert_ne!(en, zh, "{}", spec.code);
        }
        assert_eq!(field_of(&c::TENANT_NOT_EXIST), None);
        assert_eq!(hint_of(&c::TENANT_NOT_EXIST), None);
    }

    #[test]
    fn the_zone_replica_and_task_codes_are_said_in_the_consoles_language() {
        let said = |v: &Violation| {
            set_lang(Lang::Zh);
            let zh = violation_message(v);
            set_lang(Lang::En);
            (violation_message(v), zh)
        };
        let cases = [
            (
                obshell_protocol::violation!(c::ZONE_NOT_EMPTY, "zone4"),
                "The zone 'zone4' is not empty and cannot be deleted",
                "zone 'zone4' 不为空，无法删除",
            ),
            (
                obshell_protocol::violation!(c::ZONE_DELETE_SELF, "zone1"),
                "The current agent is in 'zone1', please initiate the request through another agent",
                "当前 agent 在 zone 'zone1' 中，请通过其他agent发起请求",
            ),
            (
                obshell_protocol::violation!(c::TENANT_REPLICA_DELETE_ALL),
                "Cannot delete all replicas",
                "不能删除所有副本",
            ),
            (
                obshell_protocol::violation!(c::LOCALITY_FORMAT_UNEXPECTED, "FULL"),
                "Unexpected locality format: FULL.",
                "非预期的 locality 格式：FULL",
            ),
            (
                obshell_protocol::violation!(c::PRIMARY_ZONE_INVALID, "z9", "Zone 'z9' is not in zone_list."),
                "Primary zone 'z9' is invalid: Zone 'z9' is not in zone_list..",
                "Primary zone 'z9' 非法：Zone 'z9' is not in zone_list.",
            ),
            (
                obshell_protocol::violation!(c::AGENT_UNDER_MAINTENANCE, "10.0.4.1:2886"),
                "10.0.4.1:2886 is under maintenance",
                "10.0.4.1:2886 处于运维状态中",
            ),
            (
                obshell_protocol::violation!(c::TASK_DAG_CANCEL_TIMEOUT, 7, 600),
                "Cancel 7 timeout after 600 seconds",
                "取消任务 7 在 600 秒后超时",
            ),
            (
                obshell_protocol::violation!(c::NODE_PASS_NOT_FAILED_NODE, "Stop zone zone4"),
                "Failed to pass node: node Stop zone zone4 is not failed",
                "跳过节点失败：节点 Stop zone zone4 未失败",
            ),
            (
                // The agent has no text for this key in either language: the key is the message.
                obshell_protocol::violation!(c::CLUSTER_TENANT_REPLICA_INVALID, "zone1", "[t1]"),
                "err.ob.cluster.tenant.replica.invalid",
                "err.ob.cluster.tenant.replica.invalid",
            ),
        ];
        for (violation, en, zh) in cases {
            assert_eq!(
                said(&violation),
                (en.to_owned(), zh.to_owned()),
                "{}",
                violation.code()
            );
        }
    }
}
