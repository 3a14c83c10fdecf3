//! What every page of a connected agent reads: its session, profile and links, and how to lock
//! it. Provided by the shell only under the agent's connected view, so a page never meets an
//! agent that is not connected.

use leptos::prelude::*;

use crate::obshell::client::{Connected, Session};
use crate::obshell::links::ObshellLinks;
use crate::obshell::profile::AgentProfile;

/// The connected agent of the page's backend: provided under the connected view of the backend
/// the URL names, so a page reads it when it is built and its async code keeps the clone (the
/// session is shared, the credential stays in one place).
#[derive(Debug, Clone)]
pub struct ObshellCtx {
    pub session: Session,
    pub profile: AgentProfile,
    pub connected: Connected,
    /// Where this backend's pages live.
    pub links: ObshellLinks,
    /// Forgets this backend's connection (the shell's Lock: the password or session goes).
    pub lock: Callback<()>,
}

/// The page's agent session; every page of an agent is mounted under its connected view.
pub fn expect_obshell() -> ObshellCtx {
    expect_context::<ObshellCtx>()
}

/// What the page's agent can do. A connection's profile never changes, so reading it once when
/// a page is built is enough.
pub fn agent_profile() -> AgentProfile {
    expect_obshell().profile
}
