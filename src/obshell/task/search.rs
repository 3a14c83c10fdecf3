//! Search across every step's log of a task (the search itself is shared:
//! [`crate::ui::log_search`]; the agent's DAG carries its logs), and the task's evidence bundle
//! for whoever must find out why.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;
use serde::Serialize;

use crate::obshell::client::record::RequestTrace;
use crate::obshell::context::expect_obshell;
pub use crate::ui::log_search::Hit;
use crate::ui::log_search::{Log, LogSearchBar};

crate::texts! {
    /// The log search and the evidence download.
    mod tx {
        matches: "match {0} of {1} in {2} step log(s)" => "第 {0} 个匹配，共 {1} 个，分布在 {2} 个步骤日志中",
        search: "Search all step logs" => "搜索所有步骤日志",
        evidence: "Download evidence (JSON)" => "下载排查材料（JSON）",
    }
}

/// Every line of every sub-task log of `dag` that contains `query` (case-insensitive), in
/// step order.
pub fn find(dag: &DagDetail, query: &str) -> Vec<Hit> {
    let logs = dag
        .nodes
        .as_deref()
        .unwrap_or_default()
        .iter()
        .flat_map(|node| {
            node.sub_tasks
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(move |task| Log {
                    node_id: &node.id,
                    node_name: &node.name,
                    task_id: &task.id,
                    lines: task.task_logs.as_deref().unwrap_or_default(),
                })
        });
    crate::ui::log_search::find(logs, query)
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
        <LogSearchBar hits=hits query=query open=open
            label=Signal::derive(|| tx::t().search) matches=Signal::derive(|| tx::t().matches)>
            <button type="button" class="secondary small" on:click=download>{move || tx::t().evidence}</button>
        </LogSearchBar>
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
