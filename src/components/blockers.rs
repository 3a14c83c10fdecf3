//! The unfinished tasks whose maintenance lock the agent would refuse a change for, listed
//! before the form is sent, each with a link to follow it.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::expect_session;
use crate::forms::locks::Blocker;

#[component]
pub fn Blockers(
    /// The tasks holding a lock that would refuse the change (nothing shown when empty).
    list: Vec<Blocker>,
) -> impl IntoView {
    let base = expect_session().base;
    (!list.is_empty()).then(|| {
        let items = list
            .into_iter()
            .map(|b| {
                view! {
                    <li data-testid="blocker">
                        <A href=base.task(&b.id)>{format!("{} ({})", b.name, b.id)}</A>
                        {format!(" · {} · holds {}", b.state.as_str(), b.lock)}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="banner warn" role="note" data-testid="blockers">
                <strong>"The agent will refuse this change while these tasks hold their lock: "</strong>
                <ul>{items}</ul>
                <span class="muted">"Wait for them to end (or end them from their page), then send."</span>
            </section>
        }
    })
}
