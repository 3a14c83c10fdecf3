//! Change plans (docs/protocol/obshell.md §4.13, §4.14): a tenant's wanted placement worked out
//! into the agent's own operations (or a zone drained, or several servers added), shown step by
//! step before anything is sent, run one task at a time, kept in the browser so that a reload or
//! another tab can resume it, and exported as a script for the official SDK.

mod checks;
mod drain;
mod export;
mod failed;
mod list;
mod page;
mod placement;
mod recheck;
mod replan;
mod reshape;
mod runner;
mod scale_outs;
mod steps;

pub use drain::DrainPage;
pub use list::{OpenPlans, PlansPage};
pub use page::PlanPage;
pub use reshape::ReshapePage;
pub use scale_outs::ScaleOutsPage;
