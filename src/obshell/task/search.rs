//! Search across every step's log of a task, with a jump from match to match; and the task's
//! evidence bundle for whoever must find out why.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;
use serde::Serialize;

use crate::core::i18n::fill;
use crate::obshell::client::record::RequestTrace;
use crate::obshell::context::expect_obshell;
use crate::ui::log_view::fold;

crate::texts! {
    /// The log search and the evidence download.
    mod tx {
        no_match: "no match" => "无匹配",
        matches: "match {0} of {1} in {2} step log(s)" => "第 {0} 个匹配，共 {1} 个，分布在 {2} 个步骤日志中",
        search: "Search all step logs " => "搜索所有步骤日志 ",
        previous: "Previous match" => "上一个匹配",
        next: "Next match" => "下一个匹配",
        evidence: "Download evidence (JSON)" => "下载排查材料（JSON）",
    }
}

/// One matching log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub node_id: String,
    pub node_name: String,
    pub task_id: String,
    /// 1-based line number in the sub-task's log.
    pub line: usize,
    pub text: String,
}

/// Every line of every sub-task log of `dag` that contains `query` (case-insensitive), in
/// step order.
pub fn find(dag: &DagDetail, query: &str) -> Vec<Hit> {
    let q = fold(query.trim());
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for node in dag.nodes.as_deref().unwrap_or_default() {
        for task in node.sub_tasks.as_deref().unwrap_or_default() {
            for (i, line) in task
                .task_logs
                .as_deref()
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if fold(line).contains(&q) {
                    hits.push(Hit {
                        node_id: node.id.clone(),
                        node_name: node.name.clone(),
                        task_id: task.id.clone(),
                        line: i + 1,
                        text: line.clone(),
                    });
                }
            }
        }
    }
    hits
}

/// Everything needed to find out why a task did what it did, as one JSON file. No password,
/// header, session or key: the DAG as the agent sent it, every step's log, the agent's version
/// and identity, and the trace ids of this tab's requests for the task.
#[derive(Debug, Serialize)]
pub struct Evidence<'a> {
    pub generated_at: String,
    pub agent_version: String,
    pub agent_identity: String,
    pub dag: &'a DagDetail,
    pub logs: Vec<StepLog>,
    pub requests: Vec<RequestTrace>,
}

#[derive(Debug, Serialize)]
pub struct StepLog {
    pub node_id: String,
    pub node_name: String,
    pub sub_task_id: String,
    pub execute_agent: String,
    pub execute_times: i64,
    pub lines: Vec<String>,
}

pub fn step_logs(dag: &DagDetail) -> Vec<StepLog> {
    dag.nodes
        .as_deref()
        .unwrap_or_default()
        .iter()
        .flat_map(|n| {
            n.sub_tasks
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|t| StepLog {
                    node_id: n.id.clone(),
                    node_name: n.name.clone(),
                    sub_task_id: t.id.clone(),
                    execute_agent: format!("{}:{}", t.execute_agent.ip, t.execute_agent.port),
                    execute_times: t.execute_times,
                    lines: t.task_logs.clone().unwrap_or_default(),
                })
        })
        .collect()
}

