//! The inspector's view: a button in the preferences bar (on every page, the connect page
//! too) opens a non-modal region below it with this tab's requests as a table, a text filter,
//! "Failed only", an export (as JSON, secrets masked) and "Empty".

use leptos::prelude::*;

use crate::core::i18n::{fill, format};
use crate::core::inspector::model::{self, Answer, Entry};
use crate::core::inspector::{log, open};

crate::texts! {
    /// The request inspector.
    pub(crate) mod tx {
        open: "Requests" => "请求",
        open_title: "Show this tab's requests to every backend (secrets masked)" => "查看本标签页发往各后端的请求（密钥已遮盖）",
        region: "Request inspector" => "请求检查器",
        heading: "Requests of this tab" => "本标签页的请求",
        intro: "Every request this tab sent, newest first (the last {0} are kept). Passwords, session ids and keys are shown as •••; Lock empties the entries of that backend." => "本标签页发出的每个请求，最新的在前（保留最近 {0} 个）。密码、会话 ID 和密钥显示为 •••；锁定会清空该后端的记录。",
        close: "Close" => "关闭",
        close_title: "Close the request inspector" => "关闭请求检查器",
        filter: "Filter" => "筛选",
        filter_hint: "method, target, status or trace id" => "方法、目标、状态或 Trace ID",
        failed_only: "Failed only" => "仅失败的请求",
        export: "Export JSON" => "导出 JSON",
        export_title: "Save the requests shown as a JSON file (secrets masked)" => "将显示的请求保存为 JSON 文件（密钥已遮盖）",
        export_failed: "The export failed: {0}" => "导出失败：{0}",
        empty: "Empty" => "清空",
        empty_title: "Forget every request recorded so far" => "清除目前记录的所有请求",
        count: "{0} of {1} requests shown" => "显示 {0} 个请求，共 {1} 个",
        caption: "Requests, newest first" => "请求列表，最新的在前",
        col_time: "Time" => "时间",
        col_method: "Method" => "方法",
        col_backend: "Backend" => "后端",
        col_target: "Target" => "目标",
        col_status: "Status" => "状态",
        col_duration: "Duration" => "耗时",
        millis: "{0} ms" => "{0} 毫秒",
        col_trace: "Trace ID" => "Trace ID",
        col_sizes: "Sent (encrypted)" => "发送大小（加密后）",
        col_details: "Details" => "详情",
        via: "via {0}" => "经由 {0}",
        pending: "pending" => "等待中",
        timeout: "no answer (timed out; outcome unknown)" => "无应答（超时；结果未知）",
        no_answer: "no answer (network failure; outcome unknown)" => "无应答（网络故障；结果未知）",
        unread: "not read (the page was left before the answer)" => "未读取（应答到达前已离开页面）",
        header_bytes: "header {0} B" => "请求头 {0} B",
        body_bytes: "body {0} B" => "请求体 {0} B",
        details: "Details" => "详情",
        auth_header: "Authentication header (plain fields)" => "认证请求头（明文字段）",
        no_header: "No authentication header (an open call)." => "无认证请求头（公开接口）。",
        body: "Body (plain, secrets masked)" => "请求体（明文，密钥已遮盖）",
        no_body: "No body." => "无请求体。",
        none_yet: "No request yet." => "暂无请求。",
        none_match: "No request matches the filter." => "没有符合筛选条件的请求。",
    }
}

fn status_text(answer: &Answer) -> String {
    match answer {
        Answer::Status { status } => status.to_string(),
        Answer::Pending => tx::t().pending.to_owned(),
        Answer::Timeout => tx::t().timeout.to_owned(),
        Answer::NoAnswer { .. } => tx::t().no_answer.to_owned(),
        Answer::Unread => tx::t().unread.to_owned(),
    }
}

fn sizes_text(e: &Entry) -> String {
    let mut parts = Vec::new();
    if let Some(n) = e.header_bytes {
        parts.push(fill(tx::t().header_bytes, &[&format::number(n as f64)]));
    }
    if let Some(n) = e.body_bytes {
        parts.push(fill(tx::t().body_bytes, &[&format::number(n as f64)]));
    }
    parts.join(" · ")
}

/// Opens and closes the inspector (in the preferences bar).
#[component]
pub fn InspectorButton() -> impl IntoView {
    let open = open();
    let shown = open.clone();
    view! {
        <button type="button" class="secondary" data-testid="inspector-open"
            aria-controls="request-inspector"
            aria-expanded=move || if shown.get() { "true" } else { "false" }
            title=move || tx::t().open_title
            on:click=move |_| open.update(|o| *o = !*o)>
            {move || tx::t().open}
        </button>
    }
}

