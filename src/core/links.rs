//! The console's own URLs, shared by every backend: the connect page, where one backend's
//! pages live (`/b/<name>/…`, or unprefixed for the first backend, so links from before several
//! backends existed keep working), queries, and the three replica forms both backends offer.
//! Each backend builds its pages' URLs on a [`Base`] (`crate::obshell::links`, `crate::ocp::links`).

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
    /// `/b/<name>/…` (names are URL-safe: see [`crate::core::backend::valid_name`]).
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

    /// `path` under this backend's pages.
    pub fn join(&self, path: &str) -> String {
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
}

/// The task page of task `id` of backend `backend` under `/b/<name>` (both backends put a task's
/// page at `/tasks/<id>`): how one backend's page links another's task (the journal).
pub fn task_of(backend: &str, id: &str) -> String {
    Base::named(backend).join(&format!("/tasks/{}", segment(id)))
}

/// The three replica forms of a tenant (the same three on both backends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplicaForm {
    Add,
    Delete,
    Modify,
}

impl ReplicaForm {
    /// The form's last path segment.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_joins_paths_prefixed_or_not() {
        assert_eq!(Base::named("east").join("/tasks"), "/b/east/tasks");
        assert_eq!(Base::named("a b").root(), "/b/a%20b");
        assert_eq!(Base::unprefixed("agent").join("/tasks"), "/tasks");
        assert_eq!(Base::unprefixed("agent").root(), "");
        assert_eq!(with_query("/tasks", &[]), "/tasks");
        assert_eq!(ReplicaForm::Modify.as_str(), "modify");
    }
}
