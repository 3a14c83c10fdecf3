//! The agent's bar (the one [`Topbar`] of both backends): its sections, the running and failed
//! tasks, notifications, "About this agent" (version, identity, authentication, key,
//! capabilities) and Lock; below it, the banners every page must show (degraded or read-only,
//! a weak key, the clock skew).

use leptos::prelude::*;

use crate::ui::components::{AboutPanel, Switcher, Topbar};
use leptos_router::components::A;
use obshell_protocol::obshell::model::task::TaskState;
use obshell_protocol::obshell::version::Feature;

use crate::core::i18n::{fill, StateWord};
use crate::core::poll::schedule::badge_delay;
use crate::core::poll::watch::{badge_counts, badge_knows};
use crate::core::poll::{expect_task_watch, use_poller_with};
use crate::obshell::context::expect_obshell;
use crate::obshell::forms::locks::blocks_changes;
use crate::obshell::profile::AgentProfile;

crate::texts! {
    /// The header and "About this agent".
    mod tx {
        skew: "agent clock differs from this browser by {0} s" => "Agent 时钟与本浏览器相差 {0} 秒",
        signed_in_session: "signed in with session" => "已通过会话登录",
        signed_in_password: "signed in with password" => "已通过密码登录",
        degraded: "Degraded: " => "降级：",
        read_only: "Read only: " => "只读：",
        weak_key: "This agent's key has {0} bits (agents before 4.4.2 use 512): the password is still never sent in clear, but a key this short can be broken; upgrade the agent." => "此 Agent 的密钥只有 {0} 位（4.4.2 之前的 Agent 使用 512 位）：密码仍不会以明文发送，但这么短的密钥可被破解，请升级 Agent。",
        lock: "Lock" => "锁定",
        lock_title: "Forget the password of {0} (other backends stay connected)" => "忘记 {0} 的密码（其他后端保持连接）",
        none_listed: "none listed" => "未列出",
        not_advertised: "not advertised (agents before 4.2.5)" => "未声明（4.2.5 之前的 Agent）",
        yes: "✔ yes" => "✔ 是",
        no: "✖ no" => "✖ 否",
        about: "About this agent" => "关于此 Agent",
        version: "version" => "版本",
        identity: "identity" => "身份",
        ob_degraded: "not answering (degraded)" => "无响应（降级）",
        ob_answering: "answering" => "正常响应",
        authentication: "authentication" => "认证方式",
        address: "address" => "地址",
        signed_in: "this tab" => "本标签页",
        key: "key" => "密钥",
        key_bits: "RSA {0} bits" => "RSA {0} 位",
        capabilities: "What this console can do with this agent" => "本控制台可对此 Agent 使用的功能",
        feature: "feature" => "功能",
        agent: "agent" => "Agent 版本",
        here: "here" => "可用",
        running: "▶ {0} running" => "▶ {0} 个运行中",
        failed: "✖ {0} failed" => "✖ {0} 个失败",
        blocking: "⚠ {0} blocking changes" => "⚠ {0} 个阻塞变更",
    }
}

/// Skew from which the header warns (the official UI uses the same minute).
const SKEW_WARN_SECS: i64 = 60;

