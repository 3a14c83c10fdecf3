//! Every URL of the OCP pages, built in one place from a base path: `/ocp` today, and
//! `/b/<backend>` once the console mounts OCP as one of several backends.

use obshell_protocol::ocp::TaskStatus;

pub use crate::core::links::ReplicaForm;

/// URLs under one base path (no trailing slash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcpLinks {
    base: String,
}

impl OcpLinks {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The clusters.
    pub fn home(&self) -> String {
        if self.base.is_empty() {
            "/".to_owned()
        } else {
            self.base.clone()
        }
    }

    /// The clusters' list under its own path (the home shows the same page).
    pub fn clusters(&self) -> String {
        format!("{}/clusters", self.base)
    }

    pub fn cluster(&self, cluster: i64) -> String {
        format!("{}/clusters/{cluster}", self.base)
    }

    pub fn tenant(&self, cluster: i64, tenant: i64) -> String {
        format!("{}/clusters/{cluster}/tenants/{tenant}", self.base)
    }

    pub fn replicas(&self, cluster: i64, tenant: i64, form: ReplicaForm) -> String {
        format!(
            "{}/replicas/{}",
            self.tenant(cluster, tenant),
            form.as_str()
        )
    }

    /// The reshape page of a tenant (a change plan).
    pub fn reshape(&self, cluster: i64, tenant: i64) -> String {
        format!("{}/plan", self.tenant(cluster, tenant))
    }

    /// The reshape page, set to move the replica of `zone`.
    pub fn move_replica(&self, cluster: i64, tenant: i64, zone: &str) -> String {
        format!("{}?move={zone}", self.reshape(cluster, tenant))
    }

    /// A plan kept in this browser.
    pub fn plan(&self, id: &str) -> String {
        format!("{}/plans/{id}", self.base)
    }

    /// The tasks list, of every status.
    pub fn all_tasks(&self) -> String {
        format!("{}/tasks", self.base)
    }

    /// The tasks list, of `status` when given.
    pub fn tasks(&self, status: Option<TaskStatus>) -> String {
        match status {
            Some(s) => format!("{}?status={}", self.all_tasks(), s.as_str()),
            None => self.all_tasks(),
        }
    }

    pub fn task(&self, id: i64) -> String {
        format!("{}/tasks/{id}", self.base)
    }

    /// The page of a task of this OCP by its id, for a view that takes it as a callback (the
    /// tasks list for an id that is not OCP's).
    pub fn task_href(&self) -> leptos::prelude::Callback<String, String> {
        let links = self.clone();
        leptos::prelude::Callback::new(move |id: String| match id.parse::<i64>() {
            Ok(id) => links.task(id),
            Err(_) => links.all_tasks(),
        })
    }

    /// The task page with one subtask selected.
    pub fn subtask(&self, task: i64, subtask: i64) -> String {
        format!("{}/tasks/{task}?subtask={subtask}", self.base)
    }

    /// The task page with one subtask selected at a line of its log (a log search's hit).
    pub fn subtask_line(&self, task: i64, subtask: i64, line: usize) -> String {
        format!("{}&line={line}", self.subtask(task, subtask))
    }
}

/// A numeric id of the current URL (`:cid`, `:tid`, `:id`).
pub fn id_param(name: &'static str) -> leptos::prelude::Memo<Option<i64>> {
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.read().get(name).and_then(|v| v.parse::<i64>().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_follow_the_base() {
        let l = OcpLinks::new("/ocp");
        assert_eq!(l.home(), "/ocp");
        assert_eq!(l.cluster(3), "/ocp/clusters/3");
        assert_eq!(l.tenant(3, 18), "/ocp/clusters/3/tenants/18");
        assert_eq!(
            l.replicas(3, 18, ReplicaForm::Modify),
            "/ocp/clusters/3/tenants/18/replicas/modify"
        );
        assert_eq!(l.reshape(3, 18), "/ocp/clusters/3/tenants/18/plan");
        assert_eq!(
            l.move_replica(3, 18, "zone1"),
            "/ocp/clusters/3/tenants/18/plan?move=zone1"
        );
        assert_eq!(l.plan("ab12"), "/ocp/plans/ab12");
        assert_eq!(l.tasks(None), "/ocp/tasks");
        assert_eq!(
            l.tasks(Some(TaskStatus::Failed)),
            "/ocp/tasks?status=FAILED"
        );
        assert_eq!(l.task(239151), "/ocp/tasks/239151");
        assert_eq!(l.subtask(7, 9), "/ocp/tasks/7?subtask=9");
        let b = OcpLinks::new("/b/prod-ocp/");
        assert_eq!(b.task(1), "/b/prod-ocp/tasks/1");
        assert_eq!(OcpLinks::new("").home(), "/");
    }
}
