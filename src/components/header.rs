//! The header: which agent, its version and clock skew, navigation, and Lock.

use leptos::prelude::*;
use leptos_router::components::A;
use obshell_protocol::model::task::TaskState;
use obshell_protocol::version::Feature;

use crate::agent::AgentProfile;
use crate::app::{expect_backends, expect_session};
use crate::poll::use_poller;

/// Skew from which the header warns (the official UI uses the same minute).
const SKEW_WARN_SECS: i64 = 60;

#[component]
pub fn Header() -> impl IntoView {
    let ctx = expect_session();
    let agent = {
        let c = &ctx.connected;
        let skew = c.session.clock_offset();
        let skew_text = (skew.abs() >= SKEW_WARN_SECS)
            .then(|| format!("agent clock differs from this browser by {skew} s"));
        let auth = if c.session.uses_login() {
            "session"
        } else {
            "password"
        };
        view! {
            <div class="agent" data-testid="agent">
                <span class="identity">{c.info.identity.as_str()}</span>
                <span>{format!("{}:{}", c.info.ip, c.info.port)}</span>
                <span class="version">{format!("obshell {}", c.info.version)}</span>
                <span class="muted" data-testid="auth-mode">{format!("signed in with {auth}")}</span>
                {skew_text.map(|t| view! { <span class="warn" data-testid="clock-skew">{t}</span> })}
            </div>
        }
    };
    let slot = ctx.slot.clone();
    let lock = move |_| slot.lock();
    let base = ctx.base.clone();
    let profile = ctx.profile.clone();
    let banner = profile.blocked().map(|reason| {
        let degraded = profile.degraded;
        view! {
            <p class=if degraded { "banner bad" } else { "banner warn" } role="status" data-testid="agent-banner">
                <strong>{if degraded { "Degraded: " } else { "Read only: " }}</strong>{reason}
            </p>
        }
    });
    let weak_key = profile.weak_key().then(|| {
        view! {
            <p class="banner warn" role="status" data-testid="weak-key">{format!(
                "This agent's key has {} bits (agents before 4.4.2 use 512): the password is still never sent in clear, but a key this short can be broken; upgrade the agent.",
                profile.key_bits
            )}</p>
        }
    });
    view! {
        <header class="topbar">
            {agent}
            <BackendSwitcher current=ctx.slot.spec.name.clone()/>
            <nav>
                <A href=base.cluster()>"Cluster"</A>
                <A href=base.tenants(&[])>"Tenants"</A>
                <A href=base.tasks(&[])>"Tasks"</A>
                <A href=base.scale_out()>"Scale out"</A>
                <A href=base.scale_in(None)>"Scale in"</A>
                <TaskBadge/>
            </nav>
            <NotifyToggle/>
            <button class="secondary" data-testid="lock" on:click=lock
                title=format!("Forget the password of {} (other backends stay connected)", ctx.slot.spec.name)>"Lock"</button>
        </header>
        {banner}
        {weak_key}
        <AboutAgent profile=profile/>
    }
}

/// The connected backends, the current one marked, and a way to connect another (only when the
/// deployment has several).
#[component]
pub fn BackendSwitcher(current: String) -> impl IntoView {
    let backends = expect_backends();
    if backends.slots().len() < 2 {
        return None;
    }
    let slots = backends.slots().to_vec();
    let list = move || {
        slots
            .iter()
            .filter(|s| s.link.with(Option::is_some))
            .map(|s| {
                let name = s.spec.name.clone();
                let here = name == current;
                view! {
                    <li>
                        <a href=crate::routes::home_of(&s.spec) aria-current=here.then_some("true")
                            data-testid="backend-link">{name.clone()}</a>
                    </li>
                }
            })
            .collect_view()
    };
    Some(view! {
        <nav class="backends" aria-label="Backend" data-testid="backend-switcher">
            <ul>
                {list}
                <li><a href=crate::routes::CONNECT>"Connect another…"</a></li>
            </ul>
        </nav>
    })
}

/// "About this agent": version, identity, authentication, key, and the capability table as it
/// applies to this agent.
#[component]
fn AboutAgent(profile: AgentProfile) -> impl IntoView {
    let auth = match &profile.supported_auth {
        Some(modes) if !modes.is_empty() => modes.join(", "),
        Some(_) => "none listed".to_owned(),
        None => "not advertised (agents before 4.2.5)".to_owned(),
    };
    let rows = Feature::ALL
        .iter()
        .map(|f| {
            let gate = profile.gate(*f);
            let (mark, class) = if gate.is_ok() {
                ("✔ yes", "ok")
            } else {
                ("✖ no", "muted")
            };
            view! {
                <tr data-testid="capability" data-available=gate.is_ok().to_string()>
                    <td>{f.label()}</td>
                    <td class="mono">{format!("≥ {}", f.since())}</td>
                    <td class=class>{mark}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="about" data-testid="about-agent">
            <summary>"About this agent"</summary>
            <dl class="facts">
                <dt>"version"</dt><dd class="mono" data-testid="about-version">{profile.version.clone()}</dd>
                <dt>"identity"</dt><dd data-testid="about-identity">{profile.identity.as_str()}</dd>
                <dt>"OceanBase"</dt><dd>{if profile.degraded { "not answering (degraded)" } else { "answering" }}</dd>
                <dt>"authentication"</dt><dd>{auth}</dd>
                <dt>"key"</dt><dd data-testid="about-key">{format!("RSA {} bits", profile.key_bits)}</dd>
            </dl>
            <table class="capabilities">
                <caption>"What this console can do with this agent"</caption>
                <thead><tr><th scope="col">"feature"</th><th scope="col">"agent"</th><th scope="col">"here"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

/// Running and failed tasks, refreshed in the background.
#[component]
fn TaskBadge() -> impl IntoView {
    let counts = RwSignal::new((0usize, 0usize));
    let ctx = expect_session();
    let session = ctx.session;
    let _poller = use_poller(move || {
        let s = session.clone();
        async move {
            let dags = s.unfinished_dags().await.map_err(|_| ())?;
            let running = dags
                .iter()
                .filter(|d| matches!(d.state, TaskState::Running | TaskState::Ready))
                .count();
            let failed = dags.iter().filter(|d| d.state == TaskState::Failed).count();
            counts.set((running, failed));
            Ok(false)
        }
    });
    let running = ctx.base.tasks(&[("state", "RUNNING".to_owned())]);
    let failed = ctx.base.tasks(&[("state", "FAILED".to_owned())]);
    view! {
        <span class="badge" data-testid="task-badge">
            <A href=running><span data-testid="badge-running">{move || format!("▶ {} running", counts.get().0)}</span></A>
            " "
            <A href=failed><span data-testid="badge-failed" class=move || { if counts.get().1 > 0 { "bad" } else { "muted" } }>{move || format!("✖ {} failed", counts.get().1)}</span></A>
        </span>
    }
}

/// Lets the person ask for a browser notification when a task ends.
#[component]
fn NotifyToggle() -> impl IntoView {
    let journal = crate::journal::expect_journal();
    let toggle = move |_| {
        if journal.notify.get_untracked() {
            journal.notify.set(false);
        } else {
            crate::journal::ask_for_notifications(journal);
        }
    };
    view! {
        <button type="button" class="secondary small" data-testid="notify-toggle"
            aria-pressed=move || journal.notify.get().to_string()
            on:click=toggle>
            {move || if journal.notify.get() { "Notifying when tasks end" } else { "Notify me when tasks end" }}
        </button>
    }
}
