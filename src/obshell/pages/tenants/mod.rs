//! The tenant list, with search and a status filter kept in the URL, as a table or as a
//! placement matrix ([`matrix`], `?view=placement`).

mod matrix;

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use obshell_protocol::obshell::model::tenant::TenantOverview;
use obshell_protocol::obshell::model::AgentIdentity;

use crate::core::i18n::StateWord;
use crate::obshell::context::expect_obshell;
use crate::ui::components::{ErrorPanel, Unavailable};

const STATUSES: [&str; 5] = ["NORMAL", "CREATING", "DROPPING", "RESTORE", "LOCKED"];

#[component]
pub fn TenantsPage() -> impl IntoView {
    let ctx = expect_obshell();
    let base = StoredValue::new(ctx.links.clone());
    let query = use_query_map();
    let typed =
        super::query_text::QueryText::new(move || query.read().get("q").unwrap_or_default());
    let search = move || typed.get();
    let status = move || query.read().get("status").unwrap_or_default();
    let navigate = use_navigate();
    let list_base = base.get_value();
    // The search and the filter keep the view they were typed in.
    let set_query = move |q: String, st: String| {
        let view = query.read_untracked().get("view").unwrap_or_default();
        navigate(
            &list_base.tenants(&[("q", q), ("status", st), ("view", view)]),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    let set_search = set_query.clone();
    // Only a cluster agent has tenants; a degraded one is still asked (its answer says why).
    let not_here = Some(&ctx.profile)
        .filter(|p| p.identity != AgentIdentity::ClusterAgent)
        .and_then(|p| p.blocked());
    if let Some(reason) = not_here {
        return view! {
            <PageHeader title=Signal::derive(|| tx::t().title.to_owned())/>
            {move || view! { <Unavailable what=tx::t().title.to_owned() reason=reason.clone()/> }}
        }
        .into_any();
    }
    let session = ctx.session.clone();
    let tenants = LocalResource::new(move || {
        let s = session.clone();
        async move { s.tenants().await }
    });
    let matches = move |t: &TenantOverview| {
        keep(
            &search(),
            &status(),
            [&t.tenant_name, &t.locality, &t.status, &t.locked],
        )
    };
    let placement = move || query.read().get("view").as_deref() == Some("placement");
    let rich = ctx
        .session
        .caps()
        .has(obshell_protocol::obshell::version::Feature::ClusterInfo);
    let session2 = ctx.session.clone();
    let info = LocalResource::new(move || {
        let (s, wanted) = (session2.clone(), placement());
        async move {
            if wanted && rich {
                s.cluster_info().await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    let view_links = {
        let b = base.get_value();
        move || {
            let (q, st) = (search(), status());
            let table = b.tenants(&[("q", q.clone()), ("status", st.clone())]);
            let matrix = b.tenants(&[("q", q), ("status", st), ("view", "placement".to_owned())]);
            let on = placement();
            view! {
                <nav class="view-switch" aria-label=move || tx::t().view>
                    <a href=table aria-current=(!on).then_some("page")>{move || tx::t().as_table}</a>
                    <a href=matrix aria-current=on.then_some("page")>{move || tx::t().as_placement}</a>
                </nav>
            }
        }
    };
    let href = Callback::new(move |name: String| base.with_value(|b| b.tenant(&name)));
    let matrix_view = move || {
        // Read here, where they are tracked: a new search redraws the matrix.
        let (q, st) = (search(), status());
        Suspend::new(async move {
            match info.await {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(None) => view! { <p class="muted" data-testid="placement-unavailable">{move || tx::t().no_placement}</p> }.into_any(),
                Ok(Some(info)) => {
                    let regions = matrix::regions(&info);
                    let zones: Vec<&str> = regions.iter().flat_map(|r| r.zones.iter().map(String::as_str)).collect();
                    let rows: Vec<matrix::Row> = info
                        .tenants
                        .iter()
                        .filter(|t| keep(&q, &st, [&t.tenant_name, &t.locality, &t.status, &t.locked]))
                        .map(|t| matrix::row(t, &zones))
                        .collect();
                    view! { <matrix::PlacementMatrix regions=regions rows=rows href=href/> }.into_any()
                }
            }
        })
    };
    view! {
        <PageHeader title=Signal::derive(|| tx::t().title.to_owned())/>
        <div class="filters">
            <input type="search" placeholder=move || tx::t().search data-testid="tenant-search"
                prop:value=search
                on:input=move |ev| { let text = event_target_value(&ev); typed.input(&text); set_search(text, status()) } />
            <select data-testid="tenant-status" aria-label=move || tx::t().status_filter prop:value=status on:change=move |ev| set_query(typed.get_untracked(), event_target_value(&ev))>
                <option value="">{move || tx::t().all_statuses}</option>
                {STATUSES.iter().map(|s| { let s: &'static str = s; view! { <option value=s>{move || crate::core::i18n::glossed(s)}</option> } }).collect_view()}
            </select>
        </div>
        {view_links}
        <Show when=placement>
            <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>{matrix_view}</Transition>
        </Show>
        <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
            {move || (!placement()).then(|| Suspend::new(async move {
                match tenants.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(list) => {
                        let shown: Vec<TenantOverview> = list.into_iter().filter(|t| matches(t)).collect();
                        let count = shown.len();
                        view! {
                            <p class="muted" data-testid="tenant-count">{move || crate::core::i18n::fill(tx::t().count, &[&crate::core::i18n::format::number(count as f64)])}</p>
                            <table class="tenants">
                                <thead><tr><th>{move || tx::t().name}</th><th>{move || tx::t().mode}</th><th>{move || tx::t().status}</th><th>{move || tx::t().locality}</th><th>{move || tx::t().primary_zone}</th></tr></thead>
                                <tbody>
                                    {shown.into_iter().map(|t| view! {
                                        <tr data-testid="tenant-row">
                                            <td><A href=base.with_value(|b| b.tenant(&t.tenant_name))>{t.tenant_name.clone()}</A></td>
                                            <td>{t.mode.clone()}</td>
                                            <td><StateWord word=t.status.clone()/>{(t.locked == "YES").then_some(move || tx::t().locked)}</td>
                                            <td class="mono">{t.locality.clone()}</td>
                                            <td class="mono">{t.primary_zone.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                }
            }))}
        </Transition>
    }
    .into_any()
}

/// Whether a tenant `[name, locality, status, locked]` is kept by the search `q` (in its name or
/// locality) and the status filter `st` (`LOCKED`: the lock).
fn keep(q: &str, st: &str, [name, locality, status, locked]: [&str; 4]) -> bool {
    let q = q.to_lowercase();
    (q.is_empty() || name.to_lowercase().contains(&q) || locality.to_lowercase().contains(&q))
        && (st.is_empty() || (st == "LOCKED" && locked == "YES") || status == st)
}

crate::texts! {
    /// The tenant list.
    mod tx {
        title: "Tenants" => "租户",
        search: "Search name or locality" => "搜索名称或 Locality",
        all_statuses: "all statuses" => "全部状态",
        status_filter: "Tenant status" => "租户状态",
        loading: "Loading tenants…" => "正在加载租户…",
        count: "{0} tenant(s)" => "{0} 个租户",
        name: "name" => "名称",
        mode: "mode" => "模式",
        status: "status" => "状态",
        locality: "locality" => "Locality",
        primary_zone: "primary zone" => "Primary Zone",
        locked: " (locked)" => "（已锁定）",
        view: "Show the tenants as" => "租户显示方式",
        as_table: "Table" => "表格",
        as_placement: "Placement" => "分布",
        no_placement: "The placement picture needs the cluster summary (`/obcluster/info`, a cluster agent of 4.3.0 or later); the table shows each tenant's locality." => "分布图需要集群概要（`/obcluster/info`，4.3.0 及以上的集群 Agent）；表格中可查看各租户的 Locality。",
    }
}