/// The search box, its results and the jump between them; the evidence download.
#[component]
pub fn LogSearch(
    dag: RwSignal<Option<DagDetail>>,
    query: RwSignal<String>,
    /// Opens a hit: its node, sub-task and line, in the URL.
    open: Callback<Hit>,
) -> impl IntoView {
    let hits = Memo::new(move |_| {
        let q = query.get();
        dag.with(|d| d.as_ref().map(|d| find(d, &q)).unwrap_or_default())
    });
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
        if query.with(|q| q.trim().is_empty()) {
            String::new()
        } else if n == 0 {
            tx::t().no_match.to_owned()
        } else {
            let steps = hits.with(|h| {
                let mut ids: Vec<&str> = h.iter().map(|x| x.task_id.as_str()).collect();
                ids.dedup();
                ids.len()
            });
            fill(tx::t().matches, &[&(at.get().min(n - 1) + 1), &n, &steps])
        }
    };
    let scope = expect_obshell();
    let (s, profile) = (scope.session, scope.profile);
    let download = move |_| {
        dag.with_untracked(|d| {
            let Some(d) = d else { return };
            let evidence = Evidence {
                generated_at: String::from(js_sys::Date::new_0().to_iso_string()),
                agent_version: profile.version.clone(),
                agent_identity: profile.identity.as_str().to_owned(),
                dag: d,
                logs: step_logs(d),
                requests: s.traces(&d.id),
            };
            let text = serde_json::to_string_pretty(&evidence).unwrap_or_default();
            let _ = crate::core::download::save_text(
                &format!("task-{}-evidence.json", d.id),
                "application/json",
                &text,
            );
        });
    };
    view! {
        <div class="log-search" role="search">
            <label>{move || tx::t().search}
                <input type="search" data-testid="log-search" prop:value=move || query.get()
                    on:input=move |ev| { at.set(0); query.set(event_target_value(&ev)); }
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); jump(if ev.shift_key() { -1 } else { 0 }); }/>
            </label>
            <button type="button" class="secondary small" disabled=move || hits.with(Vec::is_empty) on:click=move |_| jump(-1)>{move || tx::t().previous}</button>
            <button type="button" class="secondary small" disabled=move || hits.with(Vec::is_empty) on:click=move |_| jump(1)>{move || tx::t().next}</button>
            <span class="muted" role="status" data-testid="log-search-summary">{summary}</span>
            <button type="button" class="secondary small" on:click=download>{move || tx::t().evidence}</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::graph::model::synthetic_dag;
    use crate::ui::log_view::segments;

    #[test]
    fn finds_every_matching_line_in_step_order() {
        let mut dag = synthetic_dag(3, 1);
        for (i, n) in dag.nodes.iter_mut().flatten().enumerate() {
            for t in n.sub_tasks.iter_mut().flatten() {
                t.task_logs = Some(vec![
                    format!("start {i}"),
                    format!("ERROR: disk full on {i}"),
                ]);
            }
        }
        let hits = find(&dag, "error");
        assert_eq!(hits.len(), 3);
        assert_eq!(
            (hits[0].line, hits[0].text.as_str()),
            (2, "ERROR: disk full on 0")
        );
        assert!(find(&dag, "  ").is_empty());
        assert_eq!(find(&dag, "DISK FULL ON 2").len(), 1);
    }

    #[test]
    fn marks_each_occurrence() {
        assert_eq!(
            segments("Error: error", "ERROR"),
            vec![
                ("Error".into(), true),
                (": ".into(), false),
                ("error".into(), true)
            ]
        );
        assert_eq!(segments("abc", ""), vec![("abc".into(), false)]);
    }

    #[test]
    fn marks_whole_characters_when_lower_casing_changes_lengths() {
        // `İ` lower-cases to 3 bytes, the Kelvin sign to 1: the line keeps its length, the
        // offsets after the first `İ` do not match the line's.
        let line = "unicode \u{130}<b>\u{130}\u{212a} end";
        let pieces = segments(line, "<b>");
        assert_eq!(pieces.concat_text(), line);
        assert_eq!(pieces.marked(), vec!["<b>"]);
        assert_eq!(segments(line, "k").marked(), vec!["\u{212a}"]);
        assert_eq!(segments(line, "\u{130}<B>").marked(), vec!["\u{130}<b>"]);
        // A match inside one character's lower case marks that character.
        assert_eq!(segments("a\u{130}b", "i").marked(), vec!["\u{130}"]);
        assert_eq!(segments("a\u{130}b", "\u{307}b").marked(), vec!["\u{130}b"]);
        for query in ["i", "\u{307}", "k", "<", "end", "\u{130}\u{130}"] {
            assert_eq!(segments(line, query).concat_text(), line, "{query}");
        }
        assert_eq!(segments("\u{130}", "\u{130}").marked(), vec!["\u{130}"]);
    }

    trait Pieces {
        fn concat_text(&self) -> String;
        fn marked(&self) -> Vec<&str>;
    }

    impl Pieces for Vec<(String, bool)> {
        fn concat_text(&self) -> String {
            self.iter().map(|(p, _)| p.as_str()).collect()
        }
        fn marked(&self) -> Vec<&str> {
            self.iter()
                .filter(|(_, m)| *m)
                .map(|(p, _)| p.as_str())
                .collect()
        }
    }

    #[test]
    fn the_evidence_holds_the_logs_and_no_secret() {
        let dag = synthetic_dag(2, 1);
        let evidence = Evidence {
            generated_at: "t".into(),
            agent_version: "4.5.0.0".into(),
            agent_identity: "CLUSTER AGENT".into(),
            dag: &dag,
            logs: step_logs(&dag),
            requests: Vec::new(),
        };
        let text = serde_json::to_string(&evidence).expect("json");
        assert_eq!(evidence.logs.len(), 2);
        for word in ["password", "X-OCS", "session_id", "Keys"] {
            assert!(!text.contains(word), "{word}");
        }
    }
}
