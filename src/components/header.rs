//! The header: which agent, its version and clock skew, navigation, and Lock.

use leptos::prelude::*;
use leptos_router::components::A;
use obshell_protocol::model::task::TaskState;

use crate::app::{expect_connection, session};
use crate::poll::use_poller;

/// Skew from which the header warns (the official UI uses the same minute).
const SKEW_WARN_SECS: i64 = 60;

#[component]
pub fn Header() -> impl IntoView {
    let connection = expect_connection().0;
    let agent = move || {
        connection.with(|c| {
            c.as_ref().map(|c| {
                let skew = c.session.clock_offset();
                let skew_text = (skew.abs() >= SKEW_WARN_SECS).then(|| format!("agent clock differs from this browser by {skew} s"));
                let auth = if c.session.uses_login() { "session" } else { "password" };
                view! {
                    <div class="agent" data-testid="agent">
                        <span class="identity">{c.info.identity.as_str()}</span>
                        <span>{format!("{}:{}", c.info.ip, c.info.port)}</span>
                        <span class="version">{format!("obshell {}", c.info.version)}</span>
                        <span class="muted" data-testid="auth-mode">{format!("signed in with {auth}")}</span>
                        {skew_text.map(|t| view! { <span class="warn" data-testid="clock-skew">{t}</span> })}
                    </div>
                }
            })
        })
    };
    let lock = move |_| {
        if let Some(session) = connection.with_untracked(|c| c.as_ref().map(|c| c.session.clone()))
        {
            leptos::task::spawn_local(async move { session.logout().await });
        }
        connection.set(None);
    };
    view! {
        <header class="topbar">
            {agent}
            <nav>
                <A href="/cluster">"Cluster"</A>
                <A href="/tenants">"Tenants"</A>
                <A href="/tasks">"Tasks"</A>
                <A href="/cluster/scale-out">"Scale out"</A>
                <A href="/cluster/scale-in">"Scale in"</A>
                <TaskBadge/>
            </nav>
            <button class="secondary" data-testid="lock" on:click=lock>"Lock"</button>
        </header>
    }
}

/// Running and failed tasks, refreshed in the background.
#[component]
fn TaskBadge() -> impl IntoView {
    let counts = RwSignal::new((0usize, 0usize));
    let _poller = use_poller(move || async move {
        let Some(s) = session() else { return Err(()) };
        let dags = s.unfinished_dags().await.map_err(|_| ())?;
        let running = dags
            .iter()
            .filter(|d| matches!(d.state, TaskState::Running | TaskState::Ready))
            .count();
        let failed = dags.iter().filter(|d| d.state == TaskState::Failed).count();
        counts.set((running, failed));
        Ok(false)
    });
    view! {
        <span class="badge" data-testid="task-badge">
            <A href="/tasks?state=RUNNING"><span data-testid="badge-running">{move || format!("▶ {} running", counts.get().0)}</span></A>
            " "
            <A href="/tasks?state=FAILED"><span data-testid="badge-failed" class=move || { if counts.get().1 > 0 { "bad" } else { "muted" } }>{move || format!("✖ {} failed", counts.get().1)}</span></A>
        </span>
    }
}
