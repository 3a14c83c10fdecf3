//! The three OCP replica forms. Each loads the tenant, its cluster (zones and servers) and the
//! unit specs, checks every OCP rule while the operator types (`ocp::forms`), previews the
//! locality, sends once, and opens the task OCP answers with.
//!
//! Here what the three share: the context loading, the heading, the list of problems, and what
//! follows a send; a file per form ([`add`], [`delete`], [`modify`]).

use leptos::prelude::*;

use crate::ui::components::PageHeader;
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
        sending: "Sending…" => "提交中…",
        stale: "OCP refused because the tenant is no longer as this form showed it (changed elsewhere since the form opened). The form below shows it as it is now; the refused request:" => "OCP 拒绝了请求：租户已不是表单打开时的样子（此后在别处被修改）。下面的表单显示其当前状态；被拒绝的请求：",
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

/// A refusal that means the form's picture of the tenant was stale, and the re-read it caused.
#[derive(Clone, Copy)]
struct Stale {
    refusal: RwSignal<Option<ApiError>>,
    reread: Callback<()>,
}

/// OCP's refusals that mean the tenant changed since the form read it (the form checks each
/// of these on what it read): the tenant is no longer NORMAL (60003, a change started
/// elsewhere), the zone already has a replica (60007, for add) or no longer has one (60008,
/// for delete and modify).
fn is_stale(error: &ApiError) -> bool {
    use obshell_protocol::ocp::codes;
    matches!(error, ApiError::Ocp(r)
        if [codes::OB_TENANT_STATUS_NOT_NORMAL.code, codes::OB_TENANT_ZONE_NOT_VALID.code, codes::OB_TENANT_ZONE_NOT_FOUND.code].contains(&r.code))
}

/// Loads the context of the URL's tenant, then shows `form` with it. A refusal that means the
/// picture was stale reads the tenant again: the form is shown anew on what is there now, the
/// refusal kept above it.
#[component]
fn WithOcpContext(form: fn(OcpReplicaContext) -> AnyView) -> impl IntoView {
    let ocp = expect_ocp();
    let cid = id_param("cid");
    let tid = id_param("tid");
    let context = LocalResource::new(move || {
        let (c, t, s) = (cid.get(), tid.get(), ocp.session());
        async move { load(s, c, t).await }
    });
    let stale = Stale {
        refusal: RwSignal::new(None),
        reread: Callback::new(move |()| context.refetch()),
    };
    provide_context(stale);
    let refusal = move || {
        stale.refusal.get().map(|e| {
            view! {
                <section class="stale" data-testid="ocp-stale">
                    <p class="notice" role="status">{move || tx::t().stale}</p>
                    <ErrorPanel error=e/>
                </section>
            }
        })
    };
    view! {
        {refusal}
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

/// A refusal under the form; one that means the form's picture was stale goes above it, and
/// the tenant is read again (see [`WithOcpContext`]).
fn submit_error<I: 'static>(submit: Action<I, Result<Task, ApiError>>) -> impl IntoView {
    let stale = expect_context::<Stale>();
    Effect::new(move |_| {
        if let Some(Err(e)) = submit.value().get() {
            if is_stale(&e) {
                stale.refusal.set(Some(e));
                stale.reread.run(());
            }
        }
    });
    move || match submit.value().get() {
        Some(Err(e)) if !is_stale(&e) => Some(view! { <ErrorPanel error=e/> }),
        _ => None,
    }
}

fn heading(ctx: &OcpReplicaContext, what: fn() -> &'static str) -> impl IntoView {
    let links = expect_ocp().links();
    let trail = crate::ocp::sections::tenant(
        &links,
        (ctx.cluster.id, Some(&ctx.cluster.name)),
        (ctx.tenant.id, &ctx.tenant.name),
    );
    let name = ctx.tenant.name.clone();
    let (locality, status) = (ctx.tenant.locality.clone(), ctx.tenant.status.clone());
    let count = tenant_unit_count(&ctx.tenant)
        .map(|c| c.to_string())
        .unwrap_or_else(|| "–".into());
    view! {
        <PageHeader trail=trail title=Signal::derive(move || crate::core::i18n::fill(tx::t().heading, &[&what(), &name]))/>
        <p class="muted">
            {move || crate::core::i18n::fill(tx::t().now, &[&locality, &crate::core::i18n::glossed(&status), &count])}
        </p>
    }
}
