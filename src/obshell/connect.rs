//! The root password form of one OBShell backend: the password goes into memory only (handed
//! over with the connection), and is checked against that agent.

use leptos::prelude::*;

use crate::core::backend::BackendSpec;
use crate::core::error::ApiError;
use crate::core::i18n::fill;
use crate::core::secret::Carried;
use crate::obshell::client::Connected;

crate::texts! {
    /// An agent's password form.
    mod tx {
        hint_here: "Connect to the OBShell agent that serves this page." => "连接提供本页面的 OBShell Agent。",
        hint_named: "Connect to the OBShell agent {0} ({1})." => "连接 OBShell Agent {0}（{1}）。",
        insecure: "This page is not a secure context (plain HTTP): the password is sealed with the agent's key before it leaves the page, but the page itself could be altered on the way. Serve the console over HTTPS (deploy/nginx.conf)." => "本页面不是安全上下文（明文 HTTP）：密码离开页面前已用 Agent 的公钥加密，但页面本身可能在传输途中被篡改。请通过 HTTPS 提供控制台（见 deploy/nginx.conf）。",
        form: "Connect to {0}" => "连接到 {0}",
        password: "root@sys password" => "root@sys 密码",
        connecting: "Connecting…" => "连接中…",
        connect: "Connect" => "连接",
    }
}

/// The root password form of one OBShell backend.
#[component]
pub fn ObshellConnect(
    /// The agent's entry of `console.json`.
    spec: BackendSpec,
    /// Takes the connection once the agent accepted the password.
    connected: Callback<Connected>,
    /// What was typed into index.html's form before the console started (and whether Connect
    /// was pressed there: then it is sent at once, as if pressed here).
    #[prop(default = None)]
    carried: Option<Carried>,
) -> impl IntoView {
    let journal = crate::core::journal::expect_journal();
    let for_call = spec.clone();
    let pressed = carried.as_ref().is_some_and(Carried::pressed);
    let (password, set_password) =
        signal(carried.map(|c| c.password.to_string()).unwrap_or_default());
    // The action's input is wiped when dropped; `Session::connect` gets the one copy it keeps.
    let connect = Action::new_local(move |password: &zeroize::Zeroizing<String>| {
        let password = password.to_string();
        let spec = for_call.clone();
        async move {
            let c = crate::obshell::split::connect_obshell(spec.clone(), password).await?;
            // Forget the typed text and hand the session over.
            set_password.update(crate::core::secret::clear);
            c.session.set_recorder(journal.recorder(&spec.name));
            connected.run(c);
            Ok::<(), ApiError>(())
        }
    });
    let error = move || match connect.value().get() {
        Some(Err(e)) => Some::<ApiError>(e),
        _ => None,
    };
    let pending = connect.pending();
    if pressed {
        connect.dispatch(zeroize::Zeroizing::new(password.get_untracked()));
    }
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
    let (name, path) = (spec.name.clone(), spec.proxied_path());
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
                    set_password.update(|p| crate::core::secret::replace(p, typed));
                }
            />
            <button type="submit" data-testid="connect" disabled=move || pending.get()>
                {move || if pending.get() { tx::t().connecting } else { tx::t().connect }}
            </button>
        </form>
        {move || error().map(|e| crate::ui::split::page(move || crate::obshell::split::obshell_error_panel(e.clone())))}
    }
}
