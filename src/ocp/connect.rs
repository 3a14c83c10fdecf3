//! Connecting to OCP: user (default `admin`) and password, kept in memory only, checked with
//! `GET /api/v2/info`. A page that is not a secure context is refused before anything is sent.

use leptos::prelude::*;

use super::client::{OcpSession, INSECURE_CONTEXT};
use super::OcpCtx;
use crate::components::ErrorPanel;

/// The connect form. Under an [`OcpCtx`] the session goes into it; a page without one (a list
/// of backends) passes `on_connected` and the OCP's `api_prefix` instead.
#[component]
pub fn OcpConnect(
    /// Receives the new session (else it goes into the [`OcpCtx`]).
    #[prop(optional)]
    on_connected: Option<Callback<OcpSession>>,
    /// The path before `/api/v2/` (else the [`OcpCtx`]'s, else `""`).
    #[prop(optional, into)]
    api_prefix: Option<String>,
    /// What to connect to, in the heading.
    #[prop(optional, into)]
    name: Option<String>,
) -> impl IntoView {
    let ocp = use_context::<OcpCtx>();
    let prefix = StoredValue::new(
        api_prefix
            .or_else(|| ocp.map(|c| c.api_prefix()))
            .unwrap_or_default(),
    );
    let (title, form_name) = match &name {
        Some(n) => (format!("Connect to OCP {n}"), format!("Connect to {n}")),
        None => ("Connect to OCP".to_owned(), "Connect to OCP".to_owned()),
    };
    let user = RwSignal::new("admin".to_owned());
    let password = RwSignal::new(String::new());
    let secure = web_sys::window().is_some_and(|w| w.is_secure_context());
    let connect = Action::new_local(move |(user, password): &(String, String)| {
        let (user, password) = (user.clone(), password.clone());
        let prefix = prefix.get_value();
        async move { OcpSession::connect(&prefix, &user, &password).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(session)) = connect.value().get() {
            password.set(String::new());
            match (on_connected, ocp) {
                (Some(cb), _) => cb.run(session),
                (None, Some(c)) => c.session.set(Some(session)),
                (None, None) => {}
            }
        }
    });
    let pending = connect.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            connect.dispatch((user.get_untracked(), password.get_untracked()));
        }
    };
    view! {
        <section class="connect ocp-connect" aria-label=title.clone()>
            // Inside a list of backends (a name given) the backend's own heading comes first.
            {if name.is_some() { view! { <h3>{title.clone()}</h3> }.into_any() } else { view! { <h2>{title.clone()}</h2> }.into_any() }}
            <p class="hint">"The user and password stay in this tab's memory only and go to OCP as HTTP Basic with each request."</p>
            {(!secure).then(|| view! { <p class="warn" role="alert" data-testid="ocp-insecure">{INSECURE_CONTEXT}</p> })}
            <form on:submit=submit autocomplete="off" aria-label=form_name data-testid="ocp-connect-form">
                // Labels wrap their inputs: a page may hold several of these forms (no ids).
                <label>"OCP user"
                    <input data-testid="ocp-user" autocomplete="username"
                        prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
                </label>
                <label>"OCP password"
                    <input type="password" data-testid="ocp-password" autocomplete="current-password"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <button type="submit" data-testid="ocp-connect" disabled=move || pending.get() || !secure>
                    {move || if pending.get() { "Connecting…" } else { "Connect to OCP" }}
                </button>
            </form>
            {move || match connect.value().get() {
                Some(Err(e)) => Some(view! { <ErrorPanel error=e/> }),
                _ => None,
            }}
        </section>
    }
}
