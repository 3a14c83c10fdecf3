//! What every page of a connected OCP reads: its session, where its pages live, and how to lock
//! it. Provided by the shell only under the backend's connected view, so a page never meets an
//! OCP that is not connected.

use leptos::prelude::*;

use super::{OcpLinks, OcpSession};

/// The connected OCP backend of the page (a handle: copied into every closure that needs it).
#[derive(Debug, Clone, Copy)]
pub struct OcpCtx(StoredValue<Connected>);

#[derive(Debug)]
struct Connected {
    session: OcpSession,
    name: String,
    links: OcpLinks,
    lock: Callback<()>,
}

impl OcpCtx {
    /// The context of `name`'s connected `session`, its pages at `links`; `lock` forgets the
    /// connection (the shell's Lock: the password goes).
    pub fn new(session: OcpSession, name: String, links: OcpLinks, lock: Callback<()>) -> Self {
        Self(StoredValue::new(Connected {
            session,
            name,
            links,
            lock,
        }))
    }

    /// The session (user and password as HTTP Basic, in memory only), taken before a call.
    pub fn session(&self) -> OcpSession {
        self.0.with_value(|c| c.session.clone())
    }

    /// The backend's name in `console.json`.
    pub fn name(&self) -> String {
        self.0.with_value(|c| c.name.clone())
    }

    /// Where its pages live (`/b/<name>` or `""`).
    pub fn links(&self) -> OcpLinks {
        self.0.with_value(|c| c.links.clone())
    }

    /// Forgets this backend's connection.
    pub fn lock(&self) -> Callback<()> {
        self.0.with_value(|c| c.lock)
    }
}

/// Reads the OCP context; provided under an OCP backend's connected view (`crate::shell::app`).
pub fn expect_ocp() -> OcpCtx {
    expect_context::<OcpCtx>()
}
