//! The OCP client: an [`OcpSession`] holds the user and password in memory only and sends them
//! as HTTP Basic on every request (`docs/protocol/ocp.md` §1), without cookies, to `prefix +
//! path`. One send path ([`send`]), one envelope decoder ([`envelope`]); every call has a label
//! such as `POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/addReplica` that errors carry
//! ([`calls`]).
//!
//! Here the session itself: the credential, connecting, and Lock.

use std::sync::{Arc, Mutex};

use base64::Engine;
use obshell_protocol::ocp::paths;
use serde::Deserialize;
use zeroize::{Zeroize, Zeroizing};

use crate::core::error::ApiError;
use crate::core::transport::Method;

pub mod calls;
pub mod envelope;
mod record;
pub mod send;

pub use envelope::decode;

crate::texts! {
    /// The client's own texts that reach the page (inside errors): connecting.
    mod tx {
        insecure: "OCP uses HTTP Basic, which carries the password on every request: open the console over HTTPS (or localhost)" => "OCP 使用 HTTP Basic 认证，每个请求都带着密码：请通过 HTTPS（或 localhost）打开控制台",
    }
}

/// Why the console refuses to connect from a page that is not a secure context (tracked).
pub fn insecure_context() -> &'static str {
    tx::t().insecure
}

/// `GET /api/v2/info`: what the console shows of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OcpInfo {
    pub build_version: String,
}

/// The `Authorization` header value, never printed, wiped when dropped or forgotten (Lock).
#[derive(Clone, PartialEq, Eq)]
struct Basic(String);

impl Drop for Basic {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for Basic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Basic(..)")
    }
}

/// `Basic base64(user:password)` (UTF-8); the intermediate `user:password` is wiped.
pub fn basic_authorization(user: &str, password: &str) -> String {
    let pair = Zeroizing::new(format!("{user}:{password}"));
    let mut out = String::from("Basic ");
    base64::engine::general_purpose::STANDARD.encode_string(pair.as_bytes(), &mut out);
    out
}

struct Inner {
    prefix: String,
    user: String,
    /// Emptied by [`OcpSession::forget`] (Lock): every clone stops sending.
    authorization: Mutex<Basic>,
    info: OcpInfo,
    /// `Date.now()` before which OCP asked not to be called (429 `RateLimit-Reset`).
    throttled_until: Mutex<f64>,
    /// Where this tab's journal of mutations goes.
    recorder: Mutex<Option<crate::core::journal::Recorder>>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("prefix", &self.prefix)
            .field("user", &self.user)
            .field("authorization", &self.authorization)
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

/// A connection to OCP: cheap to clone, the credential only in memory.
#[derive(Debug, Clone)]
pub struct OcpSession {
    inner: Arc<Inner>,
}

impl PartialEq for OcpSession {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

fn is_secure_context() -> bool {
    web_sys::window().is_some_and(|w| w.is_secure_context())
}

impl OcpSession {
    /// Checks the user and password with `GET /api/v2/info`; refuses on a page that is not a
    /// secure context. `prefix` goes before every path (`""` when OCP is proxied at `/api/v2/`).
    pub async fn connect(prefix: &str, user: &str, password: &str) -> Result<Self, ApiError> {
        if !is_secure_context() {
            return Err(ApiError::Unsupported {
                call: calls::INFO,
                detail: tx::t_untracked().insecure.to_owned(),
            });
        }
        let authorization = Basic(basic_authorization(user, password));
        let (raw, reset) = send::send_raw(prefix, &authorization.0, Method::Get, paths::INFO, None)
            .await
            .map_err(|e| ApiError::no_answer(calls::INFO, e))?;
        let info: OcpInfo =
            decode::<OcpInfo>(calls::INFO, &raw, reset.as_deref())?.unwrap_or_default();
        Ok(Self {
            inner: Arc::new(Inner {
                prefix: prefix.to_owned(),
                user: user.to_owned(),
                authorization: Mutex::new(authorization),
                info,
                throttled_until: Mutex::new(0.0),
                recorder: Mutex::new(None),
            }),
        })
    }

    /// Sends one journal entry per mutation to `recorder` from now on.
    pub fn set_recorder(&self, recorder: crate::core::journal::Recorder) {
        if let Ok(mut r) = self.inner.recorder.lock() {
            *r = Some(recorder);
        }
    }

    /// Journals a mutation's answer (reads are not journalled).
    fn note(
        &self,
        call: &'static str,
        method: Method,
        target: &str,
        answer: Result<&crate::core::transport::RawResponse, &ApiError>,
    ) {
        if method == Method::Get {
            return;
        }
        let recorder = self.inner.recorder.lock().ok().and_then(|r| r.clone());
        if let Some(record) = recorder {
            let at = String::from(js_sys::Date::new_0().to_iso_string());
            record(record::entry(at, call, target, answer));
        }
    }

    pub fn user(&self) -> &str {
        &self.inner.user
    }

    /// Lock: wipes the Basic credential now, in every clone of this session; later calls
    /// send nothing.
    pub fn forget(&self) {
        if let Ok(mut a) = self.inner.authorization.lock() {
            a.0.zeroize();
        }
    }

    /// A copy of the credential for one request (wiped when the request is done), or `None`
    /// after [`Self::forget`].
    fn authorization(&self) -> Option<Zeroizing<String>> {
        let a = self.inner.authorization.lock().ok()?;
        (!a.0.is_empty()).then(|| Zeroizing::new(a.0.clone()))
    }

    /// OCP's `buildVersion`.
    pub fn build_version(&self) -> &str {
        &self.inner.info.build_version
    }

    pub fn prefix(&self) -> &str {
        &self.inner.prefix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_is_base64_of_user_colon_password() {
        assert_eq!(basic_authorization("admin", "pw"), "Basic YWRtaW46cHc=");
        assert_eq!(basic_authorization("é", "x"), "Basic w6k6eA==");
    }

    #[test]
    fn the_credential_is_never_printed() {
        let s = OcpSession {
            inner: Arc::new(Inner {
                prefix: String::new(),
                user: "admin".into(),
                authorization: Mutex::new(Basic(basic_authorization("admin", "secret-pw"))),
                info: OcpInfo::default(),
                throttled_until: Mutex::new(0.0),
                recorder: Mutex::new(None),
            }),
        };
        let printed = format!("{s:?}");
        assert!(!printed.contains("YWRtaW46"), "{printed}");
        assert!(!printed.contains("secret-pw"), "{printed}");
        // Lock wipes it in place: nothing is left to send or print.
        s.forget();
        assert!(s.authorization().is_none());
        assert!(s
            .inner
            .authorization
            .lock()
            .map(|a| a.0.is_empty())
            .unwrap_or(false));
    }
}