fn row(e: Entry) -> impl IntoView {
    let failed = e.answer.failed();
    let status = status_text(&e.answer);
    let status_title = match &e.answer {
        Answer::NoAnswer { detail } => Some(detail.clone()),
        _ => None,
    };
    // A request takes milliseconds: say them (a duration in seconds would read 0.0 s).
    let duration = e.duration_ms.map(|ms| {
        if ms < 10_000 {
            fill(tx::t().millis, &[&format::number(ms as f64)])
        } else {
            format::duration_ms(ms as i64)
        }
    });
    let time = e.at.get(11..19).unwrap_or(&e.at).to_owned();
    let r = &e.request;
    let via = (!r.prefix.is_empty()).then(|| fill(tx::t().via, &[&r.prefix]));
    let sizes = sizes_text(&e);
    let no_header = r.header.is_empty();
    let header = r.header.clone();
    let body = r.body.as_ref().map(model::MaskedBody::pretty);
    view! {
        <tr class:failed=failed data-testid="inspector-row">
            <td><time datetime=e.at.clone()>{time}</time></td>
            <td>{r.method}</td>
            <td>{e.backend.clone()}</td>
            <td><code>{r.target.clone()}</code>{via.map(|v| view! { <br/><span class="muted">{v}</span> })}</td>
            <td class="http-status" title=status_title>{status}</td>
            <td>{duration}</td>
            <td><code>{e.trace_id.clone()}</code></td>
            <td>{sizes}</td>
            <td>
                <details>
                    <summary>{tx::t().details}</summary>
                    <h4>{tx::t().auth_header}</h4>
                    {if no_header {
                        view! { <p class="muted">{tx::t().no_header}</p> }.into_any()
                    } else {
                        view! {
                            <dl class="inspector-header">
                                {header.into_iter().map(|f| view! {
                                    <dt>{f.name}</dt>
                                    <dd><code>{f.value}</code></dd>
                                }).collect_view()}
                            </dl>
                        }.into_any()
                    }}
                    <h4>{tx::t().body}</h4>
                    {match body {
                        Some(text) => view! { <pre class="inspector-body">{text}</pre> }.into_any(),
                        None => view! { <p class="muted">{tx::t().no_body}</p> }.into_any(),
                    }}
                </details>
            </td>
        </tr>
    }
}

/// The inspector's region, when open.
#[component]
pub fn InspectorPanel() -> impl IntoView {
    let open = open();
    let log = log();
    let text = RwSignal::new(String::new());
    let failed_only = RwSignal::new(false);
    let export_error = RwSignal::new(None::<String>);
    let shown = {
        let log = log.clone();
        Memo::new(move |_| log.with(|l| l.filtered(&text.get(), failed_only.get())))
    };
    let total = {
        let log = log.clone();
        move || log.with(|l| l.len())
    };
    let export = move |_| {
        let json = model::export_json(&shown.get_untracked());
        export_error.set(
            crate::core::download::save_text("requests.json", "application/json", &json)
                .err()
                .map(|e| fill(tx::t_untracked().export_failed, &[&e])),
        );
    };
    let empty = {
        let log = log.clone();
        move |_| log.update(|l| l.clear())
    };
    let close = {
        let open = open.clone();
        move |_| open.set(false)
    };
    let is_open = open.clone();
    view! {
        <Show when=move || is_open.get()>
            <section id="request-inspector" class="inspector" role="region"
                aria-label=move || tx::t().region data-testid="inspector">
                <div class="inspector-head">
                    <h2>{move || tx::t().heading}</h2>
                    <button type="button" class="secondary" on:click=close.clone()
                        title=move || tx::t().close_title>{move || tx::t().close}</button>
                </div>
                <p class="hint">{move || fill(tx::t().intro, &[&model::CAPACITY])}</p>
                <div class="inspector-tools">
                    <label>
                        <span>{move || tx::t().filter}</span>
                        <input type="search" placeholder=move || tx::t().filter_hint
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        <input type="checkbox" prop:checked=move || failed_only.get()
                            on:change=move |ev| failed_only.set(event_target_checked(&ev))/>
                        <span>{move || tx::t().failed_only}</span>
                    </label>
                    <button type="button" class="secondary" on:click=export
                        title=move || tx::t().export_title>{move || tx::t().export}</button>
                    <button type="button" class="secondary" on:click=empty.clone()
                        title=move || tx::t().empty_title>{move || tx::t().empty}</button>
                    <span class="muted" role="status" data-testid="inspector-count">
                        {let total = total.clone(); move || fill(tx::t().count, &[&shown.with(Vec::len), &total()])}
                    </span>
                </div>
                {move || export_error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
                <div class="table-wrap">
                    <table class="inspector-table">
                        <caption>{move || tx::t().caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || tx::t().col_time}</th>
                                <th scope="col">{move || tx::t().col_method}</th>
                                <th scope="col">{move || tx::t().col_backend}</th>
                                <th scope="col">{move || tx::t().col_target}</th>
                                <th scope="col">{move || tx::t().col_status}</th>
                                <th scope="col">{move || tx::t().col_duration}</th>
                                <th scope="col">{move || tx::t().col_trace}</th>
                                <th scope="col">{move || tx::t().col_sizes}</th>
                                <th scope="col">{move || tx::t().col_details}</th>
                            </tr>
                        </thead>
                        <tbody>
                            // Keyed: a row is rebuilt only when its request completes or
                            // the language changes, so an open "Details" stays open.
                            <For each=move || {
                                    let zh = crate::core::i18n::lang() == crate::core::i18n::Lang::Zh;
                                    shown.get().into_iter().map(move |e| (zh, e)).collect::<Vec<_>>()
                                }
                                key=|(zh, e)| (*zh, e.id, e.duration_ms.is_some())
                                children=|(_, e)| row(e)/>
                        </tbody>
                    </table>
                </div>
                {let total = total.clone(); move || {
                    (shown.with(Vec::is_empty)).then(|| {
                        let text = if total() == 0 { tx::t().none_yet } else { tx::t().none_match };
                        view! { <p class="muted">{text}</p> }
                    })
                }}
            </section>
        </Show>
    }
}
