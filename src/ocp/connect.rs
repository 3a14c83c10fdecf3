//! Connecting to OCP: user (default `admin`) and password, kept in memory only, checked with
//! `GET /api/v2/info`. A page that is not a secure context is refused before anything is sent.

use leptos::prelude::*;

use super::client::{OcpSession, INSECURE_CONTEXT};
use super::expect_ocp;
use crate::components::ErrorPanel;

#[component]
pub fn OcpConnect() -> impl IntoView {
    let ocp = expect_ocp();
    let user = RwSignal::new("admin".to_owned());
    let password = RwSignal::new(String::new());
    let secure = web_sys::window().is_some_and(|w| w.is_secure_context());
    let connect = Action::new_local(move |(user, password): &(String, String)| {
        let (user, password) = (user.clone(), password.clone());
        let prefix = ocp.api_prefix();
        async move { OcpSession::connect(&prefix, &user, &password).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(session)) = connect.value().get() {
            password.set(String::new());
            ocp.session.set(Some(session));
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
        <section class="connect ocp-connect" aria-labelledby="ocp-connect-title">
            <h1 id="ocp-connect-title">"Connect to OCP"</h1>
            <p class="hint">"The user and password stay in this tab's memory only and go to OCP as HTTP Basic with each request."</p>
            {(!secure).then(|| view! { <p class="warn" role="alert" data-testid="ocp-insecure">{INSECURE_CONTEXT}</p> })}
            <form on:submit=submit autocomplete="off">
                <label for="ocp-user">"OCP user"</label>
                <input id="ocp-user" data-testid="ocp-user" autocomplete="username"
                    prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
                <label for="ocp-password">"OCP password"</label>
                <input id="ocp-password" type="password" data-testid="ocp-password" autocomplete="current-password"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
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
