//! One module per page.

mod cluster;
mod connect;
mod query;
mod replicas;
mod scale_out;
mod task;
mod tasks;
mod tenant;
mod tenants;

pub use cluster::ClusterPage;
pub use connect::ConnectPage;
pub use replicas::{AddReplicasPage, DeleteReplicasPage, ModifyReplicasPage};
pub use scale_out::ScaleOutPage;
pub use task::{GraphStore, TaskPage};
pub use tasks::TasksPage;
pub use tenant::TenantPage;
pub use tenants::TenantsPage;
