//! What the graph is to a keyboard and a screen reader, beside the drawing: where each arrow
//! key goes from a box ([`step_from`], by the layout's layers and coordinates), and the steps as
//! a table ([`StepsList`]) that a poll patches in place and whose state changes are said
//! politely (only changes, never a poll that changed nothing).

use leptos::prelude::*;

use super::layout::Placed;
use super::GraphStore;

crate::texts! {
    /// The graph's steps as a table.
    pub(crate) mod tx {
        summary: "Steps as a list" => "以列表显示步骤",
        caption: "The task's steps and their states" => "任务的步骤及其状态",
        step: "Step" => "步骤",
        name: "Name" => "名称",
        place: "Where" => "位置",
        state: "State" => "状态",
        changed: "Step {0}, {1}: {2}" => "步骤 {0}（{1}）：{2}",
        took: "Took" => "耗时",
        took_of: "{0} of the task's {1}" => "占任务 {1} 中的 {0}",
    }
}

/// The box an arrow key (or Home, End) moves to from box `from`: Right and Left go to the next
/// or previous layer (the box of that layer nearest in height), Down and Up to the next or
/// previous box of the same layer; `None` where there is none that way.
pub fn step_from(boxes: &[Placed], from: usize, key: &str) -> Option<usize> {
    let here = boxes.iter().find(|b| b.index == from)?;
    let nearest = |rank: usize| {
        boxes
            .iter()
            .filter(|b| b.rank == rank)
            .min_by(|a, b| {
                (a.y - here.y)
                    .abs()
                    .total_cmp(&(b.y - here.y).abs())
                    .then(a.index.cmp(&b.index))
            })
            .map(|b| b.index)
    };
    let layer = || boxes.iter().filter(|b| b.rank == here.rank);
    match key {
        "ArrowRight" => nearest(here.rank + 1),
        "ArrowLeft" => here.rank.checked_sub(1).and_then(nearest),
        "ArrowDown" => layer()
            .filter(|b| b.lane > here.lane)
            .min_by_key(|b| b.lane)
            .map(|b| b.index),
        "ArrowUp" => layer()
            .filter(|b| b.lane < here.lane)
            .max_by_key(|b| b.lane)
            .map(|b| b.index),
        "Home" => boxes.iter().map(|b| b.index).min(),
        "End" => boxes.iter().map(|b| b.index).max(),
        _ => None,
    }
}

