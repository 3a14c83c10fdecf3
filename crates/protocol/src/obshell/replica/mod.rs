//! Tenant replica and primary-zone rules exactly as the agent applies them
//! (docs/protocol/obshell.md §4.3, §4.6, and the
//! agent's `executor/zone` and `executor/tenant` checks), shared by the simulator, which enforces
//! them, and the console, which explains them before sending.

mod locality;
mod primary_zone;
mod resources;
mod rules;
mod types;
mod view;

pub use locality::{Locality, FULL, READONLY};
pub use primary_zone::{check_primary_zone, normalise_primary_zone, primary_zone_reached};
pub use resources::{check_zone_room, servers_with_room, ServerRoom, UnitNeed};
pub use rules::{check_add, check_delete, check_modify, first_priority_full_zones};
pub use types::{AddZone, ModifyPlan, ModifyZone, PoolView, TenantReplicas, Topology};
pub use view::{preview, rooms_from_cluster_info, Preview, TopologySnapshot};
