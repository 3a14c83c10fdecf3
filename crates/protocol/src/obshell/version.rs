//! Agent versions and the one table of what each version can do, read by the console (which
//! gates every feature by it and says why) and by the simulator (which reproduces each version).
//! Versions are obshell's own (`/api/v1/info` `version`, e.g. `4.2.5.0-100000012024081316`);
//! the first version of each feature is from docs/protocol/obshell.md §7, read against the agent's
//! history.

use std::cmp::Ordering;
use std::fmt;

/// An obshell version: four numbers, the build suffix after `-` ignored for ordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgentVersion(pub [u16; 4]);

impl AgentVersion {
    pub const fn new(a: u16, b: u16, c: u16, d: u16) -> Self {
        Self([a, b, c, d])
    }

    /// Reads `4.2.5.0`, `4.2.5.0-1000…`, `4.4` (missing parts are 0). `None` when a part is not
    /// a number or there are more than four.
    pub fn parse(text: &str) -> Option<Self> {
        let numbers = text.trim().split('-').next()?;
        let mut out = [0u16; 4];
        let mut count = 0;
        for part in numbers.split('.') {
            let slot = out.get_mut(count)?;
            *slot = part.parse().ok()?;
            count += 1;
        }
        (count > 0).then_some(Self(out))
    }

    /// The oldest agent the console supports.
    pub const OLDEST_SUPPORTED: Self = Self::new(4, 2, 4, 0);
}

impl fmt::Display for AgentVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.0;
        write!(f, "{a}.{b}.{c}.{d}")
    }
}

/// Something the console uses that not every agent has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    /// `POST/DELETE/PATCH /api/v1/tenant/:name/replicas`, unit configs, resource pools.
    ReplicaForms,
    /// A modify-replicas request that changes nothing answers 204 without a DAG.
    ModifyNoChange204,
    /// A delete-replicas request naming only zones without a replica answers 204.
    DeleteNoReplica204,
    /// `supportedAuth` in `/api/v1/info`; empty bodies padded.
    SupportedAuth,
    /// `POST /api/v1/ob/scale_in`.
    ScaleIn,
    /// `targetAgentPassword` in the scale-out body.
    TargetAgentPassword,
    /// `GET /api/v1/task/dags/ob` and `/task/dags/agent`: every task, not only unfinished ones.
    AllTaskLists,
    /// `GET /api/v1/task/sub_task/:id/logs` (before: the logs inside the sub-task detail).
    SubTaskLogs,
    /// `GET /api/v1/obcluster/info` with regions and resources (before: `/ob/info` only).
    ClusterInfo,
    /// `GET /api/v1/obcluster/unit-config-limit`.
    UnitConfigLimit,
    /// Dotted string `errCode`s and dedicated authentication errors (before: numeric `code`).
    ErrCode,
    /// Messages localised by `Accept-Language` (zh-CN, en-US).
    LocalisedMessages,
    /// `POST /api/v1/task/node/:id` with `PASS`: pass one failed step.
    NodePass,
    /// `maintenance_type` / `maintenance_key` in DAG details.
    MaintenanceKey,
    /// `POST /api/v1/login` and `session_id` in the auth header (cluster agents only).
    Sessions,
    /// Replica endpoints refuse a tenant that is not NORMAL in the route, before the body, with
    /// `OB.Tenant.StatusNotNormal` (before: the executor refuses it after the body, 1010).
    TenantNormalRule,
    /// `GET /api/v1/obcluster/topology/info`.
    TopologyInfo,
    /// 1024-bit RSA keys (a 512-bit key is regenerated at start).
    Key1024,
    /// Numeric `code` 1 beside `Security.Authentication.Header.DecryptFailed` (absent in
    /// 4.3.1–4.4.1).
    DecryptCodeOne,
    /// `data_disk_size` in unit configs (shared storage).
    DataDiskSize,
}

