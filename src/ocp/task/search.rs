//! Search across every subtask's log of an OCP task (the search itself is shared:
//! [`crate::ui::log_search`]). OCP gives each subtask's log only by its own call, whole
//! (docs/protocol/ocp.md §2.5), so a search reads the logs it lacks, one after the other: each
//! subtask that has run, once for as long as it stays as it was (an ended task's logs are read
//! once); a running subtask's log again when a new search starts. Nothing is read in the
//! background.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use obshell_protocol::ocp::{Subtask, SubtaskStatus, Task};

use crate::core::i18n::fill;
use crate::ocp::expect_ocp;
use crate::ui::log_search::{find, Hit, Log, LogSearchBar};

crate::texts! {
    /// The log search of an OCP task.
    mod tx {
        search: "Search all subtask logs" => "搜索所有子任务日志",
        matches: "match {0} of {1} in {2} subtask log(s)" => "第 {0} 个匹配，共 {1} 个，分布在 {2} 个子任务日志中",
        reading: "reading {0} subtask log(s)…" => "正在读取 {0} 个子任务日志…",
        unread: "{0} subtask log(s) could not be read." => "{0} 个子任务日志无法读取。",
    }
}

/// A subtask's log as read, and the subtask's state then.
#[derive(Debug, Clone, PartialEq)]
struct Read {
    id: i64,
    stamp: String,
    lines: Vec<String>,
}

/// What changes when a subtask's log may have: its status, runs and finish.
fn stamp(s: &Subtask) -> String {
    format!(
        "{}/{}/{}",
        s.status.as_str(),
        s.run_time,
        s.finish_time.as_deref().unwrap_or_default()
    )
}

/// The subtasks in execution order (`seriesId`: docs/protocol/ocp.md §2.3).
fn in_order(t: &Task) -> Vec<&Subtask> {
    let mut subs: Vec<&Subtask> = t.subtasks.iter().collect();
    obshell_protocol::sort::by_key(&mut subs, |s| (s.series_id, s.parallel_idx, s.id));
    subs
}

/// The subtasks whose log a search must read: each that has run and is not read as it is now;
/// on a new search, also each still running (its log grows).
fn to_read(t: &Task, read: &[Read], new_search: bool) -> Vec<i64> {
    in_order(t)
        .into_iter()
        .filter(|s| {
            s.run_time > 0 || !matches!(s.status, SubtaskStatus::Pending | SubtaskStatus::Ready)
        })
        .filter(|s| {
            let running = matches!(s.status, SubtaskStatus::Running | SubtaskStatus::Canceling);
            let as_now = read.iter().any(|r| r.id == s.id && r.stamp == stamp(s));
            !as_now || (new_search && running)
        })
        .map(|s| s.id)
        .collect()
}

/// Every matching line of the logs read, in execution order.
fn hits_in(t: &Task, read: &[Read], query: &str) -> Vec<Hit> {
    let named: Vec<(String, &str, &[String])> = in_order(t)
        .into_iter()
        .filter_map(|s| {
            let r = read.iter().find(|r| r.id == s.id)?;
            Some((s.id.to_string(), s.name.as_str(), r.lines.as_slice()))
        })
        .collect();
    find(
        named.iter().map(|(id, name, lines)| Log {
            node_id: id,
            node_name: name,
            task_id: id,
            lines,
        }),
        query,
    )
}

/// The log line the URL asks for (`?subtask=…&line=…`: a hit opened).
pub fn line_param() -> Memo<Option<usize>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("line").and_then(|l| l.parse().ok())))
}

