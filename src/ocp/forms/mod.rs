//! The three OCP replica forms as plain data: what the operator typed, checked field by field
//! and then with OCP's own rules (`obshell_protocol::ocp::rules`), every problem at once. Each
//! error names the zone, the field, the rule and the OCP code it would be refused with.
//!
//! Here the error every form reports and the labels they share; a file per form ([`add`],
//! [`delete`], [`modify`]), OCP's rules in the console's words ([`violations`]) and the
//! locality preview ([`preview`]).

use obshell_protocol::ocp::codes::{self, OcpCode};
use obshell_protocol::ocp::UnitSpec;

pub mod add;
pub mod delete;
pub mod modify;
pub mod preview;
pub mod violations;

pub use add::{validate_add, AddPlan, AddRowInput};
pub use delete::{validate_delete, DeletePlan};
pub use modify::{validate_modify, ModifyPlan, ModifyRowInput};
pub use preview::{preview_of, replicas_view};
pub use violations::{rule_message, rule_message_in};

crate::texts! {
    /// The replica forms' shared texts: field names, places, numbers and unit specs.
    mod tx {
        field_zone: "zone" => "Zone",
        field_replica_type: "replica type" => "副本类型",
        field_unit_spec: "unit spec" => "资源单元规格",
        field_unit_count: "unit count" => "单元数量",
        field_request: "request" => "请求",
        row: "row {0}" => "第 {0} 行",
        tenant: "tenant" => "租户",
        whole_number: "must be a whole number (got '{0}')" => "须为整数（当前为“{0}”）",
        spec_option: "{0} ({1} CPU, {2} GB memory)" => "{0}（{1} 核 CPU，{2} GB 内存）",
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

/// A problem of a field as typed (not one of OCP's rules).
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

/// A count as typed, or why it is not one.
fn parse_count(text: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| crate::core::i18n::fill(tx::t().whole_number, &[&text.trim()]))
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
mod fixtures;

#[cfg(test)]
mod tests {
    use super::fixtures::specs;
    use super::spec_label;

    #[test]
    fn specs_read_with_cpu_and_memory() {
        assert_eq!(spec_label(&specs()[0]), "S0 (1 CPU, 4 GB memory)");
        assert_eq!(spec_label(&specs()[1]), "S1 (1–2 CPU, 8 GB memory)");
    }
}
