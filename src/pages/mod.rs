//! One module per page.

mod cluster;
mod connect;

pub use cluster::ClusterPage;
pub use connect::ConnectPage;