impl Feature {
    /// Every feature, in the table's order.
    pub const ALL: [Feature; 20] = [
        Self::ReplicaForms,
        Self::ModifyNoChange204,
        Self::DeleteNoReplica204,
        Self::SupportedAuth,
        Self::ScaleIn,
        Self::TargetAgentPassword,
        Self::AllTaskLists,
        Self::SubTaskLogs,
        Self::ClusterInfo,
        Self::UnitConfigLimit,
        Self::ErrCode,
        Self::LocalisedMessages,
        Self::NodePass,
        Self::MaintenanceKey,
        Self::Sessions,
        Self::TenantNormalRule,
        Self::TopologyInfo,
        Self::Key1024,
        Self::DecryptCodeOne,
        Self::DataDiskSize,
    ];

    /// The first agent version that has it.
    pub const fn since(self) -> AgentVersion {
        match self {
            Self::ReplicaForms | Self::ModifyNoChange204 => AgentVersion::new(4, 2, 4, 0),
            Self::DeleteNoReplica204 | Self::SupportedAuth => AgentVersion::new(4, 2, 5, 0),
            Self::ScaleIn | Self::TargetAgentPassword => AgentVersion::new(4, 2, 6, 0),
            Self::AllTaskLists | Self::SubTaskLogs | Self::ClusterInfo | Self::UnitConfigLimit => {
                AgentVersion::new(4, 3, 0, 0)
            }
            Self::ErrCode | Self::LocalisedMessages | Self::NodePass | Self::MaintenanceKey => {
                AgentVersion::new(4, 3, 1, 0)
            }
            Self::Sessions | Self::TenantNormalRule => AgentVersion::new(4, 4, 0, 0),
            Self::TopologyInfo => AgentVersion::new(4, 4, 1, 0),
            Self::Key1024 | Self::DecryptCodeOne | Self::DataDiskSize => {
                AgentVersion::new(4, 4, 2, 0)
            }
        }
    }

    /// What a person reads in the "About this agent" table.
    pub const fn label(self) -> &'static str {
        match self {
            Self::ReplicaForms => "Tenant replica forms",
            Self::ModifyNoChange204 => "A modify that changes nothing is answered without a task",
            Self::DeleteNoReplica204 => {
                "A delete of zones without replicas is answered without a task"
            }
            Self::SupportedAuth => "Advertised authentication modes",
            Self::ScaleIn => "Cluster scale-in",
            Self::TargetAgentPassword => "Target agent password in scale-out",
            Self::AllTaskLists => "Every task (finished ones too) in the task list",
            Self::SubTaskLogs => "Full step logs",
            Self::ClusterInfo => "Cluster summary with regions and resources",
            Self::UnitConfigLimit => "Minimum unit config size",
            Self::ErrCode => "Dotted error codes",
            Self::LocalisedMessages => "Agent messages in the console's language",
            Self::NodePass => "Pass one failed step",
            Self::MaintenanceKey => "Which tenant or cluster a task locks",
            Self::Sessions => "Login sessions instead of the password on every request",
            Self::TenantNormalRule => {
                "A tenant that is not NORMAL is refused before the request is read"
            }
            Self::TopologyInfo => "Topology summary",
            Self::Key1024 => "1024-bit agent key",
            Self::DecryptCodeOne => "Numeric code 1 on an undecryptable header",
            Self::DataDiskSize => "Data disk size in unit configs",
        }
    }
}

/// Why a feature is not offered: the agent is older than the feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    pub feature: Feature,
    pub needs: AgentVersion,
    pub has: AgentVersion,
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "needs agent ≥ {}, this agent is {}",
            self.needs, self.has
        )
    }
}

/// What one agent version can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub version: AgentVersion,
}

impl Capabilities {
    pub const fn of(version: AgentVersion) -> Self {
        Self { version }
    }

    /// Reads `/api/v1/info`'s version; an unreadable version is refused like an old one.
    pub fn from_info(version: &str) -> Result<Self, Unsupported> {
        let parsed = AgentVersion::parse(version).ok_or_else(|| Unsupported {
            version: version.to_owned(),
            oldest: AgentVersion::OLDEST_SUPPORTED,
        })?;
        if parsed < AgentVersion::OLDEST_SUPPORTED {
            return Err(Unsupported {
                version: version.to_owned(),
                oldest: AgentVersion::OLDEST_SUPPORTED,
            });
        }
        Ok(Self::of(parsed))
    }

