//! The one send path: waits out a throttle OCP asked for, sends with the credential (seen by
//! the request inspector masked), decodes the envelope, journals a mutation's answer, and
//! remembers a new throttle.

use serde::de::DeserializeOwned;

use super::envelope::{decode, required};
use super::OcpSession;
use crate::core::error::ApiError;
use crate::core::transport::{self, Method, NoAnswer, Outgoing, RawResponse};

crate::texts! {
    /// The client's own texts that reach the page (inside errors): sending.
    mod tx {
        locked: "locked: the credential was forgotten" => "已锁定：凭据已被清除",
        cannot_encode: "cannot encode the request: {0}" => "无法编码请求：{0}",
    }
}

const KEEP: &[&str] = &["RateLimit-Reset", "RateLimit-Remaining"];

fn window_now() -> f64 {
    js_sys::Date::now()
}

/// Sends one request as OCP expects it; the `RateLimit-Reset` header of the answer kept.
pub(super) async fn send_raw(
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
    /// The one send path: waits out a throttle OCP asked for, sends with the credential,
    /// decodes the envelope, and remembers a new throttle.
    pub(super) async fn call<T: DeserializeOwned>(
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
            crate::core::poll::sleep(std::time::Duration::from_millis(
                wait.clamp(0.0, f64::from(i32::MAX)) as u64,
            ))
            .await;
        }
        let authorization = self.authorization().ok_or(ApiError::Transport {
            call,
            detail: tx::t_untracked().locked.to_owned(),
        })?;
        let (raw, reset) =
            match send_raw(&self.inner.prefix, &authorization, method, path, body).await {
                Ok(sent) => sent,
                Err(e) => {
                    let error = ApiError::no_answer(call, e);
                    self.note(call, method, path, Err(&error));
                    return Err(error);
                }
            };
        let result = decode(call, &raw, reset.as_deref());
        match &result {
            Ok(_) => self.note(call, method, path, Ok(&raw)),
            Err(error) => self.note(call, method, path, Err(error)),
        }
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

    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        call: &'static str,
        path: &str,
    ) -> Result<T, ApiError> {
        let data = self.call(call, Method::Get, path, None).await?;
        required(call, data)
    }

    pub(super) async fn post<B: serde::Serialize + ?Sized, T: DeserializeOwned>(
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
}
