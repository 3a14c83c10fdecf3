//! A plan downloaded as a Python script for the official SDK (docs/protocol/obshell.md §4.15):
//! the steps not done yet, addressed to the agent this console is connected to. No password:
//! the script reads it from its environment.

use leptos::prelude::*;
use obshell_protocol::obshell::plan::{export_python, ExportTarget, PlanDoc};

use crate::obshell::context::expect_obshell;

crate::texts! {
    /// The export button.
    mod tx {
        export: "Download as a Python script" => "下载为 Python 脚本",
        failed: "The browser did not save the file: {0}" => "浏览器未能保存文件：{0}",
    }
}

/// The button that saves the script of `doc` as `plan-<id>.py`.
pub fn download_button(doc: RwSignal<PlanDoc>) -> impl IntoView {
    let info = expect_obshell().connected.info;
    let target = ExportTarget {
        host: info.ip.clone(),
        port: info.port,
    };
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let d = doc.get_untracked();
        let script = export_python(&d, &target);
        let name = format!("plan-{}.py", d.id);
        error.set(crate::core::download::save_text(&name, "text/x-python", &script).err());
    };
    view! {
        <button type="button" class="secondary" on:click=save>{move || tx::t().export}</button>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{crate::core::i18n::fill(tx::t().failed, &[&e])}</p> })}
    }
}
