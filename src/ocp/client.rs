//! The OCP client: an [`OcpSession`] holds the user and password in memory only and sends them
//! as HTTP Basic on every request (`docs/protocol/ocp.md` §1), without cookies, to `prefix +
//! path`. One send path, one envelope decoder; every call has a label such as
//! `POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/addReplica` that errors carry.

use std::sync::{Arc, Mutex};

use base64::Engine;
use obshell_protocol::ocp::ops::{SubtaskOp, TaskOp};
use obshell_protocol::ocp::{
    paths, Cluster, DeleteReplica, ModifyReplica, OcpEnvelope, Page, ReplicaSpec, SubtaskLog, Task,
    TaskStatus, Tenant, UnitSpec,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use zeroize::{Zeroize, Zeroizing};

use crate::core::error::{ApiError, OcpRefusal};
use crate::core::transport::{self, Method, NoAnswer, Outgoing, RawResponse};

/// Call labels, as errors name them.
pub mod calls {
    pub const INFO: &str = "GET /api/v2/info";
    pub const CLUSTERS: &str = "GET /api/v2/ob/clusters";
    pub const CLUSTER: &str = "GET /api/v2/ob/clusters/{id}";
    pub const TENANTS: &str = "GET /api/v2/ob/clusters/{id}/tenants";
    pub const TENANT: &str = "GET /api/v2/ob/clusters/{id}/tenants/{tenantId}";
    pub const UNIT_SPECS: &str = "GET /api/v2/ob/unitSpecs";
    pub const ADD_REPLICA: &str = "POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/addReplica";
    pub const DELETE_REPLICA: &str =
        "POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/deleteReplica";
    pub const MODIFY_REPLICA: &str =
        "POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/modifyReplica";
    pub const TASKS: &str = "GET /api/v2/tasks/instances";
    pub const TASK: &str = "GET /api/v2/tasks/instances/{taskInstanceId}";
    pub const TASK_RETRY: &str = "POST /api/v2/tasks/instances/{taskInstanceId}/retry";
    pub const TASK_ROLLBACK: &str = "POST /api/v2/tasks/instances/{taskInstanceId}/rollback";
    pub const SUBTASK_LOG: &str =
        "GET /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/log";
    pub const SUBTASK_RETRY: &str =
        "POST /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/retry";
    pub const SUBTASK_SKIP: &str =
        "POST /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/skip";
    pub const SUBTASK_CANCEL: &str =
        "POST /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/cancel";
}

crate::texts! {
    /// The client's own texts that reach the page (inside errors).
    mod tx {
        insecure: "OCP uses HTTP Basic, which carries the password on every request: open the console over HTTPS (or localhost)" => "OCP 使用 HTTP Basic 认证，每个请求都带着密码：请通过 HTTPS（或 localhost）打开控制台",
        no_envelope: "HTTP {0} without OCP's error envelope" => "HTTP {0}，没有 OCP 的错误信封",
        empty_body: "empty body" => "响应体为空",
        no_message: "unsuccessful answer without an error message" => "请求未成功，且没有错误信息",
        no_data: "the answer has no data" => "响应中没有 data",
        locked: "locked: the credential was forgotten" => "已锁定：凭据已被清除",
        cannot_encode: "cannot encode the request: {0}" => "无法编码请求：{0}",
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

#[derive(Debug)]
struct Inner {
    prefix: String,
    user: String,
    /// Emptied by [`OcpSession::forget`] (Lock): every clone stops sending.
    authorization: Mutex<Basic>,
    info: OcpInfo,
    /// `Date.now()` before which OCP asked not to be called (429 `RateLimit-Reset`).
    throttled_until: Mutex<f64>,
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

const KEEP: &[&str] = &["RateLimit-Reset", "RateLimit-Remaining"];

fn window_now() -> f64 {
    js_sys::Date::now()
}

async fn sleep_ms(ms: f64) {
    let ms = ms.clamp(0.0, f64::from(i32::MAX)) as i32;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Decodes one OCP answer: `data` on success, [`ApiError::Ocp`] for OCP's error envelope.
pub fn decode<T: DeserializeOwned>(
    call: &'static str,
    raw: &RawResponse,
    rate_limit_reset: Option<&str>,
) -> Result<Option<T>, ApiError> {
    let retry_after = crate::core::error::ocp::rate_limit_reset(rate_limit_reset);
    let envelope: OcpEnvelope<T> = match serde_json::from_str(&raw.text) {
        Ok(e) => e,
        // A refusal without OCP's envelope (a proxy in between): still explained by status.
        Err(_) if matches!(raw.status, 401 | 403 | 404 | 409 | 429) => {
            return Err(ApiError::ocp(OcpRefusal {
                call,
                status: raw.status,
                code: 0,
                message: crate::core::i18n::fill(tx::t_untracked().no_envelope, &[&raw.status]),
                sub_errors: Vec::new(),
                trace_id: String::new(),
                server: String::new(),
                retry_after,
            }))
        }
        Err(e) => {
            return Err(ApiError::Decode {
                call,
                status: raw.status,
                detail: if raw.text.trim().is_empty() {
                    tx::t_untracked().empty_body.to_owned()
                } else {
                    e.to_string()
                },
            })
        }
    };
    let ok_status = (200..300).contains(&raw.status);
    if envelope.successful && ok_status && envelope.error.is_none() {
        return Ok(envelope.data);
    }
    let error = envelope.error.unwrap_or_default();
    Err(ApiError::ocp(OcpRefusal {
        call,
        status: if ok_status {
            envelope.status.unwrap_or(raw.status)
        } else {
            raw.status
        },
        code: error.code,
        message: if error.message.is_empty() {
            tx::t_untracked().no_message.to_owned()
        } else {
            error.message
        },
        sub_errors: error.sub_errors,
        trace_id: envelope.trace_id.unwrap_or_default(),
        server: envelope.server.unwrap_or_default(),
        retry_after,
    }))
}

fn required<T>(call: &'static str, data: Option<T>) -> Result<T, ApiError> {
    data.ok_or(ApiError::Decode {
        call,
        status: 200,
        detail: tx::t_untracked().no_data.to_owned(),
    })
}

fn is_secure_context() -> bool {
    web_sys::window().is_some_and(|w| w.is_secure_context())
}

async fn send_raw(
    prefix: &str,
    authorization: &str,
    method: Method,
    path: &str,
    body: Option<String>,
) -> Result<(RawResponse, Option<String>), NoAnswer> {
    let headers = [
        ("Authorization", authorization),
        ("Accept", "application/json"),
    ];
    // The inspector sees the Basic header as `Basic •••` and the JSON body with its secrets
    // (a tenant's root password...) masked.
    let inspect = crate::core::inspector::model::Request {
        kind: crate::core::backend::BackendKind::Ocp,
        method: method.as_str(),
        prefix: prefix.to_owned(),
        target: path.to_owned(),
        header: crate::core::inspector::model::basic_header(),
        body: body
            .as_deref()
            .map(|b| crate::core::inspector::model::MaskedBody::from_json(b.as_bytes())),
        sealed_header: None,
    };
    let out = Outgoing {
        method,
        prefix,
        target: path,
        headers: &headers,
        body,
        content_type: "application/json",
        keep_headers: KEEP,
        inspect: Some(inspect),
    };
    let (raw, kept) = transport::send_request(&out).await?;
    let reset = kept
        .into_iter()
        .find(|(k, _)| k == "RateLimit-Reset")
        .map(|(_, v)| v);
    Ok((raw, reset))
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
        let (raw, reset) = send_raw(prefix, &authorization.0, Method::Get, paths::INFO, None)
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
            }),
        })
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

    /// The one send path: waits out a throttle OCP asked for, sends with the credential,
    /// decodes the envelope, and remembers a new throttle.
    async fn call<T: DeserializeOwned>(
        &self,
        call: &'static str,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<Option<T>, ApiError> {
        let until = self
            .inner
            .throttled_until
            .lock()
            .map(|t| *t)
            .unwrap_or_default();
        let wait = until - window_now();
        if wait > 0.0 {
            sleep_ms(wait).await;
        }
        let authorization = self.authorization().ok_or(ApiError::Transport {
            call,
            detail: tx::t_untracked().locked.to_owned(),
        })?;
        let (raw, reset) = send_raw(&self.inner.prefix, &authorization, method, path, body)
            .await
            .map_err(|e| ApiError::no_answer(call, e))?;
        let result = decode(call, &raw, reset.as_deref());
        if let Err(ApiError::Ocp(r)) = &result {
            if r.status != 429 {
                return result;
            }
            let secs = r.retry_after.unwrap_or(5) as f64;
            if let Ok(mut t) = self.inner.throttled_until.lock() {
                *t = window_now() + secs * 1000.0;
            }
        }
        result
    }

    async fn get<T: DeserializeOwned>(
        &self,
        call: &'static str,
        path: &str,
    ) -> Result<T, ApiError> {
        let data = self.call(call, Method::Get, path, None).await?;
        required(call, data)
    }

    async fn post<B: serde::Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        call: &'static str,
        path: &str,
        body: Option<&B>,
    ) -> Result<Option<T>, ApiError> {
        let text = match body {
            Some(b) => Some(serde_json::to_string(b).map_err(|e| ApiError::Decode {
                call,
                status: 0,
                detail: crate::core::i18n::fill(tx::t_untracked().cannot_encode, &[&e]),
            })?),
            None => None,
        };
        self.call(call, Method::Post, path, text).await
    }

    /// Clusters with their zones and servers.
    pub async fn clusters(&self) -> Result<Vec<Cluster>, ApiError> {
        let page: Page<Cluster> = self
            .get(
                calls::CLUSTERS,
                &format!("{}?page=1&size=100", paths::CLUSTERS),
            )
            .await?;
        Ok(page.contents)
    }

    pub async fn cluster(&self, id: i64) -> Result<Cluster, ApiError> {
        self.get(calls::CLUSTER, &paths::cluster(id)).await
    }

    pub async fn tenants(&self, cluster: i64) -> Result<Vec<Tenant>, ApiError> {
        let page: Page<Tenant> = self
            .get(
                calls::TENANTS,
                &format!("{}?page=1&size=100", paths::tenants(cluster)),
            )
            .await?;
        Ok(page.contents)
    }

    pub async fn tenant(&self, cluster: i64, tenant: i64) -> Result<Tenant, ApiError> {
        self.get(calls::TENANT, &paths::tenant(cluster, tenant))
            .await
    }

    pub async fn unit_specs(&self) -> Result<Vec<UnitSpec>, ApiError> {
        let page: Page<UnitSpec> = self
            .get(
                calls::UNIT_SPECS,
                &format!("{}?page=1&size=100", paths::UNIT_SPECS),
            )
            .await?;
        Ok(page.contents)
    }

    /// `addReplica`: the task that adds them.
    pub async fn add_replica(
        &self,
        cluster: i64,
        tenant: i64,
        zones: &[ReplicaSpec],
    ) -> Result<Task, ApiError> {
        let data = self
            .post(
                calls::ADD_REPLICA,
                &paths::add_replica(cluster, tenant),
                Some(zones),
            )
            .await?;
        required(calls::ADD_REPLICA, data)
    }

    pub async fn delete_replica(
        &self,
        cluster: i64,
        tenant: i64,
        zones: &[DeleteReplica],
    ) -> Result<Task, ApiError> {
        let data = self
            .post(
                calls::DELETE_REPLICA,
                &paths::delete_replica(cluster, tenant),
                Some(zones),
            )
            .await?;
        required(calls::DELETE_REPLICA, data)
    }

    pub async fn modify_replica(
        &self,
        cluster: i64,
        tenant: i64,
        zones: &[ModifyReplica],
    ) -> Result<Task, ApiError> {
        let data = self
            .post(
                calls::MODIFY_REPLICA,
                &paths::modify_replica(cluster, tenant),
                Some(zones),
            )
            .await?;
        required(calls::MODIFY_REPLICA, data)
    }

    /// Tasks, newest first, optionally of one status.
    pub async fn tasks(&self, status: Option<TaskStatus>) -> Result<Page<Task>, ApiError> {
        let mut path = format!("{}?page=1&size=100&sort=id,desc", paths::TASKS);
        if let Some(s) = status {
            path.push_str("&status=");
            path.push_str(s.as_str());
        }
        self.get(calls::TASKS, &path).await
    }

    pub async fn task(&self, id: i64) -> Result<Task, ApiError> {
        self.get(calls::TASK, &paths::task(id)).await
    }

    /// Retry or roll back a failed task.
    pub async fn task_op(&self, id: i64, op: TaskOp) -> Result<(), ApiError> {
        let (call, path) = match op {
            TaskOp::Retry => (calls::TASK_RETRY, paths::task_retry(id)),
            TaskOp::Rollback => (calls::TASK_ROLLBACK, paths::task_rollback(id)),
        };
        self.post::<(), serde_json::Value>(call, &path, None)
            .await
            .map(|_| ())
    }

    /// The whole log of a subtask.
    pub async fn subtask_log(&self, task: i64, subtask: i64) -> Result<String, ApiError> {
        let log: SubtaskLog = self
            .get(calls::SUBTASK_LOG, &paths::subtask_log(task, subtask))
            .await?;
        Ok(log.log)
    }

    /// Retry, skip or cancel one subtask.
    pub async fn subtask_op(&self, task: i64, subtask: i64, op: SubtaskOp) -> Result<(), ApiError> {
        let call = match op {
            SubtaskOp::Retry => calls::SUBTASK_RETRY,
            SubtaskOp::Skip => calls::SUBTASK_SKIP,
            SubtaskOp::Cancel => calls::SUBTASK_CANCEL,
        };
        self.post::<(), serde_json::Value>(call, &paths::subtask_op(task, subtask, op), None)
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, text: &str) -> RawResponse {
        RawResponse {
            status,
            text: text.to_owned(),
        }
    }

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

    #[test]
    fn envelopes_decode_to_data_or_ocp_errors() {
        let ok: Option<OcpInfo> = decode(
            calls::INFO,
            &raw(
                200,
                r#"{"successful":true,"data":{"buildVersion":"4.2.2-20240108"}}"#,
            ),
            None,
        )
        .expect("ok");
        assert_eq!(
            ok.map(|i| i.build_version).as_deref(),
            Some("4.2.2-20240108")
        );
        let refused = decode::<serde_json::Value>(
            calls::ADD_REPLICA,
            &raw(
                500,
                r#"{"successful":false,"status":500,"traceId":"t-9","server":"ocp-1","error":{"code":10011,"message":"failed","subErrors":[{"SQLState":"HY000","code":4179,"message":"no"}]}}"#,
            ),
            None,
        )
        .expect_err("refused");
        match refused {
            ApiError::Ocp(r) => {
                assert_eq!(r.call, calls::ADD_REPLICA);
                assert_eq!((r.status, r.code), (500, 10011));
                assert_eq!(
                    r.sub_errors[0].describe(),
                    "OceanBase error 4179 (HY000): no"
                );
                assert_eq!((r.trace_id.as_str(), r.server.as_str()), ("t-9", "ocp-1"));
            }
            other => panic!("{other:?}"),
        }
        let throttled = decode::<serde_json::Value>(
            calls::TASK,
            &raw(
                429,
                r#"{"successful":false,"error":{"code":0,"message":"Too many requests"}}"#,
            ),
            Some("3"),
        )
        .expect_err("429");
        assert!(
            matches!(&throttled, ApiError::Ocp(r) if r.status == 429 && r.retry_after == Some(3))
        );
        // A proxy's bare 401, and a gateway that lost the answer.
        let bare =
            decode::<serde_json::Value>(calls::INFO, &raw(401, "<html>"), None).expect_err("401");
        assert_eq!(bare.ocp_status(), Some(401));
        let lost = decode::<serde_json::Value>(calls::ADD_REPLICA, &raw(504, "<html>"), None)
            .expect_err("504");
        assert!(lost.outcome_unknown());
    }
}
