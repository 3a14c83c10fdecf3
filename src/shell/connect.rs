//! The connect page: every backend of this deployment, with a form per backend, and the form
//! of one backend for the shell's other views. A password goes into memory only (its backend's
//! slot), and is checked against that backend; connecting one backend leaves the others as they
//! are.

use leptos::prelude::*;

use crate::core::backend::BackendKind;
use crate::core::i18n::fill;
use crate::obshell::connect::ObshellConnect;
use crate::ocp::OcpConnect;
use crate::shell::backends::{expect_backends, Link, Slot};
use crate::shell::switcher::home_of;

crate::texts! {
    /// The connect page.
    mod tx {
        connected: "Connected. " => "已连接。",
        open: "Open {0}" => "打开 {0}",
        lock: "Lock {0}" => "锁定 {0}",
        intro: "Connect to one or more of the backends this console is set up for. Each password stays in this tab's memory only." => "连接本控制台配置的一个或多个后端。每个密码只保存在本标签页的内存中。",
    }
}

/// The form of `slot`'s backend; once the backend accepts it, the slot holds the connection.
pub fn connect_form(slot: &Slot) -> AnyView {
    let link = slot.link;
    let spec = slot.spec.clone();
    // The first form drawn takes over index.html's, with what was typed there.
    let carried = crate::shell::boot::adopt();
    match spec.kind {
        BackendKind::Obshell => {
            let connected = Callback::new(move |c| link.set(Some(Link::Obshell(Box::new(c)))));
            view! { <ObshellConnect spec=spec connected=connected carried=carried/> }.into_any()
        }
        BackendKind::Ocp => {
            let connected = Callback::new(move |s| link.set(Some(Link::Ocp(s))));
            view! { <OcpConnect spec=spec connected=connected carried=carried/> }.into_any()
        }
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
            let body = move || {
                if !link.with(Option::is_some) {
                    return connect_form(&slot);
                }
                let slot = slot.clone();
                let name = slot.spec.name.clone();
                let slot_name = name.clone();
                view! {
                    <p data-testid="backend-connected">
                        <span class="ok">{move || tx::t().connected}</span>
                        <a href=home_of(&slot.spec)>{move || fill(tx::t().open, &[&name])}</a>
                        " "
                        <button type="button" class="secondary small" on:click=move |_| slot.lock()>
                            {move || fill(tx::t().lock, &[&slot_name])}
                        </button>
                    </p>
                }
                .into_any()
            };
            view! {
                <li class="backend" data-testid="backend" aria-label=name.clone()>
                    <h2>{name.clone()}</h2>
                    <p class="muted">
                        <span data-testid="backend-kind">{move || kind.label()}</span>
                        " · "
                        <span class="mono" data-testid="backend-path">{spec.proxied_path()}</span>
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
