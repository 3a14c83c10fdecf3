//! The tenants of one OCP cluster.

use leptos::prelude::*;

use crate::ui::components::PageHeader;

use super::clusters::dash;
use super::{id_param, status_class};
use crate::core::i18n::StateWord;
use crate::ocp::expect_ocp;
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// The tenants of one cluster.
    mod tx {
        loading: "Loading the tenants…" => "正在加载租户…",
        title: "Tenants of {0}" => "{0} 的租户",
        tenant: "tenant" => "租户",
        mode: "mode" => "模式",
        status: "status" => "状态",
        locality: "locality" => "Locality",
        primary_zone: "primary zone" => "Primary Zone",
    }
}

#[component]
pub fn OcpTenantsPage() -> impl IntoView {
    let ocp = expect_ocp();
    let cid = id_param("cid");
    let data = LocalResource::new(move || {
        let (cid, s) = (cid.get(), ocp.session());
        async move {
            // An id that is not a number names no cluster: the page says so.
            let Some(cid) = cid else { return Ok(None) };
            let cluster = s.cluster(cid).await?;
            let tenants = s.tenants(cid).await?;
            Ok::<_, crate::core::error::ApiError>(Some((cluster, tenants)))
        }
    });
    view! {
        <section class="ocp-tenants">
            <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
                {move || Suspend::new(async move {
                    let links = ocp.links();
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(None) => super::not_found().into_any(),
                        Ok(Some((cluster, tenants))) => view! {
                            <PageHeader trail=vec![crate::ocp::sections::clusters(&links)] title={let n = cluster.name.clone(); Signal::derive(move || crate::core::i18n::fill(tx::t().title, &[&n]))}/>
                            <table class="ocp-tenant-list">
                                <thead><tr><th scope="col">{move || tx::t().tenant}</th><th scope="col">{move || tx::t().mode}</th><th scope="col">{move || tx::t().status}</th><th scope="col">{move || tx::t().locality}</th><th scope="col">{move || tx::t().primary_zone}</th></tr></thead>
                                <tbody>
                                    {tenants.into_iter().map(|t| view! {
                                        <tr data-testid="ocp-tenant">
                                            <th scope="row"><a href=links.tenant(cluster.id, t.id)>{t.name.clone()}</a></th>
                                            <td>{dash(&t.mode)}</td>
                                            <td class=status_class(&t.status)><StateWord word=t.status.clone()/></td>
                                            <td>{t.locality.clone()}</td>
                                            <td>{dash(&t.primary_zone)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
