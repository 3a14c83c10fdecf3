//! The bar above every OCP page: who is connected to which OCP, the sections, the backends,
//! notifications when tasks end, and Lock (this backend only).

use leptos::prelude::*;

use crate::ui::components::{AboutPanel, Switcher, Topbar};

use super::expect_ocp;

crate::texts! {
    /// The OCP bar.
    mod tx {
        lock: "Lock" => "锁定",
        about: "About this OCP" => "关于此 OCP",
        user: "user" => "用户",
        build: "OCP version" => "OCP 版本",
        lock_title: "Forget the OCP password of {0} (other backends stay connected)" => "清除 {0} 的 OCP 密码（其他后端保持连接）",
    }
}

/// The bar above every OCP page (the one [`Topbar`] of both backends): its sections, "About
/// this OCP" (the user and OCP's build), and Lock (this backend only).
#[component]
pub fn OcpBar(
    /// The connected backends, shown in the bar.
    switcher: Switcher,
) -> impl IntoView {
    let ocp = expect_ocp();
    let links = ocp.links();
    let session = ocp.session();
    let (user, build) = (
        session.user().to_owned(),
        session.build_version().to_owned(),
    );
    let name = ocp.name();
    let lock = ocp.lock();
    let title = {
        let name = name.clone();
        move || crate::core::i18n::fill(tx::t().lock_title, &[&name])
    };
    let sections = crate::ocp::sections::nav(&links);
    view! {
        <Topbar name=name.clone() what=format!("OCP {build}") sections=sections switcher=switcher>
            <crate::ui::journal::NotifyToggle/>
            <AboutPanel id="about-ocp" label=Signal::derive(|| tx::t().about) testid="about-ocp">
                <dl class="facts">
                    <dt>{move || tx::t().user}</dt><dd data-testid="ocp-identity">{user}</dd>
                    <dt>{move || tx::t().build}</dt><dd class="mono">{build.clone()}</dd>
                </dl>
            </AboutPanel>
            <button type="button" class="secondary small" data-testid="lock" title=title
                on:click=move |_| lock.run(())>{move || tx::t().lock}</button>
        </Topbar>
    }
}
