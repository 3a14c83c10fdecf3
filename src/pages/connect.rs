//! The connect page: every backend of this deployment, with a form per backend. A root password
//! goes into memory only (its backend's slot), and is checked against that agent; connecting one
//! backend leaves the others as they are.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::app::{expect_backends, Link, Slot};
use crate::backend::{BackendKind, BackendSpec};
use crate::i18n::fill;

crate::texts! {
    /// The connect page and an agent's password form.
    mod tx {
        connected: "Connected. " => "已连接。",
        open: "Open {0}" => "打开 {0}",
        lock: "Lock {0}" => "锁定 {0}",
        intro: "Connect to one or more of the backends this console is set up for. Each password stays in this tab's memory only." => "连接本控制台配置的一个或多个后端。每个密码只保存在本标签页的内存中。",
        hint_here: "Connect to the OBShell agent that serves this page." => "连接提供本页面的 OBShell Agent。",
        hint_named: "Connect to the OBShell agent {0} ({1})." => "连接 OBShell Agent {0}（{1}）。",
        insecure: "This page is not a secure context (plain HTTP): the password is sealed with the agent's key before it leaves the page, but the page itself could be altered on the way. Serve the console over HTTPS (deploy/nginx.conf)." => "本页面不是安全上下文（明文 HTTP）：密码离开页面前已用 Agent 的公钥加密，但页面本身可能在传输途中被篡改。请通过 HTTPS 提供控制台（见 deploy/nginx.conf）。",
        form: "Connect to {0}" => "连接到 {0}",
        password: "root@sys password" => "root@sys 密码",
        connecting: "Connecting…" => "连接中…",
        connect: "Connect" => "连接",
    }
}

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
            let kind = spec.kind;
            let link = slot.link;
            let body = move || match (link.with(Option::is_some), slot.spec.kind) {
                (true, _) => {
                    let slot = slot.clone();
                    let name = slot.spec.name.clone();
                    let slot_name = name.clone();
                    view! {
                        <p data-testid="backend-connected">
                            <span class="ok">{move || tx::t().connected}</span>
                            <a href=crate::routes::home_of(&slot.spec)>{move || fill(tx::t().open, &[&name])}</a>
                            " "
                            <button type="button" class="secondary small" on:click=move |_| slot.lock()>
                                {move || fill(tx::t().lock, &[&slot_name])}
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
                        <span data-testid="backend-kind">{move || kind.label()}</span>
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
            <p class="hint">{move || tx::t().intro}</p>
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
            let connected = crate::split::connect_agent(slot.spec.clone(), password).await?;
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
    let form_name = spec.name.clone();
    let here = spec.prefix.is_empty() && spec.name == "agent";
    let (name, path) = (spec.name.clone(), proxied_path(&spec));
    let hint = move || {
        if here {
            tx::t().hint_here.to_owned()
        } else {
            fill(tx::t().hint_named, &[&name, &path])
        }
    };
    // Over plain HTTP (not localhost) the password is still sealed with the agent's key in the
    // page, but the page's own code could be changed on the way.
    let insecure = !web_sys::window().is_some_and(|w| w.is_secure_context());
    view! {
        <p class="hint">{hint}</p>
        {insecure.then(|| view! {
            <p class="banner warn" role="alert" data-testid="insecure-page">
                {move || tx::t().insecure}
            </p>
        })}
        <form on:submit=submit autocomplete="off" aria-label=move || fill(tx::t().form, &[&form_name])>
            <label for=input_id.clone()>{move || tx::t().password}</label>
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
                {move || if pending.get() { tx::t().connecting } else { tx::t().connect }}
            </button>
        </form>
        {move || error().map(|e| crate::split::page(move || crate::split::agent_error_panel(e.clone())))}
    }
}
