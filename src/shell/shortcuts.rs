//! The list of keyboard shortcuts: a native modal `<dialog>` (Esc closes it and focus is held
//! inside while it is open), opened by `?` or by the button at the foot of every page. Focus
//! goes back to what had it before.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::keys::Keys;

crate::texts! {
    /// The shortcuts dialog.
    pub(crate) mod tx {
        open: "Keyboard shortcuts (?)" => "键盘快捷键（?）",
        title: "Keyboard shortcuts" => "键盘快捷键",
        intro: "Shortcuts work when focus is not in a text field. Esc closes a dialog or a confirmation." => "焦点不在输入框中时快捷键生效。按 Esc 关闭对话框或确认。",
        key: "Key" => "按键",
        action: "Action" => "操作",
        help: "List the shortcuts" => "列出快捷键",
        cluster: "Go to the cluster" => "前往集群",
        tenants: "Go to the tenants" => "前往租户",
        tasks: "Go to the tasks" => "前往任务",
        search: "Focus the page's search field" => "聚焦页面的搜索框",
        refresh: "Refresh now" => "立即刷新",
        pause: "Pause or resume the refresh" => "暂停或继续刷新",
        escape: "Close a dialog or a confirmation" => "关闭对话框或确认",
        graph: "In the task graph: the previous or next layer" => "任务图中：上一层或下一层",
        lane: "In the task graph: the step above or below in the layer" => "任务图中：同层的上一个或下一个步骤",
        select: "In the task graph: show the step" => "任务图中：显示该步骤",
        zoom: "In the task timeline: zoom in or out" => "任务时间线中：放大或缩小",
        fit: "In the task timeline: show the whole task" => "任务时间线中：显示整个任务",
        then: "then" => "然后",
        close: "Close" => "关闭",
        announcements: "Announcements" => "通知",
    }
}

fn call(el: &web_sys::Element, method: &str) {
    if let Ok(f) = js_sys::Reflect::get(el, &method.into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call0(el);
        }
    }
}

#[component]
pub fn Shortcuts() -> impl IntoView {
    let k = expect_context::<Keys>();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::Element>);
    let open = move || {
        let Some(d) = dialog.get_untracked() else {
            return;
        };
        let d: web_sys::Element = d.into();
        if d.has_attribute("open") {
            return;
        }
        opener.set_value(
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|doc| doc.active_element()),
        );
        call(&d, "showModal");
    };
    Effect::new(move |seen: Option<u32>| {
        let n = k.help.get();
        if seen.is_some_and(|s| s != n) {
            open();
        }
        n
    });
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            call(&d.into(), "close");
        }
    };
    // However it closed (Esc, the button): focus back where it was.
    let restore = move |_| {
        if let Some(o) = opener
            .get_value()
            .filter(|o| o.is_connected())
            .and_then(|o| o.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = o.focus();
        }
    };
    let rows = move || {
        let t = tx::t();
        let then = t.then;
        [
            (vec!["?"], t.help),
            (vec!["g", "c"], t.cluster),
            (vec!["g", "t"], t.tenants),
            (vec!["g", "k"], t.tasks),
            (vec!["/"], t.search),
            (vec!["r"], t.refresh),
            (vec!["p"], t.pause),
            (vec!["Esc"], t.escape),
            (vec!["←", "→"], t.graph),
            (vec!["↑", "↓"], t.lane),
            (vec!["Enter"], t.select),
            (vec!["+", "−"], t.zoom),
            (vec!["0"], t.fit),
        ]
        .into_iter()
        .map(|(keys, what)| {
            let sep = if keys.len() == 2 && keys[0] == "g" {
                format!(" {then} ")
            } else {
                " ".to_owned()
            };
            let n = keys.len();
            view! {
                <tr>
                    <td>{keys.into_iter().enumerate().map(|(i, key)| view! {
                        <kbd>{key}</kbd>{(i + 1 < n).then(|| sep.clone())}
                    }).collect_view()}</td>
                    <td>{what}</td>
                </tr>
            }
        })
        .collect_view()
    };
    view! {
        <footer class="keys-foot">
            <button type="button" class="secondary small" data-testid="shortcuts-open"
                aria-haspopup="dialog" on:click=move |_| open()>{move || tx::t().open}</button>
        </footer>
        <dialog node_ref=dialog class="shortcuts" aria-labelledby="shortcuts-title"
            data-testid="shortcuts" on:close=restore>
            <h2 id="shortcuts-title">{move || tx::t().title}</h2>
            <p class="hint">{move || tx::t().intro}</p>
            <table>
                <thead><tr>
                    <th scope="col">{move || tx::t().key}</th>
                    <th scope="col">{move || tx::t().action}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button type="button" class="secondary" on:click=move |_| close()>{move || tx::t().close}</button>
        </dialog>
    }
}