/// Every box as a table row (a `<details>` under the graph), each row reading its own box's
/// signal; a state change of a step is announced. The rows are built while the list is open:
/// a closed list shows none of them, and a thousand-step graph would otherwise build a
/// thousand rows on every mount (docs/benchmarks.md, issue 25).
#[component]
pub fn StepsList(
    store: GraphStore,
    /// Each step against its earlier runs (a column "Usually"), where the backend reads them.
    #[prop(optional)]
    usual: Option<Signal<crate::ui::history::StepsUsual>>,
) -> impl IntoView {
    let total = store.total;
    // Said when a poll changes a step's state, not for the states the list first shows.
    Effect::new(move |seen: Option<()>| {
        let changed = store.state_changed.get();
        if seen.is_some() {
            for i in changed {
                let Some(data) = store.cells.with_untracked(|c| c.get(i).map(|c| c.data)) else {
                    continue;
                };
                let text = data.with_untracked(|d| {
                    crate::core::i18n::fill(
                        tx::t_untracked().changed,
                        &[&d.stage, &d.title, &d.state.as_str()],
                    )
                });
                crate::core::keys::say(text);
            }
        }
    });
    let open = RwSignal::new(false);
    let rows = move || {
        open.get().then(|| {
            view! {
                <For each=move || store.cells.get() key=|c| c.key.get_value() let:cell>
                    {
                        let data = cell.data;
                        view! {
                            <tr data-testid="step-row">
                                <td>{move || data.with(|d| d.stage)}</td>
                                <th scope="row">{move || data.with(|d| d.title.clone())}</th>
                                <td>{move || data.with(|d| d.subtitle.clone())}</td>
                                <td class=move || format!("state-{}", data.with(|d| d.state.as_str().to_ascii_lowercase()))>
                                    {move || data.with(|d| d.state.as_str().to_owned())}
                                    {move || crate::core::i18n::gloss(data.with(|d| d.state.as_str().to_owned()).as_str()).map(|g| format!(" ({g})"))}
                                </td>
                                <td class="took">{move || took_cell(data.with(|d| d.span), total.get())}</td>
                                {usual.map(|u| view! {
                                    <td class="took usual">{move || u.with(|u| crate::ui::history::step_cell(u, &data.with(|d| d.node_id.clone())))}</td>
                                })}
                            </tr>
                        }
                    }
                </For>
            }
        })
    };
    view! {
        <details class="steps-list" data-testid="steps-list"
            on:toggle=move |e| open.set(event_target::<web_sys::Element>(&e).has_attribute("open"))>
            <summary>{move || tx::t().summary}</summary>
            <table>
                <caption class="sr-only">{move || tx::t().caption}</caption>
                <thead><tr>
                    <th scope="col">{move || tx::t().step}</th>
                    <th scope="col">{move || tx::t().name}</th>
                    <th scope="col">{move || tx::t().place}</th>
                    <th scope="col">{move || tx::t().state}</th>
                    <th scope="col">{move || tx::t().took}</th>
                    {usual.map(|_| view! { <th scope="col">{move || crate::ui::history::tx::t().column}</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

/// How long a step took: the figure, and a bar against the task's time so far (its name says
/// the same); nothing for a step that has not ended.
fn took_cell(span: Option<(i64, i64)>, total: Option<i64>) -> Option<impl IntoView> {
    let took = span.map(|(s, e)| e - s)?;
    let text = crate::core::i18n::format::duration_secs(took);
    let total = total.map(|t| t.max(1));
    let bar = total.map(|t| {
        let name = crate::core::i18n::fill(
            tx::t().took_of,
            &[&text, &crate::core::i18n::format::duration_secs(t)],
        );
        view! { <meter min="0" max=t.to_string() value=took.to_string() aria-label=name></meter> }
    });
    Some(view! { {bar}" "<span>{text}</span> })
}

#[cfg(test)]
mod tests {
    use super::step_from;
    use crate::ui::graph::layout::{layout, Metrics};

    #[test]
    fn arrows_go_along_layers_and_within_one() {
        // 0 -> {1, 2, 3} -> 4: a fan-out of three parallel boxes.
        let edges = [(0, 1), (0, 2), (0, 3), (1, 4), (2, 4), (3, 4)];
        let l = layout(5, &edges, &Metrics::default(), 8);
        let b = &l.boxes;
        assert_eq!(
            step_from(b, 0, "ArrowRight"),
            Some(2),
            "the middle of the fan-out is level with 0"
        );
        assert_eq!(step_from(b, 2, "ArrowDown"), Some(3));
        assert_eq!(step_from(b, 2, "ArrowUp"), Some(1));
        assert_eq!(step_from(b, 1, "ArrowUp"), None);
        assert_eq!(step_from(b, 3, "ArrowRight"), Some(4));
        assert_eq!(step_from(b, 4, "ArrowLeft"), Some(2));
        assert_eq!(step_from(b, 0, "ArrowLeft"), None);
        assert_eq!(step_from(b, 4, "ArrowRight"), None);
        assert_eq!(step_from(b, 3, "Home"), Some(0));
        assert_eq!(step_from(b, 0, "End"), Some(4));
    }

    #[test]
    fn a_chain_wrapped_into_rows_still_walks_in_order() {
        let edges: Vec<(usize, usize)> = (0..8).map(|i| (i, i + 1)).collect();
        let l = layout(9, &edges, &Metrics::default(), 3);
        for i in 0..8 {
            assert_eq!(step_from(&l.boxes, i, "ArrowRight"), Some(i + 1));
            assert_eq!(step_from(&l.boxes, i + 1, "ArrowLeft"), Some(i));
        }
        assert_eq!(step_from(&l.boxes, 4, "ArrowDown"), None);
    }
}
