//! The agent's dotted error codes (`errCode`) that clients branch on (spec §3.4).

pub const HEADER_NOT_FOUND: &str = "Request.Header.NotFound";
pub const HEADER_DECRYPT_FAILED: &str = "Security.Authentication.Header.DecryptFailed";
pub const URI_MISMATCH: &str = "Security.Authentication.Header.UriMismatch";
pub const INCORRECT_OB_PASSWORD: &str = "Security.Authentication.IncorrectOceanbasePassword";
pub const INCORRECT_AGENT_PASSWORD: &str = "Security.Authentication.IncorrectAgentPassword";
pub const WITH_OB_PASSWORD: &str = "Security.Authentication.WithOceanBasePassword";
pub const AUTH_EXPIRED: &str = "Security.Authentication.Expired";
pub const TIMESTAMP_INVALID: &str = "Security.Authentication.Timestamp.Invalid";
pub const SESSION_INVALID: &str = "Security.Authentication.SessionInvalid";
pub const SESSION_EXPIRED: &str = "Security.Authentication.SessionExpired";
pub const BODY_KEY_AND_IV_INVALID: &str = "Request.Body.Decrypt.AES.KeyAndIv.Invalid";
pub const BODY_CONTENT_LENGTH_INVALID: &str = "Request.Body.Decrypt.AES.ContentLength.Invalid";
pub const UNEXPECTED: &str = "Common.Unexpected";
pub const NOT_FOUND: &str = "Common.NotFound";
pub const BIND_JSON_FAILED: &str = "Common.BindJsonFailed";
pub const ILLEGAL_ARGUMENT: &str = "Common.IllegalArgument";
pub const NOT_CLUSTER_AGENT: &str = "Agent.Identify.NotSupportOperation";
