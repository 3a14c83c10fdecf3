//! The tenant list, with search and a status filter kept in the URL.

use leptos::prelude::*;
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
    let set_query = move |q: String, st: String| {
        navigate(
            &list_base.tenants(&[("q", q), ("status", st)]),
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
            <h1>{move || tx::t().title}</h1>
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
        let q = search().to_lowercase();
        let st = status();
        (q.is_empty()
            || t.tenant_name.to_lowercase().contains(&q)
            || t.locality.to_lowercase().contains(&q))
            && (st.is_empty() || (st == "LOCKED" && t.locked == "YES") || t.status == st)
    };
    view! {
        <h1>{move || tx::t().title}</h1>
        <div class="filters">
            <input type="search" placeholder=move || tx::t().search data-testid="tenant-search"
                prop:value=search
                on:input=move |ev| { let text = event_target_value(&ev); typed.input(&text); set_search(text, status()) } />
            <select data-testid="tenant-status" aria-label=move || tx::t().status_filter prop:value=status on:change=move |ev| set_query(typed.get_untracked(), event_target_value(&ev))>
                <option value="">{move || tx::t().all_statuses}</option>
                {STATUSES.iter().map(|s| { let s: &'static str = s; view! { <option value=s>{move || crate::core::i18n::glossed(s)}</option> } }).collect_view()}
            </select>
        </div>
        <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
            {move || Suspend::new(async move {
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
            })}
        </Transition>
    }
    .into_any()
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
    }
}