#[component]
pub fn Header(
    /// The connected backends, shown in the header.
    switcher: Switcher,
) -> impl IntoView {
    let ctx = expect_obshell();
    let c = &ctx.connected;
    let skew = c.session.clock_offset();
    let skew_text = (skew.abs() >= SKEW_WARN_SECS).then_some(move || {
        fill(
            tx::t().skew,
            &[&crate::core::i18n::format::number(skew as f64)],
        )
    });
    let login = c.session.uses_login();
    let auth = move || {
        if login {
            tx::t().signed_in_session
        } else {
            tx::t().signed_in_password
        }
    };
    let address = format!("{}:{}", c.info.ip, c.info.port);
    let lock_ctx = ctx.lock;
    let lock = move |_| lock_ctx.run(());
    let lock_name = ctx.links.name().to_owned();
    let base = ctx.links.clone();
    let profile = ctx.profile.clone();
    let banner = profile.blocked().is_some().then(|| {
        let degraded = profile.degraded;
        let p = profile.clone();
        view! {
            <p class=if degraded { "banner bad" } else { "banner warn" } role="status" data-testid="agent-banner">
                <strong>{move || if degraded { tx::t().degraded } else { tx::t().read_only }}</strong>{move || p.blocked()}
            </p>
        }
    });
    let key_bits = profile.key_bits;
    let weak_key = profile.weak_key().then(|| {
        view! {
            <p class="banner warn" role="status" data-testid="weak-key">{move || fill(tx::t().weak_key, &[&key_bits])}</p>
        }
    });
    let skew_banner = skew_text
        .map(|t| view! { <p class="banner warn" role="status" data-testid="clock-skew">{t}</p> });
    let sections = crate::obshell::sections::nav(&base);
    let facts = AgentFacts {
        address: address.clone(),
        auth: Signal::derive(auth),
    };
    view! {
        <Topbar name=lock_name.clone() what=address sections=sections switcher=switcher>
            <TaskBadge/>
            <crate::ui::journal::NotifyToggle/>
            <AboutAgent profile=profile facts=facts/>
            <button class="secondary small" data-testid="lock" on:click=lock
                title=move || fill(tx::t().lock_title, &[&lock_name])>{move || tx::t().lock}</button>
        </Topbar>
        {banner}
        {weak_key}
        {skew_banner}
    }
}

/// What the header knows of the connection, shown in "About this agent".
struct AgentFacts {
    address: String,
    auth: Signal<&'static str>,
}

/// "About this agent": version, identity, authentication, key, and the capability table as it
/// applies to this agent.
#[component]
fn AboutAgent(profile: AgentProfile, facts: AgentFacts) -> impl IntoView {
    let modes = profile.supported_auth.clone();
    let auth = move || match &modes {
        Some(modes) if !modes.is_empty() => modes.join(", "),
        Some(_) => tx::t().none_listed.to_owned(),
        None => tx::t().not_advertised.to_owned(),
    };
    let rows = Feature::ALL
        .iter()
        .map(|f| {
            let gate = profile.gate(*f);
            let ok = gate.is_ok();
            let class = if ok { "ok" } else { "muted" };
            let mark = move || if ok { tx::t().yes } else { tx::t().no };
            let f = *f;
            view! {
                <tr data-testid="capability" data-available=ok.to_string()>
                    <td>{move || crate::obshell::profile::feature_label(f)}</td>
                    <td class="mono">{format!("≥ {}", f.since())}</td>
                    <td class=class>{mark}</td>
                </tr>
            }
        })
        .collect_view();
    let (degraded, key_bits) = (profile.degraded, profile.key_bits);
    view! {
        <AboutPanel id="about-agent" label=Signal::derive(|| tx::t().about) testid="about-agent">
            <dl class="facts">
                <dt>{move || tx::t().address}</dt><dd class="mono">{facts.address}</dd>
                <dt>{move || tx::t().version}</dt><dd class="mono" data-testid="about-version">{profile.version.clone()}</dd>
                <dt>{move || tx::t().identity}</dt><dd data-testid="about-identity"><StateWord word=profile.identity.as_str().to_owned()/></dd>
                <dt>"OceanBase"</dt><dd>{move || if degraded { tx::t().ob_degraded } else { tx::t().ob_answering }}</dd>
                <dt>{move || tx::t().signed_in}</dt><dd data-testid="auth-mode">{move || facts.auth.get()}</dd>
                <dt>{move || tx::t().authentication}</dt><dd>{auth}</dd>
                <dt>{move || tx::t().key}</dt><dd data-testid="about-key">{move || fill(tx::t().key_bits, &[&key_bits])}</dd>
            </dl>
            <table class="capabilities">
                <caption>{move || tx::t().capabilities}</caption>
                <thead><tr><th scope="col">{move || tx::t().feature}</th><th scope="col">{move || tx::t().agent}</th><th scope="col">{move || tx::t().here}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </AboutPanel>
    }
}

