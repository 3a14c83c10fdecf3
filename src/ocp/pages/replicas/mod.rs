//! The three OCP replica forms. Each loads the tenant, its cluster (zones and servers) and the
//! unit specs, checks every OCP rule while the operator types (`ocp::forms`), previews the
//! locality, sends once, and opens the task OCP answers with.
//!
//! Here what the three share: the context loading, the heading, the list of problems, and what
//! follows a send; a file per form ([`add`], [`delete`], [`modify`]).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use obshell_protocol::ocp::rules::tenant_unit_count;
use obshell_protocol::ocp::{Cluster, Task, Tenant, UnitSpec};

use super::id_param;
use crate::core::error::ApiError;
use crate::ocp::expect_ocp;
use crate::ocp::forms::OcpFormError;
use crate::ui::components::ErrorPanel;

mod add;
mod delete;
mod modify;

pub use add::OcpAddReplicaPage;
pub use delete::OcpDeleteReplicaPage;
pub use modify::OcpModifyReplicaPage;

crate::texts! {
    /// What the three replica forms share.
    mod tx {
        fill_in: "Fill in the form to see the result." => "填写表单后即可看到结果。",
        refuses_with: " — OCP refuses this with {0}" => "——OCP 会以 {0} 拒绝",
        heading: "{0} of {1}" => "{1}：{0}",
        now: "Now: {0} · status {1} · unit count {2} · " => "当前：{0} · 状态 {1} · 单元数量 {2} · ",
        back: "back to the tenant" => "返回租户",
        sending: "Sending…" => "提交中…",
    }
}

/// What a form checks against.
#[derive(Debug, Clone)]
pub struct OcpReplicaContext {
    pub cluster: Cluster,
    pub tenant: Tenant,
    pub specs: Vec<UnitSpec>,
}

impl OcpReplicaContext {
    /// The unit specs as a select offers them: name and the spec (shown as "name (CPU,
    /// memory)" in the current language).
    fn spec_options(&self) -> Vec<(String, UnitSpec)> {
        self.specs
            .iter()
            .map(|s| (s.name.clone(), s.clone()))
            .collect()
    }
}

/// The tenant's context; `None` when the URL's ids are not numbers (they name no tenant).
async fn load(
    s: crate::ocp::OcpSession,
    cid: Option<i64>,
    tid: Option<i64>,
) -> Result<Option<OcpReplicaContext>, ApiError> {
    let (Some(cid), Some(tid)) = (cid, tid) else {
        return Ok(None);
    };
    let tenant = s.tenant(cid, tid).await?;
    let cluster = s.cluster(cid).await?;
    let specs = s.unit_specs().await?;
    Ok(Some(OcpReplicaContext {
        cluster,
        tenant,
        specs,
    }))
}

/// Loads the context of the URL's tenant, then shows `form` with it.
#[component]
fn WithOcpContext(form: fn(OcpReplicaContext) -> AnyView) -> impl IntoView {
    let ocp = expect_ocp();
    let cid = id_param("cid");
    let tid = id_param("tid");
    let context = LocalResource::new(move || {
        let (c, t, s) = (cid.get(), tid.get(), ocp.session());
        async move { load(s, c, t).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">{move || crate::core::i18n::common::t().loading}</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(None) => super::not_found().into_any(),
                    Ok(Some(ctx)) => form(ctx),
                }
            })}
        </Transition>
    }
}

/// Every problem of a form, each with its place, rule and OCP code. Unfinished fields show
/// only once the person tried to send.
#[component]
fn OcpFormErrors(errors: Vec<OcpFormError>, attempted: bool) -> impl IntoView {
    let shown: Vec<OcpFormError> = errors
        .into_iter()
        .filter(|e| attempted || e.from_rules)
        .collect();
    if shown.is_empty() {
        return view! { <p class="muted">{move || tx::t().fill_in}</p> }.into_any();
    }
    view! {
        <div role="alert"><ul class="field-errors" data-testid="ocp-form-errors">
            {shown.into_iter().map(|e| view! {
                <li data-testid="ocp-form-error" data-code=e.code.code.to_string() data-field=e.field.unwrap_or("")>
                    <strong>{format!("{}{}", e.place(), if crate::core::i18n::lang() == crate::core::i18n::Lang::En { ": " } else { "：" })}</strong>{e.message.clone()}
                    <span class="muted">{crate::core::i18n::fill(tx::t().refuses_with, &[&e.code_text()])}</span>
                    {e.ocp_message.clone().map(|m| view! { <br/><span class="muted" lang="en">{m}</span> })}
                    {e.detail.clone().map(|d| view! { <br/><span class="muted">{d}</span> })}
                </li>
            }).collect_view()}
        </ul></div>
    }
    .into_any()
}

/// Once `submit` answers with a task, opens its page.
fn open_task<I: 'static>(submit: Action<I, Result<Task, ApiError>>) {
    let navigate = use_navigate();
    let links = expect_ocp().links();
    Effect::new(move |_| {
        if let Some(Ok(task)) = submit.value().get() {
            navigate(&links.task(task.id), Default::default());
        }
    });
}

fn submit_error<I: 'static>(submit: Action<I, Result<Task, ApiError>>) -> impl IntoView {
    move || match submit.value().get() {
        Some(Err(e)) => Some(view! { <ErrorPanel error=e/> }),
        _ => None,
    }
}

fn heading(ctx: &OcpReplicaContext, what: fn() -> &'static str) -> impl IntoView {
    let links = expect_ocp().links();
    let back = links.tenant(ctx.cluster.id, ctx.tenant.id);
    let name = ctx.tenant.name.clone();
    let (locality, status) = (ctx.tenant.locality.clone(), ctx.tenant.status.clone());
    let count = tenant_unit_count(&ctx.tenant)
        .map(|c| c.to_string())
        .unwrap_or_else(|| "–".into());
    view! {
        <h1>{move || crate::core::i18n::fill(tx::t().heading, &[&what(), &name])}</h1>
        <p class="muted">
            {move || crate::core::i18n::fill(tx::t().now, &[&locality, &crate::core::i18n::glossed(&status), &count])}
            <a href=back>{move || tx::t().back}</a>
        </p>
    }
}
