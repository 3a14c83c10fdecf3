//! The replica forms: each loads the tenant, its rebalance setting, the topology and the unit
//! configs, checks every agent rule while the operator types, and previews the result.

mod add;
mod delete;
mod modify;

use obshell_protocol::obshell::model::tenant::{TenantInfo, UnitConfig};
use obshell_protocol::obshell::replica::{
    rooms_from_cluster_info, ServerRoom, TenantReplicas, TopologySnapshot,
};

pub use add::AddReplicasPage;
pub use delete::DeleteReplicasPage;
pub use modify::ModifyReplicasPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use obshell_protocol::obshell::version::Feature;

use crate::core::error::ApiError;

use crate::obshell::client::Session;
use crate::obshell::context::{agent_profile, expect_obshell};
use crate::obshell::forms::locks::{blockers, Blocker};
use crate::obshell::pages::Blockers;
use crate::ui::components::{ErrorPanel, Unavailable};

/// Everything a replica form checks against.
#[derive(Debug, Clone)]
pub struct ReplicaContext {
    pub info: TenantInfo,
    pub tenant: TenantReplicas,
    pub topology: TopologySnapshot,
    pub configs: Vec<UnitConfig>,
    pub rooms: Vec<ServerRoom>,
    pub min_memory_gib: f64,
    /// Unfinished tasks whose maintenance lock the agent would refuse this change for.
    pub blockers: Vec<Blocker>,
}

pub async fn load_context(s: Session, name: String) -> Result<ReplicaContext, ApiError> {
    let caps = s.caps();
    let info = s.tenant(&name).await?;
    let rebalance = s.tenant_parameter(&name, "enable_rebalance").await?.value == "True";
    let configs = s.unit_configs().await?;
    // Agents before 4.3.0 have no cluster summary: zones and servers come from `ob/info`,
    // without regions or free resources.
    let (topology, rooms) = if caps.has(Feature::ClusterInfo) {
        let cluster = s.cluster_info().await?;
        (
            TopologySnapshot::from_cluster_info(&cluster, &configs),
            rooms_from_cluster_info(&cluster),
        )
    } else {
        let ob = s.ob_info().await?;
        (TopologySnapshot::from_ob_info(&ob, &configs), Vec::new())
    };
    let min_memory_gib = if caps.has(Feature::UnitConfigLimit) {
        s.min_unit_memory_gib().await.unwrap_or(0.0)
    } else {
        0.0
    };
    let dags = s.unfinished_dags().await?;
    Ok(ReplicaContext {
        blockers: blockers(&dags, Some(&name)),
        tenant: TenantReplicas::from_info(&info, rebalance),
        topology,
        rooms,
        info,
        configs,
        min_memory_gib,
    })
}

/// Every agent version refuses replica changes of a tenant that is not NORMAL (4.4.0 and later
/// in the route, before reading the body; earlier ones in the executor, as a 1010 "Known
/// error"): the form is not offered, and the agent's own words say why.
pub(in crate::obshell::pages) fn tenant_status_refusal(info: &TenantInfo) -> Option<String> {
    if info.status == "NORMAL" {
        return None;
    }
    let refusal = obshell_protocol::violation!(
        obshell_protocol::obshell::catalog::TENANT_STATUS_NOT_NORMAL,
        info.tenant_name,
        info.status
    );
    Some(crate::core::i18n::fill(
        tx::t().not_normal,
        &[
            &crate::obshell::forms::violation_message(&refusal),
            &refusal.code(),
        ],
    ))
}

/// Loads the context of the tenant named in the URL, then shows `form` with it.
#[component]
pub fn WithContext(
    /// Builds the form once the context is loaded.
    form: fn(ReplicaContext) -> AnyView,
) -> impl IntoView {
    let params = use_params_map();
    let name = move || params.read().get("name").unwrap_or_default();
    if let Err(reason) = agent_profile().offer(Feature::ReplicaForms) {
        return view! { {move || view! { <Unavailable what=tx::t().changing.to_owned() reason=reason.clone()/> }} }
            .into_any();
    }
    let session = expect_obshell().session;
    let context = LocalResource::new(move || load_context(session.clone(), name()));
    view! {
        <Transition fallback=|| view! { <p class="muted">{move || crate::core::i18n::common::t().loading}</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(ctx) => match tenant_status_refusal(&ctx.info) {
                        Some(_) => view! {
                            {move || view! {
                                <Unavailable what=tx::t().changing.to_owned() reason=tenant_status_refusal(&ctx.info).unwrap_or_default()/>
                            }}
                        }.into_any(),
                        None => form(ctx),
                    },
                }
            })}
        </Transition>
    }
    .into_any()
}

/// What the forms say about the topology they checked against: zones where nothing can be
/// placed, and rules left to the agent because this agent does not say enough.
#[component]
pub fn TopologyNotes(
    /// The snapshot the rules read.
    topology: TopologySnapshot,
    /// Unfinished tasks holding a lock that would refuse the change.
    #[prop(optional)]
    blockers: Vec<Blocker>,
    /// The tenant the form changes.
    tenant: String,
) -> impl IntoView {
    let empty = topology.zones_without_servers();
    let regions = topology.regions_known();
    view! {
        <Blockers list=blockers tenant=tenant/>
        {(!empty.is_empty()).then(|| view! {
            <p class="warn" data-testid="zones-without-servers">{move || crate::core::i18n::fill(tx::t().no_server_in, &[&empty.join(", ")])}</p>
        })}
        {(!regions).then(|| view! {
            <p class="muted" data-testid="regions-unknown">{move || tx::t().regions_unknown}</p>
        })}
    }
}

crate::texts! {
    /// Texts shared by the replica forms.
    pub(crate) mod tx {
        changing: "Changing replicas" => "变更副本",
        not_normal: "{0} The agent changes replicas only of a NORMAL tenant ({1})." => "{0} Agent 只变更状态为 NORMAL 的租户的副本（{1}）。",
        no_server_in: "No server in {0}: no replica or unit can be placed there until a server is added (scale out into the zone)." => "{0} 中没有服务器：在添加服务器（扩容到该 Zone）之前，无法在其中放置副本或资源单元。",
        regions_unknown: "This agent (before 4.3.0) does not report regions, so the rule on FULL replicas in the primary region is checked by the agent only." => "此 Agent（4.3.0 之前的版本）不报告 Region，因此主 Region 中全能型副本（FULL）数量的规则只由 Agent 检查。",
        sending: "Sending…" => "提交中…",
        now: "Now: {0} · primary zone {1}" => "当前：{0} · Primary Zone {1}",
        unchanged: "{0} (unchanged)" => "{0}（不变）",
        th_zone: "zone" => "Zone",
        th_type: "type" => "副本类型",
        th_unit_config: "unit config" => "资源单元规格",
        th_unit_number: "unit number" => "单元数量",
    }
}
