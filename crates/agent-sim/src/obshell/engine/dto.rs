//! The engine's records as the task API shows them (docs/protocol/obshell-tasks.md §5.1), and
//! lookups by generic id.

use obshell_protocol::obshell::model::task::{
    DagDetail, NodeDetail, SubTaskDetail, SubTaskLog, TaskState,
};

use super::GenericId;
use crate::clock::go_time;
use crate::obshell::model::{Dag, Node, TaskStore};

impl Dag {
    pub fn generic_id(&self) -> String {
        match &self.local_owner {
            Some(owner) => GenericId::local(&owner.ip, owner.port, self.id),
            None => GenericId::cluster(self.id),
        }
    }

    fn child_id(&self, raw: i64) -> String {
        match &self.local_owner {
            Some(owner) => GenericId::local(&owner.ip, owner.port, raw),
            None => GenericId::cluster(raw),
        }
    }

    pub fn to_detail(&self, details: bool) -> DagDetail {
        DagDetail {
            id: self.generic_id(),
            dag_id: self.id,
            name: self.name.clone(),
            stage: i64::try_from(self.stage).unwrap_or_default(),
            max_stage: i64::try_from(self.max_stage()).unwrap_or_default(),
            maintenance_type: self.maintenance_type,
            maintenance_key: self.maintenance_key.clone(),
            state: self.state,
            operator: self.operator,
            start_time: go_time(self.start_time),
            end_time: go_time(self.end_time),
            // `DagDetailDTO.SetVisible`: the merged map (`{}` here) once nodes are shown.
            additional_data: (details && !self.nodes.is_empty()).then(Default::default),
            nodes: details.then(|| self.nodes.iter().map(|n| self.node_detail(n)).collect()),
        }
    }

    pub fn node_detail(&self, n: &Node) -> NodeDetail {
        NodeDetail {
            id: self.child_id(n.id),
            node_id: n.id,
            name: n.name.clone(),
            state: n.state,
            operator: n.operator,
            start_time: go_time(n.start_time),
            end_time: go_time(n.end_time),
            additional_data: None,
            sub_tasks: Some(vec![self.task_detail(n)]),
        }
    }

    pub fn task_detail(&self, n: &Node) -> SubTaskDetail {
        let t = &n.task;
        let never_ran =
            t.execute_times == 0 && matches!(t.state, TaskState::Pending | TaskState::Ready);
        SubTaskDetail {
            id: self.child_id(t.id),
            task_id: t.id,
            name: n.name.clone(),
            state: t.state,
            operator: t.operator,
            start_time: go_time(t.start_time),
            end_time: go_time(t.end_time),
            additional_data: None,
            execute_times: t.execute_times,
            execute_agent: t.agent.clone(),
            task_logs: (!never_ran).then(|| t.logs.iter().map(|l| l.content.clone()).collect()),
        }
    }

    pub fn task_logs(&self, n: &Node) -> Vec<SubTaskLog> {
        n.task
            .logs
            .iter()
            .map(|l| SubTaskLog {
                id: l.id,
                sub_task_id: n.task.id,
                execute_times: l.execute_times,
                log_content: l.content.clone(),
                // Only a local task's logs are synced to the cluster; a cluster task's are not.
                is_sync: self.local_owner.is_some(),
                create_time: go_time(l.at),
                update_time: go_time(l.at),
            })
            .collect()
    }
}

/// What a lookup by generic id found, or why not (the agent's 404 reasons).
#[derive(Debug)]
pub enum Lookup<T> {
    Found(T),
    NotFound,
    /// Found, but its canonical id differs (e.g. leading zeros); only DAG lookups check.
    Mismatch,
}

fn owned_by(dag: &Dag, id: &GenericId) -> bool {
    match (id, &dag.local_owner) {
        (GenericId::Cluster(_), None) => true,
        (GenericId::Local { ip, port, .. }, Some(owner)) => owner.ip == *ip && owner.port == *port,
        _ => false,
    }
}

fn raw(id: &GenericId) -> i64 {
    match id {
        GenericId::Cluster(r) | GenericId::Other(r) => *r,
        GenericId::Local { raw, .. } => *raw,
    }
}

impl TaskStore {
    pub fn find_dag(&self, text: &str, id: &GenericId) -> Lookup<&Dag> {
        match self
            .dags
            .iter()
            .find(|d| owned_by(d, id) && d.id == raw(id))
        {
            None => Lookup::NotFound,
            Some(d) if d.generic_id() != text => Lookup::Mismatch,
            Some(d) => Lookup::Found(d),
        }
    }

    /// `GetNodeDetail` compares only the id's first character (the kind, which `GenericId`
    /// already decides), `NodeHandler` nothing: a non-canonical id still finds the node.
    pub fn find_node(&self, _text: &str, id: &GenericId) -> Lookup<(&Dag, &Node)> {
        let found = self
            .dags
            .iter()
            .filter(|d| owned_by(d, id))
            .find_map(|d| d.nodes.iter().find(|n| n.id == raw(id)).map(|n| (d, n)));
        found.map_or(Lookup::NotFound, Lookup::Found)
    }

    /// `GetSubTaskDetail` checks the first character for local tasks only: like nodes, a
    /// non-canonical id still finds the sub-task.
    pub fn find_task(&self, _text: &str, id: &GenericId) -> Lookup<(&Dag, &Node)> {
        let found = self.dags.iter().filter(|d| owned_by(d, id)).find_map(|d| {
            d.nodes
                .iter()
                .find(|n| n.task.id == raw(id))
                .map(|n| (d, n))
        });
        found.map_or(Lookup::NotFound, Lookup::Found)
    }
}
