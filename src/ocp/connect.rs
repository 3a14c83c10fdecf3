//! Connecting to OCP: user (default `admin`) and password, kept in memory only, checked with
//! `GET /api/v2/info`. A page that is not a secure context is refused before anything is sent.

use leptos::prelude::*;

use super::client::insecure_context;
use crate::core::backend::BackendSpec;
use crate::ocp::OcpSession;

crate::texts! {
    /// Connecting to OCP.
    mod tx {
        hint: "The user and password stay in this tab's memory only and go to OCP as HTTP Basic with each request." => "用户名和密码只保存在此标签页的内存中，随每个请求以 HTTP Basic 方式发送给 OCP。",
        form: "Connect to {0}" => "连接 {0}",
        user: "OCP user" => "OCP 用户",
        password: "OCP password" => "OCP 密码",
        connecting: "Connecting…" => "连接中…",
        connect: "Connect to OCP" => "连接 OCP",
    }
}

/// The form of one OCP backend; once OCP accepts the user and password, the session is handed
/// over (and the typed password is forgotten by the form).
#[component]
pub fn OcpConnect(
    /// The backend's entry of `console.json`.
    spec: BackendSpec,
    /// Takes the session once OCP accepted the user and password.
    connected: Callback<OcpSession>,
    /// A password typed into index.html's form (the agent's) before the console started: kept
    /// here, not sent (the form had no user field).
    #[prop(default = None)]
    carried: Option<crate::core::secret::Carried>,
) -> impl IntoView {
    let prefix = spec.prefix.clone();
    let name = spec.name.clone();
    // Several OCP backends may be listed on one page.
    let (user_id, password_id) = (format!("ocp-user-{name}"), format!("ocp-secret-{name}"));
    let user = RwSignal::new("admin".to_owned());
    let password = RwSignal::new(carried.map(|c| c.password.to_string()).unwrap_or_default());
    let secure = web_sys::window().is_some_and(|w| w.is_secure_context());
    let connect = Action::new_local(
        move |(user, password): &(String, zeroize::Zeroizing<String>)| {
            let (user, password) = (user.clone(), password.clone());
            let prefix = prefix.clone();
            async move { crate::ocp::split::connect_ocp(prefix, user, password).await }
        },
    );
    // Every mutation this session sends goes to this tab's journal, under the backend's name.
    let recorder = crate::core::journal::expect_journal().recorder(&name);
    Effect::new(move |_| {
        if let Some(Ok(session)) = connect.value().get() {
            password.update(crate::core::secret::clear);
            session.set_recorder(recorder.clone());
            connected.run(session);
        }
    });
    let pending = connect.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            connect.dispatch((
                user.get_untracked(),
                zeroize::Zeroizing::new(password.get_untracked()),
            ));
        }
    };
    view! {
        <section class="ocp-connect">
            <p class="hint">{move || tx::t().hint}</p>
            {(!secure).then(|| view! { <p class="warn" role="alert" data-testid="ocp-insecure">{move || insecure_context()}</p> })}
            <form on:submit=submit autocomplete="off" aria-label=move || crate::core::i18n::fill(tx::t().form, &[&name])>
                <label for=user_id.clone()>{move || tx::t().user}</label>
                <input id=user_id data-testid="ocp-user" autocomplete="username"
                    prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
                <label for=password_id.clone()>{move || tx::t().password}</label>
                <input id=password_id type="password" data-testid="ocp-password" autocomplete="off" data-1p-ignore="" data-lpignore="true"
                    prop:value=move || password.get()
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        password.update(|p| crate::core::secret::replace(p, typed));
                    }/>
                <button type="submit" data-testid="ocp-connect" disabled=move || pending.get() || !secure>
                    {move || if pending.get() { tx::t().connecting } else { tx::t().connect }}
                </button>
            </form>
            {move || match connect.value().get() {
                Some(Err(e)) => Some(crate::ui::split::page(move || crate::ocp::split::ocp_error_panel(e.clone()))),
                _ => None,
            }}
        </section>
    }
}