/// Running and failed tasks, refreshed in the background: one request stream per page with the
/// page's own poll (see [`crate::core::poll::watch`] and [`badge_delay`]).
#[component]
fn TaskBadge() -> impl IntoView {
    let ctx = expect_obshell();
    let session = ctx.session;
    let backend = ctx.links.name().to_owned();
    let watch = expect_task_watch();
    // The last answer: each unfinished task and its state.
    let listed = RwSignal::new(None::<Vec<(String, TaskState)>>);
    // How many of them failed and still hold the cluster's lock (the tasks page lists them
    // first, under "Needs attention").
    let blocking = RwSignal::new(0usize);
    let counts =
        Memo::new(move |_| listed.with(|l| l.as_deref().map(badge_counts).unwrap_or_default()));
    let schedule = {
        let backend = backend.clone();
        move |s| {
            let page = untrack(|| watch.page_poll(&backend));
            badge_delay(s, page, counts.get_untracked().0 > 0)
        }
    };
    let backend_for_list = backend.clone();
    let poller = use_poller_with(
        move || {
            let s = session.clone();
            let backend_for_list = backend_for_list.clone();
            async move {
                let dags = s.unfinished_dags().await.map_err(|_| ())?;
                let held = dags.iter().filter(|d| blocks_changes(d)).count();
                if blocking.get_untracked() != held {
                    blocking.set(held);
                }
                let now: Vec<_> = dags.into_iter().map(|d| (d.id, d.state)).collect();
                if listed.with_untracked(|l| l.as_ref() != Some(&now)) {
                    listed.set(Some(now.clone()));
                    watch.badge_saw(&backend_for_list, now);
                }
                Ok(false)
            }
        },
        schedule,
    );
    watch.badge(poller);
    // The page's poller starting, pausing, resuming or stopping changes the badge's schedule.
    {
        let backend = backend.clone();
        Effect::new(move |was: Option<_>| {
            let now = watch.page_poll(&backend);
            if was.is_some_and(|w| w != now) {
                poller.reschedule();
            }
            now
        });
    }
    // The page's poll saw its task in a state this answer does not count (it started, failed,
    // ended): ask now, so the badge follows it without waiting for its own schedule.
    {
        let backend = backend.clone();
        Effect::new(move |_| {
            if let Some((id, state)) = watch.watched(&backend) {
                let knows =
                    listed.with_untracked(|l| l.as_deref().map(|l| badge_knows(l, &id, state)));
                if knows == Some(false) {
                    poller.kick();
                }
            }
        });
    }
    // A change sent from this tab started a task: ask now.
    let journal = crate::core::journal::expect_journal();
    let started = Memo::new(move |_| {
        journal.entries.with(|list| {
            list.iter()
                .filter(|e| e.backend == backend && e.task_id.is_some())
                .count()
        })
    });
    Effect::new(move |was: Option<usize>| {
        let now = started.get();
        if was.is_some_and(|w| now > w) {
            poller.kick();
        }
        now
    });
    let running = ctx.links.tasks(&[("state", "RUNNING".to_owned())]);
    let failed = ctx.links.tasks(&[("state", "FAILED".to_owned())]);
    let all = ctx.links.tasks(&[]);
    view! {
        <span class="badge" data-testid="task-badge">
            <A href=running><span data-testid="badge-running">{move || fill(tx::t().running, &[&counts.get().0])}</span></A>
            " "
            <A href=failed><span data-testid="badge-failed" class=move || { if counts.get().1 > 0 { "bad" } else { "muted" } }>{move || fill(tx::t().failed, &[&counts.get().1])}</span></A>
            {move || (blocking.get() > 0).then(|| view! {
                " "<A href=all.clone()><span data-testid="badge-blocking" class="tag bad">{move || fill(tx::t().blocking, &[&blocking.get()])}</span></A>
            })}
        </span>
    }
}
