//! Every URL of an agent's pages, built in one place on the backend's [`Base`].

use obshell_protocol::obshell::paths::segment;

pub use crate::core::links::ReplicaForm;
use crate::core::links::{with_query, Base};

/// The URLs of one agent's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObshellLinks(Base);

impl ObshellLinks {
    pub fn new(base: Base) -> Self {
        Self(base)
    }

    /// Under `/b/<name>/…`.
    pub fn named(name: &str) -> Self {
        Self(Base::named(name))
    }

    /// The first backend's, by the unprefixed paths.
    pub fn unprefixed(name: &str) -> Self {
        Self(Base::unprefixed(name))
    }

    /// The backend's name.
    pub fn name(&self) -> &str {
        self.0.name()
    }

    fn join(&self, path: &str) -> String {
        self.0.join(path)
    }

    /// The backend's home: its cluster page.
    pub fn home(&self) -> String {
        self.cluster()
    }

    pub fn cluster(&self) -> String {
        self.join("/cluster")
    }

    pub fn scale_out(&self) -> String {
        self.join("/cluster/scale-out")
    }

    /// The plan that adds several servers, one scale-out after another.
    pub fn scale_outs(&self) -> String {
        self.join("/cluster/scale-outs")
    }

    /// The scale-in form, with `server` (`ip:port`) chosen when given.
    pub fn scale_in(&self, server: Option<&str>) -> String {
        match server {
            Some(s) => self.join(&format!("/cluster/scale-in?server={}", segment(s))),
            None => self.join("/cluster/scale-in"),
        }
    }

    /// The tenants list with its query (`q`, `status`).
    pub fn tenants(&self, query: &[(&str, String)]) -> String {
        with_query(&self.join("/tenants"), query)
    }

    pub fn tenant(&self, name: &str) -> String {
        self.join(&format!("/tenants/{}", segment(name)))
    }

    /// One of a tenant's replica forms.
    pub fn replicas(&self, tenant: &str, form: ReplicaForm) -> String {
        format!("{}/replicas/{}", self.tenant(tenant), form.as_str())
    }

    /// The change-plan page of a tenant, with the replica in `move_from` chosen to move.
    pub fn reshape(&self, tenant: &str, move_from: Option<&str>) -> String {
        let page = format!("{}/plan", self.tenant(tenant));
        match move_from {
            Some(z) => with_query(&page, &[("move", z.to_owned())]),
            None => page,
        }
    }

    /// The plan to drain `zone`.
    pub fn drain(&self, zone: &str) -> String {
        self.join(&format!("/cluster/zones/{}/drain", segment(zone)))
    }

    /// This backend's change plans.
    pub fn plans(&self) -> String {
        self.join("/plans")
    }

    pub fn plan(&self, id: &str) -> String {
        self.join(&format!("/plans/{}", segment(id)))
    }

    /// The tasks list with its query (`state`, `q`).
    pub fn tasks(&self, query: &[(&str, String)]) -> String {
        with_query(&self.join("/tasks"), query)
    }

    pub fn task(&self, id: &str) -> String {
        self.join(&format!("/tasks/{}", segment(id)))
    }

    /// The page of a task of this agent by its id, for a view that takes it as a callback.
    pub fn task_href(&self) -> leptos::prelude::Callback<String, String> {
        let links = self.clone();
        leptos::prelude::Callback::new(move |id: String| links.task(&id))
    }

    /// A task page with its query (`node`, `task`, `line`, `parent`).
    pub fn task_at(&self, id: &str, query: &[(&str, String)]) -> String {
        with_query(&self.task(id), query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_backends_live_under_b() {
        let east = ObshellLinks::named("east");
        assert_eq!(east.cluster(), "/b/east/cluster");
        assert_eq!(east.task("12"), "/b/east/tasks/12");
        assert_eq!(
            east.replicas("t1", ReplicaForm::Add),
            "/b/east/tenants/t1/replicas/add"
        );
        assert_eq!(
            east.tasks(&[("state", "FAILED".into())]),
            "/b/east/tasks?state=FAILED"
        );
        assert_eq!(east.name(), "east");
    }

    #[test]
    fn the_first_backend_keeps_todays_paths() {
        let first = ObshellLinks::unprefixed("agent");
        assert_eq!(first.cluster(), "/cluster");
        assert_eq!(first.task("12"), "/tasks/12");
        assert_eq!(first.scale_out(), "/cluster/scale-out");
        assert_eq!(first.scale_outs(), "/cluster/scale-outs");
        assert_eq!(first.scale_in(None), "/cluster/scale-in");
        assert_eq!(
            first.scale_in(Some("10.0.0.1:2886")),
            "/cluster/scale-in?server=10.0.0.1%3A2886"
        );
        assert_eq!(
            first.replicas("a b", ReplicaForm::Modify),
            "/tenants/a%20b/replicas/modify"
        );
        assert_eq!(first.name(), "agent");
    }

    #[test]
    fn segments_and_queries_are_encoded() {
        let b = ObshellLinks::named("x");
        assert_eq!(b.tenant("a/b"), "/b/x/tenants/a%2Fb");
        assert_eq!(
            b.task_at("1", &[("node", "n 1".into()), ("task", String::new())]),
            "/b/x/tasks/1?node=n%201"
        );
        assert_eq!(with_query("/tasks", &[]), "/tasks");
        assert_eq!(
            b.tenants(&[("q", "a b".into()), ("status", String::new())]),
            "/b/x/tenants?q=a%20b"
        );
    }
}
