//! A cluster scale-out's link to the new host's own `Local scale out` DAG: which of its steps
//! wait on that DAG, and the DAG's id, which the agent logs in the step that creates it.

use obshell_protocol::obshell::dag_names as n;
use obshell_protocol::obshell::model::task::DagDetail;

/// The cluster scale-out's step that makes the new host create its own DAG.
pub const CREATE_LOCAL_STEP: &str = n::CREATE_LOCAL_SCALE_OUT_DAG;

/// Steps of `Cluster scale out` that wait on the new host's `Local scale out` DAG: the one
/// that creates it and the three that wait on its stages (docs/protocol/obshell-tasks.md §5.6; the
/// agent's `WaitScalingReadyTask`, `WaitRemoteDeployTaskFinish`, `WaitRemoteStartTaskFinish`).
pub fn waits_on_new_host(dag_name: &str, node_name: &str) -> bool {
    dag_name == n::CLUSTER_SCALE_OUT
        && matches!(
            node_name,
            n::CREATE_LOCAL_SCALE_OUT_DAG
                | n::WAIT_SCALE_OUT_READY
                | n::WAIT_REMOTE_DEPLOY_FINISH
                | n::WAIT_REMOTE_START_FINISH
        )
}

/// The generic id of the new host's `Local scale out` DAG, as the cluster scale-out names it:
/// the agent learns it from the new host's answer and logs it in the creating step
/// (`CreateLocalScaleOutDagTask.Execute`: "create local scale out dag success, genericID:%s").
/// The DTOs carry it nowhere else.
pub fn local_scale_out_id(dag: &DagDetail) -> Option<String> {
    if dag.name != n::CLUSTER_SCALE_OUT {
        return None;
    }
    let node = dag
        .nodes
        .as_deref()?
        .iter()
        .find(|n| n.name == CREATE_LOCAL_STEP)?;
    node.sub_tasks
        .as_deref()?
        .iter()
        .flat_map(|t| t.task_logs.as_deref().unwrap_or_default())
        .rev()
        .find_map(|line| {
            let (_, rest) = line.split_once("genericID:")?;
            let id: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            // A local task id: prefix 2 (IPv4) or 3 (IPv6) and the owner's address
            // (docs/protocol/obshell-tasks.md §5.2).
            (id.len() >= 17 && (id.starts_with('2') || id.starts_with('3'))).then_some(id)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::graph::model::chain_dag;

    #[test]
    fn the_local_dag_id_is_read_from_the_creating_step_log() {
        let names = [
            "Integrate server config",
            CREATE_LOCAL_STEP,
            "Wait scale out ready",
        ];
        let mut dag = chain_dag("Cluster scale out", &names, 2);
        assert_eq!(local_scale_out_id(&dag), None);
        fn set_logs(dag: &mut DagDetail, lines: &[&str]) {
            let task = &mut dag.nodes.as_mut().expect("nodes")[1]
                .sub_tasks
                .as_mut()
                .expect("tasks")[0];
            task.task_logs = Some(lines.iter().map(|l| (*l).to_owned()).collect());
        }
        // As the agent writes it (no space), and as an older simulator did (a space).
        set_logs(
            &mut dag,
            &[
                "Request the new agent to create its local scale out dag",
                "create local scale out dag success, genericID:20167772161028865",
            ],
        );
        assert_eq!(
            local_scale_out_id(&dag).as_deref(),
            Some("20167772161028865")
        );
        set_logs(
            &mut dag,
            &["create local scale out dag success, genericID: 20167772161028866"],
        );
        assert_eq!(
            local_scale_out_id(&dag).as_deref(),
            Some("20167772161028866")
        );
        // Not a local id, or another DAG: no link.
        set_logs(&mut dag, &["genericID:123"]);
        assert_eq!(local_scale_out_id(&dag), None);
        dag.name = "Local scale out".into();
        assert_eq!(local_scale_out_id(&dag), None);
        assert!(waits_on_new_host(
            "Cluster scale out",
            "Wait remote start finish"
        ));
        assert!(!waits_on_new_host(
            "Cluster scale out",
            "Add server for scale_out"
        ));
        assert!(!waits_on_new_host(
            "Local scale out",
            "Wait scale out ready"
        ));
    }
}