    pub fn has(&self, feature: Feature) -> bool {
        self.version.cmp(&feature.since()) != Ordering::Less
    }

    /// `Ok` when the agent has `feature`, else the gate to show beside the disabled control.
    pub fn check(&self, feature: Feature) -> Result<(), Gate> {
        if self.has(feature) {
            Ok(())
        } else {
            Err(Gate {
                feature,
                needs: feature.since(),
                has: self.version,
            })
        }
    }

    /// The RSA key size a new agent of this version generates.
    pub fn key_bits(&self) -> usize {
        if self.has(Feature::Key1024) {
            1024
        } else {
            512
        }
    }
}

/// An agent the console does not support, said at connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub version: String,
    pub oldest: AgentVersion,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "obshell {} is not supported: this console needs an agent of version {} or later",
            self.version, self.oldest
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_order() {
        let v = |t| AgentVersion::parse(t).expect(t);
        assert_eq!(
            v("4.2.5.0-100000012024081316"),
            AgentVersion::new(4, 2, 5, 0)
        );
        assert_eq!(v("4.4"), AgentVersion::new(4, 4, 0, 0));
        assert!(v("4.3.0.0") < v("4.3.1.0"));
        assert!(v("4.10.0.0") > v("4.9.9.9"));
        for bad in ["", "x", "4.x.0", "4.2.5.0.1", "-1"] {
            assert_eq!(AgentVersion::parse(bad), None, "{bad}");
        }
        assert_eq!(v("4.2.6.0").to_string(), "4.2.6.0");
    }

    #[test]
    fn each_version_line_has_what_it_shipped() {
        let caps = |t| Capabilities::from_info(t).expect(t);
        let v425 = caps("4.2.5.0");
        assert!(v425.has(Feature::ReplicaForms) && v425.has(Feature::DeleteNoReplica204));
        assert!(!v425.has(Feature::ScaleIn) && !v425.has(Feature::ClusterInfo));
        let v430 = caps("4.3.0.0");
        assert!(v430.has(Feature::SubTaskLogs) && !v430.has(Feature::ErrCode));
        assert_eq!(
            v430.check(Feature::NodePass)
                .expect_err("no node pass")
                .to_string(),
            "needs agent ≥ 4.3.1.0, this agent is 4.3.0.0"
        );
        let v441 = caps("4.4.1.0-100");
        assert!(v441.has(Feature::Sessions) && v441.has(Feature::TopologyInfo));
        assert_eq!(v441.key_bits(), 512);
        assert!(!v441.has(Feature::DecryptCodeOne));
        assert!(caps("4.4.2.0").has(Feature::DecryptCodeOne));
        let v450 = caps("4.5.0.0-100000012026050800");
        assert!(Feature::ALL.iter().all(|f| v450.has(*f)));
        assert_eq!(v450.key_bits(), 1024);
    }

    #[test]
    fn older_or_unreadable_agents_are_refused_at_connect() {
        let err = Capabilities::from_info("4.2.3.0").expect_err("too old");
        assert_eq!(
            err.to_string(),
            "obshell 4.2.3.0 is not supported: this console needs an agent of version 4.2.4.0 or later"
        );
        assert!(Capabilities::from_info("banana").is_err());
        assert!(Capabilities::from_info("4.2.4.0").is_ok());
    }

    #[test]
    fn the_table_lists_every_feature_once_in_version_order() {
        let mut seen = std::collections::BTreeSet::new();
        for pair in Feature::ALL.windows(2) {
            assert!(pair[0].since() <= pair[1].since(), "{pair:?}");
        }
        for f in Feature::ALL {
            assert!(seen.insert(f), "{f:?} twice");
            assert!(!f.label().is_empty());
        }
    }
}
