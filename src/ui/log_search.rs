//! Search across every step's log of a task, both backends' alike: the matching lines in step
//! order ([`find`]), and the search box with its count and a jump from match to match that opens
//! each (the backend's page says where: a step of the agent's DAG, a subtask of OCP's task).
//! Where the logs come from is the backend's: the agent's DAG carries them, OCP's are read per
//! subtask.

use leptos::prelude::*;

use crate::core::i18n::fill;
use crate::ui::log_view::fold;

crate::texts! {
    /// The log search.
    mod tx {
        no_match: "no match" => "无匹配",
        previous: "Previous match" => "上一个匹配",
        next: "Next match" => "下一个匹配",
    }
}

/// One matching log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The node of the task's graph the line's log belongs to.
    pub node_id: String,
    pub node_name: String,
    /// The sub-task (the agent's) or subtask (OCP's) whose log it is.
    pub task_id: String,
    /// 1-based line number in that log.
    pub line: usize,
    pub text: String,
}

/// One log to search: whose it is and its lines.
#[derive(Debug, Clone, Copy)]
pub struct Log<'a> {
    pub node_id: &'a str,
    pub node_name: &'a str,
    pub task_id: &'a str,
    pub lines: &'a [String],
}

/// Every line of `logs` (in their order) that contains `query`, case-insensitively; nothing for
/// a blank query.
pub fn find<'a>(logs: impl IntoIterator<Item = Log<'a>>, query: &str) -> Vec<Hit> {
    let q = fold(query.trim());
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for log in logs {
        for (i, line) in log.lines.iter().enumerate() {
            if fold(line).contains(&q) {
                hits.push(Hit {
                    node_id: log.node_id.to_owned(),
                    node_name: log.node_name.to_owned(),
                    task_id: log.task_id.to_owned(),
                    line: i + 1,
                    text: line.clone(),
                });
            }
        }
    }
    hits
}

/// How many different logs the hits are in.
pub fn logs_hit(hits: &[Hit]) -> usize {
    let mut ids: Vec<&str> = hits.iter().map(|x| x.task_id.as_str()).collect();
    ids.dedup();
    ids.len()
}

/// The search box, its count and the jump between matches (each jump opens its hit); a
/// backend's own controls (the agent's evidence download) follow as children.
#[component]
pub fn LogSearchBar(
    hits: Memo<Vec<Hit>>,
    query: RwSignal<String>,
    /// Opens a hit: its node, sub-task and line, in the URL.
    open: Callback<Hit>,
    /// The box's accessible name (`Search all step logs`).
    label: Signal<&'static str>,
    /// The count: `{0}` the match shown, `{1}` the matches, `{2}` the logs they are in.
    matches: Signal<&'static str>,
    /// Said instead of the count while the logs are being read (empty: they are here).
    #[prop(into, default = Signal::derive(String::new))]
    status: Signal<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let at = RwSignal::new(0usize);
    let jump = move |delta: isize| {
        let n = hits.with_untracked(Vec::len);
        if n == 0 {
            return;
        }
        let next = (at.get_untracked() as isize + delta).rem_euclid(n as isize) as usize;
        at.set(next);
        if let Some(hit) = hits.with_untracked(|h| h.get(next).cloned()) {
            open.run(hit);
        }
    };
    let summary = move || {
        let n = hits.with(Vec::len);
        let status = status.get();
        if query.with(|q| q.trim().is_empty()) {
            String::new()
        } else if !status.is_empty() {
            status
        } else if n == 0 {
            tx::t().no_match.to_owned()
        } else {
            let logs = hits.with(|h| logs_hit(h));
            fill(matches.get(), &[&(at.get().min(n - 1) + 1), &n, &logs])
        }
    };
    view! {
        <div class="log-search" role="search">
            <label>{move || label.get()}" "
                <input type="search" data-testid="log-search" prop:value=move || query.get()
                    on:input=move |ev| { at.set(0); query.set(event_target_value(&ev)); }
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); jump(if ev.shift_key() { -1 } else { 0 }); }/>
            </label>
            <button type="button" class="secondary small" disabled=move || hits.with(Vec::is_empty) on:click=move |_| jump(-1)>{move || tx::t().previous}</button>
            <button type="button" class="secondary small" disabled=move || hits.with(Vec::is_empty) on:click=move |_| jump(1)>{move || tx::t().next}</button>
            <span class="muted" role="status" data-testid="log-search-summary">{summary}</span>
            {children.map(|c| c())}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_matching_line_in_the_logs_order() {
        let a = vec!["start".to_owned(), "ERROR: disk full".to_owned()];
        let b = vec!["error again".to_owned()];
        let logs = [
            Log {
                node_id: "1",
                node_name: "one",
                task_id: "11",
                lines: &a,
            },
            Log {
                node_id: "2",
                node_name: "two",
                task_id: "22",
                lines: &b,
            },
        ];
        let hits = find(logs, "Error");
        assert_eq!(hits.len(), 2);
        assert_eq!(
            (
                hits[0].task_id.as_str(),
                hits[0].line,
                hits[0].text.as_str()
            ),
            ("11", 2, "ERROR: disk full")
        );
        assert_eq!((hits[1].node_name.as_str(), hits[1].line), ("two", 1));
        assert_eq!(logs_hit(&hits), 2);
        assert!(find(logs, "  ").is_empty());
        assert_eq!(find(logs, "DISK FULL").len(), 1);
    }
}
