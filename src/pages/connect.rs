//! The connect page: every backend of this deployment, with a form per backend. A root password
//! goes into memory only (its backend's slot), and is checked against that agent; connecting one
//! backend leaves the others as they are.

use leptos::prelude::*;

use crate::api::{ApiError, Session};
use crate::app::{expect_backends, Link, Slot};
use crate::backend::{BackendKind, BackendSpec};
use crate::components::ErrorPanel;

/// The path the browser sends a backend's calls to (nginx strips the prefix).
fn proxied_path(spec: &BackendSpec) -> String {
    match spec.kind {
        BackendKind::Obshell => format!("{}/api/v1/", spec.prefix),
        BackendKind::Ocp => format!("{}/api/v2/", spec.prefix),
    }
}

/// Lists every backend: its name, kind and proxied path, connected or with its form.
#[component]
pub fn ConnectPage() -> impl IntoView {
    let backends = expect_backends();
    let items = backends
        .slots()
        .iter()
        .cloned()
        .map(|slot| {
            let spec = slot.spec.clone();
            let name = spec.name.clone();
            let link = slot.link;
            let body = move || match (link.with(Option::is_some), slot.spec.kind) {
                (true, _) => {
                    let slot = slot.clone();
                    view! {
                        <p data-testid="backend-connected">
                            <span class="ok">"Connected. "</span>
                            <a href=crate::routes::home_of(&slot.spec)>{format!("Open {}", slot.spec.name)}</a>
                            " "
                            <button type="button" class="secondary small" on:click=move |_| slot.lock()>
                                {format!("Lock {}", slot.spec.name)}
                            </button>
                        </p>
                    }
                    .into_any()
                }
                (false, BackendKind::Obshell) => view! { <AgentConnect backend=slot.clone()/> }.into_any(),
                (false, BackendKind::Ocp) => view! { <crate::ocp::OcpConnect backend=slot.clone()/> }.into_any(),
            };
            view! {
                <li class="backend" data-testid="backend" aria-label=name.clone()>
                    <h2>{name.clone()}</h2>
                    <p class="muted">
                        <span data-testid="backend-kind">{spec.kind.label()}</span>
                        " · "
                        <span class="mono" data-testid="backend-path">{proxied_path(&spec)}</span>
                    </p>
                    {body}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="connect">
            <h1>"obshell-console"</h1>
            <p class="hint">"Connect to one or more of the backends this console is set up for. Each password stays in this tab's memory only."</p>
            <ul class="backends">{items}</ul>
        </section>
    }
}

/// The root password form of one OBShell backend.
#[component]
pub fn AgentConnect(backend: Slot) -> impl IntoView {
    let slot = backend;
    let journal = crate::journal::expect_journal();
    let spec = slot.spec.clone();
    let (password, set_password) = signal(String::new());
    // The action's input is wiped when dropped; `Session::connect` gets the one copy it keeps.
    let connect = Action::new_local(move |password: &zeroize::Zeroizing<String>| {
        let password = password.to_string();
        let slot = slot.clone();
        async move {
            let connected = Session::connect(&slot.spec, password).await?;
            // Forget the typed text and hand the session over.
            set_password.update(crate::secret::clear);
            connected
                .session
                .set_recorder(journal.recorder(&slot.spec.name));
            slot.link.set(Some(Link::Agent(Box::new(connected))));
            Ok::<(), ApiError>(())
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
            connect.dispatch(zeroize::Zeroizing::new(password.get_untracked()));
        }
    };
    // No `name`, and an id password managers do not key on; the label still names the input.
    let input_id = format!("root-secret-{}", spec.name);
    let hint = if spec.prefix.is_empty() && spec.name == "agent" {
        "Connect to the OBShell agent that serves this page.".to_owned()
    } else {
        format!(
            "Connect to the OBShell agent {} ({}).",
            spec.name,
            proxied_path(&spec)
        )
    };
    // Over plain HTTP (not localhost) the password is still sealed with the agent's key in the
    // page, but the page's own code could be changed on the way.
    let insecure = !web_sys::window().is_some_and(|w| w.is_secure_context());
    view! {
        <p class="hint">{hint}</p>
        {insecure.then(|| view! {
            <p class="banner warn" role="alert" data-testid="insecure-page">
                "This page is not a secure context (plain HTTP): the password is sealed with the agent's key before it leaves the page, but the page itself could be altered on the way. Serve the console over HTTPS (deploy/nginx.conf)."
            </p>
        })}
        <form on:submit=submit autocomplete="off" aria-label=format!("Connect to {}", spec.name)>
            <label for=input_id.clone()>"root@sys password"</label>
            <input
                id=input_id
                type="password"
                data-testid="password"
                autocomplete="off"
                data-1p-ignore=""
                data-lpignore="true"
                prop:value=password
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    set_password.update(|p| crate::secret::replace(p, typed));
                }
            />
            <button type="submit" data-testid="connect" disabled=move || pending.get()>
                {move || if pending.get() { "Connecting…" } else { "Connect" }}
            </button>
        </form>
        {move || error().map(|e| view! { <ErrorPanel error=e/> })}
    }
}
