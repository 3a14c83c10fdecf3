//! The connect page: the root password goes into memory only, and is checked against the agent.

use leptos::prelude::*;

use crate::api::{AgentClient, ApiError, Connected};
use crate::app::expect_connection;
use crate::components::ErrorPanel;

#[component]
pub fn ConnectPage() -> impl IntoView {
    let connection = expect_connection().0;
    let journal = crate::journal::expect_journal();
    let (password, set_password) = signal(String::new());
    let connect = Action::new_local(|password: &String| {
        let password = password.clone();
        async move { AgentClient.connect(password).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(connected)) = connect.value().get() {
            // Hand the session over and forget the typed text.
            set_password.set(String::new());
            connected.session.set_recorder(journal.recorder());
            connection.set(Some::<Connected>(connected));
        }
    });
    let error = move || match connect.value().get() {
        Some(Err(e)) => Some::<ApiError>(e),
        _ => None,
    };
    let pending = connect.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            connect.dispatch(password.get_untracked());
        }
    };
    view! {
        <section class="connect">
            <h1>"obshell-console"</h1>
            <p class="hint">"Connect to the OBShell agent that serves this page."</p>
            <form on:submit=submit autocomplete="off">
                <label for="password">"root@sys password"</label>
                <input
                    id="password"
                    type="password"
                    data-testid="password"
                    autocomplete="current-password"
                    prop:value=password
                    on:input=move |ev| set_password.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="connect" disabled=move || pending.get()>
                    {move || if pending.get() { "Connecting…" } else { "Connect" }}
                </button>
            </form>
            {move || error().map(|e| view! { <ErrorPanel error=e/> })}
        </section>
    }
}
