//! What the connected agent can do, and why not: its version's capabilities (the protocol
//! crate's table), its identity, and whether its OceanBase answers. Every page asks this one
//! place before it offers a change, and shows the reason beside a control it disables.

use obshell_protocol::obshell::model::{AgentIdentity, AgentInfo, ObInfo};
use obshell_protocol::obshell::version::{Capabilities, Feature};

crate::texts! {
    /// Why an agent cannot change the cluster, version gates and capability labels.
    mod tx {
        degraded: "OceanBase does not answer this agent (degraded): what is known is shown, and nothing can be changed until the cluster is reachable again" => "OceanBase 未响应此 Agent（降级）：仅显示已知信息，集群恢复可达之前无法做任何变更",
        single: "This agent is SINGLE: it is not part of an OceanBase cluster, so there are no tenants or replicas to change. Scale it into a cluster from that cluster's agent." => "此 Agent 为 SINGLE：它不属于任何 OceanBase 集群，没有可变更的租户或副本。请从目标集群的 Agent 将它扩容进该集群。",
        deploying: "This agent is {0}: its cluster is still being deployed and has no cluster agent yet, so tenants and replicas cannot be changed here" => "此 Agent 为 {0}：其集群仍在部署中，尚无集群 Agent，因此无法在此变更租户和副本",
        scaling_out: "This agent is SCALING OUT: it is joining a cluster; wait for its scale-out task to end, then connect to it again" => "此 Agent 为 SCALING OUT：它正在加入集群；请等待其扩容任务结束后重新连接",
        scaling_in: "This agent is SCALING IN: it is leaving its cluster, and changes must be made from another agent of the cluster" => "此 Agent 为 SCALING IN：它正在离开所在集群，变更须从该集群的其他 Agent 发起",
        taking_over: "This agent is {0}: it is taking over an existing cluster; wait until it is a CLUSTER AGENT" => "此 Agent 为 {0}：它正在接管已有集群；请等到它成为 CLUSTER AGENT",
        other: "This agent reports the identity '{0}', which is not a CLUSTER AGENT" => "此 Agent 报告的身份为 '{0}'，不是 CLUSTER AGENT",
        gate: "needs agent ≥ {0}, this agent is {1}" => "需要 Agent ≥ {0}，此 Agent 为 {1}",
        f_replica_forms: "Tenant replica forms" => "租户副本表单",
        f_modify_no_change: "A modify that changes nothing is answered without a task" => "无实际变化的修改直接应答，不生成任务",
        f_delete_no_replica: "A delete of zones without replicas is answered without a task" => "删除无副本的 Zone 直接应答，不生成任务",
        f_supported_auth: "Advertised authentication modes" => "声明支持的认证方式",
        f_scale_in: "Cluster scale-in" => "集群缩容",
        f_target_password: "Target agent password in scale-out" => "扩容时提供目标 Agent 密码",
        f_all_tasks: "Every task (finished ones too) in the task list" => "任务列表包含全部任务（含已结束的）",
        f_sub_task_logs: "Full step logs" => "完整的步骤日志",
        f_cluster_info: "Cluster summary with regions and resources" => "含地域和资源的集群概览",
        f_unit_config_limit: "Minimum unit config size" => "资源单元规格下限",
        f_err_code: "Dotted error codes" => "点分式错误码",
        f_localised: "Agent messages in the console's language" => "Agent 消息使用控制台的语言",
        f_node_pass: "Pass one failed step" => "跳过单个失败步骤",
        f_maintenance_key: "Which tenant or cluster a task locks" => "任务锁定的租户或集群",
        f_sessions: "Login sessions instead of the password on every request" => "使用登录会话，而非每个请求都带密码",
        f_tenant_normal: "A tenant that is not NORMAL is refused before the request is read" => "非 NORMAL 状态的租户在读取请求前即被拒绝",
        f_topology: "Topology summary" => "拓扑概览",
        f_key_1024: "1024-bit agent key" => "1024 位 Agent 密钥",
        f_decrypt_code_one: "Numeric code 1 on an undecryptable header" => "无法解密的请求头返回数字错误码 1",
        f_data_disk: "Data disk size in unit configs" => "资源单元规格中的数据盘大小",
    }
}

/// What a person reads for `feature` in the "About this agent" table, in the console's language
/// (tracked). The protocol crate's [`Feature::label`] stays the English reference.
pub fn feature_label(feature: Feature) -> &'static str {
    let t = tx::t();
    match feature {
        Feature::ReplicaForms => t.f_replica_forms,
        Feature::ModifyNoChange204 => t.f_modify_no_change,
        Feature::DeleteNoReplica204 => t.f_delete_no_replica,
        Feature::SupportedAuth => t.f_supported_auth,
        Feature::ScaleIn => t.f_scale_in,
        Feature::TargetAgentPassword => t.f_target_password,
        Feature::AllTaskLists => t.f_all_tasks,
        Feature::SubTaskLogs => t.f_sub_task_logs,
        Feature::ClusterInfo => t.f_cluster_info,
        Feature::UnitConfigLimit => t.f_unit_config_limit,
        Feature::ErrCode => t.f_err_code,
        Feature::LocalisedMessages => t.f_localised,
        Feature::NodePass => t.f_node_pass,
        Feature::MaintenanceKey => t.f_maintenance_key,
        Feature::Sessions => t.f_sessions,
        Feature::TenantNormalRule => t.f_tenant_normal,
        Feature::TopologyInfo => t.f_topology,
        Feature::Key1024 => t.f_key_1024,
        Feature::DecryptCodeOne => t.f_decrypt_code_one,
        Feature::DataDiskSize => t.f_data_disk,
    }
}

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
    /// In the console's language (tracked).
    pub fn blocked(&self) -> Option<String> {
        use AgentIdentity as I;
        let t = tx::t();
        let word = self.identity.to_string();
        Some(match self.identity {
            I::ClusterAgent if self.degraded => t.degraded.to_owned(),
            I::ClusterAgent => return None,
            I::Single => t.single.to_owned(),
            I::Master | I::Follower => crate::core::i18n::fill(t.deploying, &[&word]),
            I::ScalingOut => t.scaling_out.to_owned(),
            I::ScalingIn => t.scaling_in.to_owned(),
            I::TakeOverMaster | I::TakeOverFollower => {
                crate::core::i18n::fill(t.taking_over, &[&word])
            }
            I::Unidentified | I::Other(_) => crate::core::i18n::fill(t.other, &[&word]),
        })
    }

    /// Whether the version has `feature`, else "needs agent ≥ X, this agent is Y" (in the
    /// console's language, tracked).
    pub fn gate(&self, feature: Feature) -> Result<(), String> {
        self.caps
            .check(feature)
            .map_err(|gate| crate::core::i18n::fill(tx::t().gate, &[&gate.needs, &gate.has]))
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
    use obshell_protocol::obshell::model::ObClusterBrief;
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
    fn every_feature_has_a_label_in_both_languages() {
        for f in Feature::ALL {
            assert_eq!(
                feature_label(f),
                f.label(),
                "English follows the protocol crate"
            );
        }
        let zh: Vec<_> = [tx::ZH.f_scale_in, tx::ZH.f_sessions].into();
        assert!(zh.iter().all(|l| !l.is_ascii()));
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
