//! What a change this tab sent to an agent should leave behind, to read back after its task
//! succeeds (the task page's "after success" check). Memory only, beside this tab's journal
//! ([`crate::core::journal`]).

use leptos::prelude::*;

/// The expectations of the tasks this tab started from a form, provided by the app.
#[derive(Debug, Clone, Copy)]
pub struct Expectations {
    /// (backend, task id, what it should leave): two agents may well number their tasks alike.
    list: RwSignal<Vec<(String, String, Expectation)>>,
}

/// What a change asked for, as the console can read it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    /// The tenant's locality (and unit number, when it changes).
    Tenant {
        tenant: String,
        locality: String,
        unit_num: Option<i64>,
    },
    /// A server (by IP) in the cluster, in `zone` (any zone when empty), or gone.
    Server {
        ip: String,
        zone: String,
        present: bool,
    },
}

impl Expectations {
    pub fn new() -> Self {
        Self {
            list: RwSignal::new(Vec::new()),
        }
    }

    /// Remembers what `task_id` of `backend` should leave behind.
    pub fn expect(&self, backend: &str, task_id: &str, what: Expectation) {
        self.list
            .update(|list| list.push((backend.to_owned(), task_id.to_owned(), what)));
    }

    /// After a replica form's answer: a started task should leave `tenant` at `locality` (and
    /// `unit_num`, when it changes).
    pub fn expect_tenant<E>(
        &self,
        backend: &str,
        sent: &Result<Option<obshell_protocol::obshell::model::task::DagDetail>, E>,
        tenant: String,
        locality: String,
        unit_num: Option<i64>,
    ) {
        if let Ok(Some(dag)) = sent {
            self.expect(
                backend,
                &dag.id,
                Expectation::Tenant {
                    tenant,
                    locality,
                    unit_num,
                },
            );
        }
    }

    /// What `task_id` of `backend` should leave behind, if this tab started it from a form.
    pub fn expectation(&self, backend: &str, task_id: &str) -> Option<Expectation> {
        self.list.with(|list| {
            list.iter()
                .rev()
                .find(|(b, id, _)| b == backend && id == task_id)
                .map(|(_, _, e)| e.clone())
        })
    }
}

impl Default for Expectations {
    fn default() -> Self {
        Self::new()
    }
}

pub fn expect_expectations() -> Expectations {
    expect_context::<Expectations>()
}
