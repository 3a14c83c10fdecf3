//! Change plans on OCP (docs/protocol/ocp.md §4.6): the reshape page (and "Move…" from a zone of
//! the tenant page), a plan's page, and what the shared runner asks of OCP. The planner and the
//! document are in `obshell_protocol::ocp::plan`; the store, the runner and the controls are
//! shared with the agent's plans (`crate::core::plan`, `crate::ui::plan`).

mod driver;
mod list;
mod page;
mod reshape;
mod steps;

pub use list::OcpOpenPlans;
pub use page::OcpPlanPage;
pub use reshape::OcpReshapePage;
