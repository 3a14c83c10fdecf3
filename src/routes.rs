//! Every console URL, built in one place. A backend's pages live under `/b/<name>/…`; the
//! unprefixed paths (`/`, `/tasks/12`, …) are the first backend's, so links from before several
//! backends existed keep working. A page's links keep the style it was opened with.

use obshell_protocol::obshell::paths::segment;

/// The connect page, listing every backend (reachable while connected).
pub const CONNECT: &str = "/connect";

/// Where one backend's pages live: `/b/<name>`, or `""` for the first backend opened by an
/// unprefixed URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    name: String,
    prefixed: bool,
}

impl Base {
    /// `/b/<name>/…` (names are URL-safe: see [`crate::backend::valid_name`]).
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            prefixed: true,
        }
    }

    /// The first backend by the unprefixed paths.
    pub fn unprefixed(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            prefixed: false,
        }
    }

    /// The backend's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn join(&self, path: &str) -> String {
        if self.prefixed {
            format!("/b/{}{path}", segment(&self.name))
        } else {
            path.to_owned()
        }
    }

    /// The root of the backend's pages: `/b/<name>`, or `""` unprefixed.
    pub fn root(&self) -> String {
        self.join("")
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

    /// The tasks list with its query (`state`, `q`).
    pub fn tasks(&self, query: &[(&str, String)]) -> String {
        with_query(&self.join("/tasks"), query)
    }

    pub fn task(&self, id: &str) -> String {
        self.join(&format!("/tasks/{}", segment(id)))
    }

    /// A task page with its query (`node`, `task`, `line`, `parent`).
    pub fn task_at(&self, id: &str, query: &[(&str, String)]) -> String {
        with_query(&self.task(id), query)
    }
}

/// The three replica forms of a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplicaForm {
    Add,
    Delete,
    Modify,
}

impl ReplicaForm {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Delete => "delete",
            Self::Modify => "modify",
        }
    }
}

/// `path?k=v&…` with the non-empty values, percent-encoded.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", segment(v)))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Where a backend's pages start (`/b/<name>/cluster` for an agent, `/b/<name>` for OCP).
pub fn home_of(spec: &crate::backend::BackendSpec) -> String {
    let base = Base::named(&spec.name);
    match spec.kind {
        crate::backend::BackendKind::Obshell => base.home(),
        crate::backend::BackendKind::Ocp => crate::ocp::OcpLinks::new(&base.root()).home(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_backends_live_under_b() {
        let east = Base::named("east");
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
        let first = Base::unprefixed("agent");
        assert_eq!(first.cluster(), "/cluster");
        assert_eq!(first.task("12"), "/tasks/12");
        assert_eq!(first.scale_out(), "/cluster/scale-out");
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
        let b = Base::named("x");
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
