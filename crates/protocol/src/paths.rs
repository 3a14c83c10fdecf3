//! Request targets of the agent API, in one place for the client and the simulator.

pub const TIME: &str = "/api/v1/time";
pub const INFO: &str = "/api/v1/info";
pub const STATUS: &str = "/api/v1/status";
pub const SECRET: &str = "/api/v1/secret";
pub const OB_INFO: &str = "/api/v1/ob/info";
pub const API_PREFIX: &str = "/api/v1/";
