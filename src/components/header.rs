//! The header: which agent, its version and clock skew, navigation, and Lock.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::expect_connection;

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
            </nav>
            <button class="secondary" data-testid="lock" on:click=lock>"Lock"</button>
        </header>
    }
}
