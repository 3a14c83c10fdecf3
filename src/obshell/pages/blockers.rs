//! The unfinished tasks whose maintenance lock the agent would refuse a change for, listed
//! before the form is sent, each with a link to follow it.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::core::i18n::StateWord;
use crate::obshell::context::expect_obshell;
use crate::obshell::forms::locks::Blocker;

#[component]
pub fn Blockers(
    /// The tasks holding a lock that would refuse the change (nothing shown when empty).
    list: Vec<Blocker>,
) -> impl IntoView {
    let base = expect_obshell().links;
    (!list.is_empty()).then(|| {
        let items = list
            .into_iter()
            .map(|b| {
                let (state, lock) = (b.state.as_str().to_owned(), b.lock.clone());
                view! {
                    <li data-testid="blocker">
                        <A href=base.task(&b.id)>{format!("{} ({})", b.name, b.id)}</A>
                        " · "<StateWord word=state/>{move || crate::core::i18n::fill(tx::t().holds, &[&lock.text()])}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="banner warn" role="note" data-testid="blockers">
                <strong>{move || tx::t().title}</strong>
                <ul>{items}</ul>
                <span class="muted">{move || tx::t().wait}</span>
            </section>
        }
    })
}

crate::texts! {
    /// The list of tasks holding a lock.
    mod tx {
        holds: " · holds {0}" => " · 持有{0}",
        title: "The agent will refuse this change while these tasks hold their lock: " => "以下任务持有锁期间，Agent 会拒绝本次变更：",
        wait: "Wait for them to end (or end them from their page), then send." => "请等待它们结束（或在其任务页面结束它们），然后再提交。",
    }
}