/// The search box over the task's subtask logs; a hit opens its subtask at its line.
#[component]
pub fn OcpLogSearch(task: RwSignal<Option<Task>>, query: RwSignal<String>) -> impl IntoView {
    let ocp = expect_ocp();
    let (links, navigate) = (ocp.links(), use_navigate());
    let open = Callback::new(move |hit: Hit| {
        let tid = task.with_untracked(|t| t.as_ref().map(|t| t.id));
        let (Some(tid), Ok(sid)) = (tid, hit.task_id.parse::<i64>()) else {
            return;
        };
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&links.subtask_line(tid, sid, hit.line), options);
    });
    let read = RwSignal::new(Vec::<Read>::new());
    let reading = RwSignal::new(0usize);
    let unread = RwSignal::new(0usize);
    let busy = StoredValue::new(false);
    Effect::new(move |was_blank: Option<bool>| {
        let blank = query.with(|q| q.trim().is_empty());
        if blank || busy.get_value() {
            return blank;
        }
        let new_search = was_blank.unwrap_or(true);
        let wanted = task.with_untracked(|t| {
            t.as_ref()
                .map(|t| (t.id, read.with_untracked(|r| to_read(t, r, new_search))))
        });
        let Some((tid, wanted)) = wanted.filter(|(_, w)| !w.is_empty()) else {
            return blank;
        };
        busy.set_value(true);
        reading.set(wanted.len());
        unread.set(0);
        let session = ocp.session();
        leptos::task::spawn_local(async move {
            for sid in wanted {
                // The stamp of the subtask as it was when its log was asked for.
                let before = task.with_untracked(|t| {
                    t.as_ref()
                        .and_then(|t| t.subtasks.iter().find(|s| s.id == sid).map(stamp))
                });
                match session.subtask_log(tid, sid).await {
                    Ok(text) => read.update(|r| {
                        r.retain(|x| x.id != sid);
                        r.push(Read {
                            id: sid,
                            stamp: before.unwrap_or_default(),
                            lines: text.lines().map(str::to_owned).collect(),
                        });
                    }),
                    Err(_) => unread.update(|n| *n += 1),
                }
                reading.update(|n| *n = n.saturating_sub(1));
            }
            busy.set_value(false);
        });
        blank
    });
    let hits = Memo::new(move |_| {
        let q = query.get();
        task.with(|t| {
            t.as_ref()
                .map(|t| read.with(|r| hits_in(t, r, &q)))
                .unwrap_or_default()
        })
    });
    let status = Signal::derive(move || match reading.get() {
        0 => String::new(),
        n => fill(tx::t().reading, &[&n]),
    });
    view! {
        <LogSearchBar hits=hits query=query open=open status=status
            label=Signal::derive(|| tx::t().search) matches=Signal::derive(|| tx::t().matches)>
            {move || (unread.get() > 0).then(|| view! {
                <span class="warn" data-testid="log-search-unread">{move || fill(tx::t().unread, &[&unread.get()])}</span>
            })}
        </LogSearchBar>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> Task {
        let text = r#"{"id":7,"name":"t","status":"RUNNING","operation":"EXECUTE","creator":{"id":1,"name":"admin"},"subtasks":[
            {"id":3,"name":"third","seriesId":3,"status":"PENDING","operation":"EXECUTE","runTime":0,"parallelIdx":-1},
            {"id":1,"name":"first","seriesId":1,"status":"SUCCESSFUL","operation":"EXECUTE","runTime":1,"parallelIdx":-1,"finishTime":"2026-01-01T00:00:01Z"},
            {"id":2,"name":"second","seriesId":2,"status":"RUNNING","operation":"EXECUTE","runTime":1,"parallelIdx":-1}]}"#;
        serde_json::from_str(text).expect("task")
    }

    #[test]
    fn a_search_reads_each_run_log_once_and_a_running_one_again_when_new() {
        let t = task();
        assert_eq!(to_read(&t, &[], true), vec![1, 2], "never the pending one");
        let read: Vec<Read> = in_order(&t)
            .into_iter()
            .take(2)
            .map(|s| Read {
                id: s.id,
                stamp: stamp(s),
                lines: vec![format!("{} ERROR here", s.name)],
            })
            .collect();
        assert!(
            to_read(&t, &read, false).is_empty(),
            "typing on reads nothing"
        );
        assert_eq!(
            to_read(&t, &read, true),
            vec![2],
            "a new search: the running one"
        );
        // The running one ended: read once more, then never again.
        let mut ended = t.clone();
        ended.subtasks[2].status = SubtaskStatus::Successful;
        assert_eq!(to_read(&ended, &read, false), vec![2]);
    }

    #[test]
    fn hits_are_in_execution_order_and_name_their_subtask() {
        let t = task();
        let read = vec![
            Read {
                id: 2,
                stamp: String::new(),
                lines: vec!["ok".into(), "disk ERROR".into()],
            },
            Read {
                id: 1,
                stamp: String::new(),
                lines: vec!["error: first".into()],
            },
        ];
        let hits = hits_in(&t, &read, "error");
        assert_eq!(hits.len(), 2);
        assert_eq!(
            (
                hits[0].task_id.as_str(),
                hits[0].node_name.as_str(),
                hits[0].line
            ),
            ("1", "first", 1)
        );
        assert_eq!((hits[1].task_id.as_str(), hits[1].line), ("2", 2));
    }
}
