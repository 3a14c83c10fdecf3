//! One module per page.

mod cluster;
mod connect;
mod replicas;
mod task;
mod tenant;
mod tenants;

pub use cluster::ClusterPage;
pub use connect::ConnectPage;
pub use replicas::{AddReplicasPage, DeleteReplicasPage, ModifyReplicasPage};
pub use task::TaskPage;
pub use tenant::TenantPage;
pub use tenants::TenantsPage;
