//! The forms as plain data: what the operator typed, checked field by field and then
//! against the agent's own rules (shared with the simulator), before anything is sent.

mod add;
mod delete;
pub mod locks;
mod modify;
mod scale_in;
mod scale_out;

use obshell_protocol::catalog::Violation;

pub use add::{validate_add, AddPlan, AddRow, NewSpec, UnitChoice};
pub use delete::{validate_delete, DeletePlan};
pub use modify::{validate_modify, ModifyRow};
pub use scale_in::{validate_scale_in, ScaleInContext, ScaleInForm, ScaleInPlan, ScaleInServer};
pub use scale_out::{validate_scale_out, ScaleOutForm, COMMON_KEYS};

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
        let field = field_of(violation.code());
        let hint = hint_of(violation.code());
        Self::Rule {
            violation,
            row: named,
            field,
            hint,
        }
    }
}

/// The form field an agent rule is about.
fn field_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "OB.Tenant.Zone.Repeated"
        | "OB.Zone.NotExist"
        | "OB.Tenant.ZoneAlreadyHasReplica"
        | "OB.Tenant.ZoneWithoutReplica"
        | "OB.Tenant.HasPoolOnZone" => "zone",
        "OB.Resource.UnitConfig.Name.Empty" | "OB.Resource.UnitConfig.NotExist" => "unit config",
        "OB.Tenant.Replica.InvalidType" => "type",
        "OB.Tenant.UnitNum.Invalid"
        | "OB.Tenant.UnitNum.Inconsistent"
        | "OB.Tenant.UnitNum.ExceedsLimit"
        | "OB.Tenant.ModifyUnitNumPartially" => "unit number",
        _ => return None,
    })
}

/// What the operator can do about a rule, in the console's words.
fn hint_of(code: &str) -> Option<String> {
    Some(
        match code {
            "OB.Tenant.Locality.PrincipalNotAllowed" => "Removing or demoting these FULL replicas would leave too few Paxos members: keep at least two FULL replicas (or the only one).",
            "OB.Tenant.OnlyOneReplica" => "A tenant keeps at least one replica.",
            "OB.Tenant.RebalanceDisabled" => "The tenant parameter enable_rebalance is False: the leaders' first-priority zones and the unit number cannot change until it is set to True.",
            "OB.Tenant.PrimaryZone.CrossRegion" => "The first priority of the primary zone must stay in one region; change the primary zone first.",
            "OB.Tenant.PrimaryRegion.FullReplica.NotEnough" => "With replicas in more than one region, the primary region needs at least two FULL replicas.",
            "OB.Tenant.ModifyUnitNumPartially" => "The unit number is tenant-wide: give the same new number for every zone.",
            "OB.Tenant.UnitNum.Inconsistent" => "The unit number must equal the tenant's current unit number on every zone.",
            "OB.Tenant.HasPoolOnZone" => "A resource pool of this tenant is still in the zone (left by an earlier task): drop it first.",
            "OB.Tenant.ResourceNotEnough" => "No server in the zone has room for one more unit of this size.",
            _ => return None,
        }
        .to_owned(),
    )
}

/// Parses a positive whole number, or explains.
fn positive_int(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "must be a whole number greater than 0 (got '{}')",
            text.trim()
        )),
    }
}
