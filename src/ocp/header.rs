//! The bar above every OCP page: who is connected to which OCP, the sections, the backends,
//! and Lock (this backend only).

use leptos::prelude::*;

use crate::ui::components::{BackendSwitcher, Switcher};

use super::expect_ocp;

crate::texts! {
    /// The OCP bar.
    mod tx {
        clusters: "Clusters" => "集群",
        tasks: "Tasks" => "任务",
        lock: "Lock" => "锁定",
        lock_title: "Forget the OCP password of {0} (other backends stay connected)" => "清除 {0} 的 OCP 密码（其他后端保持连接）",
    }
}

/// The bar above every OCP page: who is connected to which OCP, the sections, the backends,
/// and Lock (this backend only).
#[component]
pub fn OcpBar(
    /// The connected backends, shown in the bar.
    switcher: Switcher,
) -> impl IntoView {
    let ocp = expect_ocp();
    let links = ocp.links();
    let (home, tasks) = (links.home(), links.all_tasks());
    let session = ocp.session();
    let identity = format!("{} · OCP {}", session.user(), session.build_version());
    let name = ocp.name();
    let lock = ocp.lock();
    let title = {
        let name = name.clone();
        move || crate::core::i18n::fill(tx::t().lock_title, &[&name])
    };
    view! {
        <header class="topbar ocp-bar">
            <div class="agent">
                <span class="identity">"OCP"</span>
                <span data-testid="ocp-identity">{identity}</span>
            </div>
            <BackendSwitcher switcher=switcher/>
            <nav aria-label="OCP">
                <a href=home>{move || tx::t().clusters}</a>
                <a href=tasks>{move || tx::t().tasks}</a>
            </nav>
            <button type="button" class="secondary" data-testid="lock" title=title
                on:click=move |_| lock.run(())>{move || tx::t().lock}</button>
        </header>
    }
}
