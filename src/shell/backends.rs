//! The backends of `console.json`, each with one connection slot (only in memory, each locked
//! on its own).

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::backend::{BackendSpec, ConfigError};
use crate::obshell::client::Connected;
use crate::ocp::OcpSession;

/// A live connection to one backend.
#[derive(Debug, Clone)]
pub enum Link {
    /// An OBShell agent, connected with its root password (or a login session).
    Obshell(Box<Connected>),
    /// OCP, with a user and password sent as HTTP Basic.
    Ocp(OcpSession),
}

impl Link {
    /// The agent connection, when this is one.
    pub fn obshell(&self) -> Option<&Connected> {
        match self {
            Self::Obshell(c) => Some(c),
            Self::Ocp(_) => None,
        }
    }

    /// The OCP connection, when this is one.
    pub fn ocp(&self) -> Option<&OcpSession> {
        match self {
            Self::Ocp(s) => Some(s),
            Self::Obshell(_) => None,
        }
    }
}

/// One backend of `console.json` and its connection: `None` until the person connects, and
/// again after "Lock", which drops the password (or session) with it.
#[derive(Debug, Clone)]
pub struct Slot {
    pub spec: BackendSpec,
    pub link: RwSignal<Option<Link>>,
}

impl Slot {
    /// The agent session, when this slot holds a connected agent.
    pub fn obshell(&self) -> Option<Connected> {
        self.link
            .with_untracked(|l| l.as_ref().and_then(Link::obshell).cloned())
    }

    /// The OCP session, when this slot holds a connected OCP.
    pub fn ocp(&self) -> Option<OcpSession> {
        self.link
            .with_untracked(|l| l.as_ref().and_then(Link::ocp).cloned())
    }

    /// Forgets the connection: the password, session id or Basic credential is wiped now in
    /// every clone (pages still mounted send nothing more), then a login session is logged
    /// out once (best effort, never logging in again to do it).
    pub fn lock(&self) {
        match self.link.get_untracked() {
            Some(Link::Obshell(c)) => {
                if let Some(logout) = c.session.forget() {
                    leptos::task::spawn_local(crate::obshell::split::log_out(logout));
                }
            }
            Some(Link::Ocp(s)) => s.forget(),
            None => {}
        }
        // Nothing of this backend stays in the request inspector (the other backends' stay).
        crate::core::inspector::forget_backend(&self.spec);
        self.link.set(None);
    }
}

/// Every backend, in `console.json`'s order (never empty: without the file, the one agent
/// that serves the page).
#[derive(Debug, Clone)]
pub struct Backends(Arc<Vec<Slot>>);

impl Backends {
    pub fn new(specs: Vec<BackendSpec>) -> Self {
        let specs = if specs.is_empty() {
            vec![BackendSpec::same_origin_agent()]
        } else {
            specs
        };
        Self(Arc::new(
            specs
                .into_iter()
                .map(|spec| Slot {
                    spec,
                    link: RwSignal::new(None),
                })
                .collect(),
        ))
    }

    pub fn slots(&self) -> &[Slot] {
        &self.0
    }

    /// The backend of the unprefixed URLs.
    pub fn first(&self) -> Option<&Slot> {
        self.0.first()
    }

    pub fn find(&self, name: &str) -> Option<&Slot> {
        self.0.iter().find(|s| s.spec.name == name)
    }
}

/// The backends; provided by [`App`] once `console.json` is read.
pub fn expect_backends() -> Backends {
    expect_context::<Backends>()
}

/// Fetches and reads `console.json` (nginx serves it `no-cache`: revalidated on every load), or
/// reads it as the entry point fetched it (`crate::shell::boot`).
pub async fn load() -> Result<Vec<BackendSpec>, ConfigError> {
    use crate::core::backend::{from_answer, Entry, Rule, CONSOLE_JSON};
    let answer = match crate::shell::boot::take_console_file() {
        Some(raw) => Ok(raw),
        None => crate::core::transport::fetch_console_file(CONSOLE_JSON).await,
    };
    let read = match answer {
        Ok(raw) => from_answer(raw.status, &raw.text),
        Err(e) => Some(Err(ConfigError {
            entry: Entry::File,
            field: "(network)",
            rule: Rule::Network(crate::core::error::no_answer_detail(e)),
        })),
    };
    read.unwrap_or_else(|| Ok(vec![BackendSpec::same_origin_agent()]))
}
