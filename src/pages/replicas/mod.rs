//! The replica forms: each loads the tenant, its rebalance setting, the topology and the unit
//! configs, checks every agent rule while the operator types, and previews the result.

mod add;
mod delete;
mod modify;

use obshell_protocol::model::tenant::{TenantInfo, UnitConfig};
use obshell_protocol::replica::{
    rooms_from_cluster_info, ServerRoom, TenantReplicas, TopologySnapshot,
};

pub use add::AddReplicasPage;
pub use delete::DeleteReplicasPage;
pub use modify::ModifyReplicasPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::ApiError;
use crate::app::session;
use crate::components::ErrorPanel;

/// Everything a replica form checks against.
#[derive(Debug, Clone)]
pub struct ReplicaContext {
    pub info: TenantInfo,
    pub tenant: TenantReplicas,
    pub topology: TopologySnapshot,
    pub configs: Vec<UnitConfig>,
    pub rooms: Vec<ServerRoom>,
    pub min_memory_gib: f64,
}

pub async fn load_context(name: String) -> Result<ReplicaContext, ApiError> {
    let Some(s) = session() else {
        return Err(ApiError::Transport {
            call: "session",
            detail: "not connected".into(),
        });
    };
    let info = s.tenant(&name).await?;
    let rebalance = s.tenant_parameter(&name, "enable_rebalance").await?.value == "True";
    let cluster = s.cluster_info().await?;
    let configs = s.unit_configs().await?;
    let min_memory_gib = s.min_unit_memory_gib().await.unwrap_or(0.0);
    Ok(ReplicaContext {
        tenant: TenantReplicas::from_info(&info, rebalance),
        topology: TopologySnapshot::from_cluster_info(&cluster, &configs),
        rooms: rooms_from_cluster_info(&cluster),
        info,
        configs,
        min_memory_gib,
    })
}

/// Loads the context of the tenant named in the URL, then shows `form` with it.
#[component]
pub fn WithContext(
    /// Builds the form once the context is loaded.
    form: fn(ReplicaContext) -> AnyView,
) -> impl IntoView {
    let params = use_params_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let context = LocalResource::new(move || load_context(name()));
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(ctx) => form(ctx),
                }
            })}
        </Transition>
    }
}
