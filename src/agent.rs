//! What the connected agent can do, and why not: its version's capabilities (the protocol
//! crate's table), its identity, and whether its OceanBase answers. Every page asks this one
//! place before it offers a change, and shows the reason beside a control it disables.

use obshell_protocol::model::{AgentIdentity, AgentInfo, ObInfo};
use obshell_protocol::version::{Capabilities, Feature};

/// Key sizes below this are weak; agents before 4.4.2 generate 512-bit keys.
pub const WEAK_KEY_BITS: usize = 1024;

/// The connected agent as the console sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentProfile {
    pub caps: Capabilities,
    pub identity: AgentIdentity,
    /// The version as the agent wrote it.
    pub version: String,
    pub key_bits: usize,
    /// `supportedAuth` (4.2.5+); `None` when the agent does not say.
    pub supported_auth: Option<Vec<String>>,
    /// A cluster agent whose OceanBase does not answer: `ob/info` has no topology.
    pub degraded: bool,
}

impl AgentProfile {
    pub fn new(info: &AgentInfo, caps: Capabilities, key_bits: usize, ob: &ObInfo) -> Self {
        let topology_known = ob
            .obcluster_info
            .as_ref()
            .is_some_and(|c| !c.topology.is_empty());
        Self {
            caps,
            identity: info.identity,
            version: info.version.clone(),
            key_bits,
            supported_auth: info.supported_auth.clone(),
            degraded: info.identity == AgentIdentity::ClusterAgent && !topology_known,
        }
    }

    /// Why this agent cannot change the cluster now (`None`: it can). Tenant replicas and
    /// scaling are cluster-agent operations; the agent refuses them elsewhere.
    pub fn blocked(&self) -> Option<String> {
        use AgentIdentity as I;
        Some(match self.identity {
            I::ClusterAgent if self.degraded => {
                "OceanBase does not answer this agent (degraded): what is known is shown, and \
                 nothing can be changed until the cluster is reachable again"
                    .to_owned()
            }
            I::ClusterAgent => return None,
            I::Single => "This agent is SINGLE: it is not part of an OceanBase cluster, so there \
                          are no tenants or replicas to change. Scale it into a cluster from that \
                          cluster's agent."
                .to_owned(),
            I::Master | I::Follower => format!(
                "This agent is {}: its cluster is still being deployed and has no cluster agent \
                 yet, so tenants and replicas cannot be changed here",
                self.identity
            ),
            I::ScalingOut => "This agent is SCALING OUT: it is joining a cluster; wait for its \
                              scale-out task to end, then connect to it again"
                .to_owned(),
            I::ScalingIn => "This agent is SCALING IN: it is leaving its cluster, and changes \
                             must be made from another agent of the cluster"
                .to_owned(),
            I::TakeOverMaster | I::TakeOverFollower => format!(
                "This agent is {}: it is taking over an existing cluster; wait until it is a \
                 CLUSTER AGENT",
                self.identity
            ),
            I::Unidentified | I::Other(_) => format!(
                "This agent reports the identity '{}', which is not a CLUSTER AGENT",
                self.identity
            ),
        })
    }

    /// Whether the version has `feature`, else "needs agent ≥ X, this agent is Y".
    pub fn gate(&self, feature: Feature) -> Result<(), String> {
        self.caps.check(feature).map_err(|gate| gate.to_string())
    }

    /// Whether a change that needs `feature` can be offered: the identity first, then the
    /// version.
    pub fn offer(&self, feature: Feature) -> Result<(), String> {
        match self.blocked() {
            Some(reason) => Err(reason),
            None => self.gate(feature),
        }
    }

    /// The key is weaker than a current agent's.
    pub fn weak_key(&self) -> bool {
        self.key_bits < WEAK_KEY_BITS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use obshell_protocol::model::ObClusterBrief;
    use std::collections::BTreeMap;

    fn info(identity: AgentIdentity, version: &str) -> AgentInfo {
        serde_json::from_value(serde_json::json!({
            "ip": "10.0.1.1", "port": 2886, "identity": identity.as_str(), "version": version
        }))
        .expect("info")
    }

    fn ob(zones: &[&str]) -> ObInfo {
        ObInfo {
            agent_info: Vec::new(),
            obcluster_info: Some(ObClusterBrief {
                id: 1,
                name: "demo".into(),
                version: "4.3.5.0".into(),
                topology: zones
                    .iter()
                    .map(|z| ((*z).to_owned(), Vec::new()))
                    .collect::<BTreeMap<_, _>>(),
                is_shared_storage: false,
            }),
        }
    }

    fn profile(identity: AgentIdentity, version: &str, zones: &[&str]) -> AgentProfile {
        let caps = Capabilities::from_info(version).expect("supported");
        AgentProfile::new(&info(identity, version), caps, 1024, &ob(zones))
    }

    #[test]
    fn a_healthy_cluster_agent_offers_what_its_version_has() {
        let p = profile(AgentIdentity::ClusterAgent, "4.3.0.0", &["zone1"]);
        assert_eq!(p.blocked(), None);
        assert_eq!(p.offer(Feature::ReplicaForms), Ok(()));
        assert_eq!(
            p.offer(Feature::NodePass),
            Err("needs agent ≥ 4.3.1.0, this agent is 4.3.0.0".to_owned())
        );
    }

    #[test]
    fn scale_in_and_the_target_agent_password_need_4_2_6() {
        let old = profile(AgentIdentity::ClusterAgent, "4.2.5.0", &["zone1"]);
        assert_eq!(
            old.offer(Feature::ScaleIn),
            Err("needs agent ≥ 4.2.6.0, this agent is 4.2.5.0".to_owned())
        );
        assert_eq!(
            old.gate(Feature::TargetAgentPassword),
            Err("needs agent ≥ 4.2.6.0, this agent is 4.2.5.0".to_owned())
        );
        let new = profile(AgentIdentity::ClusterAgent, "4.2.6.0", &["zone1"]);
        assert_eq!(new.offer(Feature::ScaleIn), Ok(()));
        // Scale-in is a cluster agent's operation: the identity is said first.
        let single = profile(AgentIdentity::Single, "4.5.0.0", &[]);
        assert!(single
            .offer(Feature::ScaleIn)
            .expect_err("single")
            .contains("SINGLE"));
    }

    #[test]
    fn identities_and_degraded_clusters_say_why_nothing_is_offered() {
        let degraded = profile(AgentIdentity::ClusterAgent, "4.5.0.0", &[]);
        assert!(degraded.degraded);
        assert!(degraded
            .offer(Feature::ReplicaForms)
            .expect_err("blocked")
            .contains("degraded"));
        for identity in [
            AgentIdentity::Single,
            AgentIdentity::Master,
            AgentIdentity::Follower,
            AgentIdentity::ScalingOut,
            AgentIdentity::ScalingIn,
            AgentIdentity::from_wire("SOMETHING NEW"),
        ] {
            let p = profile(identity, "4.5.0.0", &[]);
            assert!(!p.degraded, "only a cluster agent is degraded");
            let reason = p.blocked().expect("blocked");
            assert!(reason.contains(identity.as_str()), "{reason}");
        }
    }
}
