//! The authenticated side of the client: one send path that seals each request with the
//! agent's key and the session (or password), repairs a stale key, clock or session once, and
//! one method per endpoint.

use std::sync::{Arc, Mutex};

use obshell_protocol::model::cluster_info::ClusterInfo;
use obshell_protocol::model::task::{DagDetail, OperatorRequest, SubTaskLog};
use obshell_protocol::model::tenant::{
    AddReplicaZone, ModifyReplicaZone, NewUnitConfig, TenantInfo, TenantOverview, TenantParameter,
    UnitConfig,
};
use obshell_protocol::model::ObInfo;
use obshell_protocol::{
    err_codes, paths, seal_request, AgentPublicKey, Contents, Credential, OCS_HEADER,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::client::{browser_now_secs, decode_envelope, required, AgentClient};
use super::error::ApiError;
use super::transport::{self, Method, RawResponse};

/// How long a signed request stays valid, in agent seconds (spec §2.6 advises 60–300 s).
const REQUEST_LIFETIME_SECS: i64 = 120;

/// The root password, never printed.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Password(pub(super) String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cred {
    Password(Password),
    /// A login session (`session_id`) signs the requests; the password stays in memory only to
    /// log in again when the agent forgets the session (a restart, an idle timeout).
    Session {
        id: String,
        password: Password,
    },
}

#[derive(Debug)]
pub(super) struct Auth {
    pub(super) key: AgentPublicKey,
    pub(super) credential: Cred,
    pub(super) clock_offset: i64,
}

/// An authenticated client. Clones share the key, credential and clock offset, which the
/// send path refreshes when the agent rotates its key or the clock drifts.
#[derive(Debug, Clone)]
pub struct Session {
    pub(super) inner: Arc<Mutex<Auth>>,
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

/// Why a failed call may be sent again: only refusals that happen before the agent looks at
/// the request (so a mutation cannot have been applied).
pub(super) fn retry_reason(err: &ApiError) -> Option<&'static str> {
    match err {
        ApiError::Agent { err_code, code, .. }
            if err_code == err_codes::HEADER_DECRYPT_FAILED
                || (*code == Some(1) && err_code.is_empty()) =>
        {
            Some("key")
        }
        ApiError::Agent { err_code, .. } if err_code == err_codes::AUTH_EXPIRED => Some("clock"),
        ApiError::Agent { err_code, .. }
            if err_code == err_codes::SESSION_INVALID || err_code == err_codes::SESSION_EXPIRED =>
        {
            Some("session")
        }
        _ => None,
    }
}

impl Session {
    fn lock(&self) -> std::sync::MutexGuard<'_, Auth> {
        match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Agent clock minus browser clock, in seconds (refreshed after an expiry).
    pub fn clock_offset(&self) -> i64 {
        self.lock().clock_offset
    }

    /// A login session is in use (the password has been dropped).
    pub fn uses_login(&self) -> bool {
        matches!(self.lock().credential, Cred::Session { .. })
    }

    /// Seals and sends once.
    async fn send_once(
        &self,
        call: &'static str,
        method: Method,
        target: &str,
        json: Option<&[u8]>,
        with_keys: bool,
    ) -> Result<(RawResponse, Option<obshell_protocol::SessionKey>), ApiError> {
        let sealed = {
            let auth = self.lock();
            let expires = browser_now_secs() + auth.clock_offset + REQUEST_LIFETIME_SECS;
            let credential = match &auth.credential {
                Cred::Password(p) => Credential::Password(&p.0),
                Cred::Session { id, .. } => Credential::Session(id),
            };
            seal_request(
                &mut rand_core::OsRng,
                &auth.key,
                credential,
                expires,
                target,
                json,
                with_keys,
            )
            .map_err(|source| ApiError::Crypto { call, source })?
        };
        let raw = transport::send(method, target, &[(OCS_HEADER, &sealed.header)], sealed.body)
            .await
            .map_err(|detail| ApiError::Transport { call, detail })?;
        Ok((raw, sealed.key))
    }

    /// The one send path: signs `target`, encrypts the payload, decodes the envelope. A refusal
    /// for a stale key or clock is repaired and sent once more; nothing else is repeated.
    async fn call<T: DeserializeOwned, B: Serialize>(
        &self,
        call: &'static str,
        method: Method,
        target: &str,
        payload: Option<&B>,
    ) -> Result<(u16, Option<T>), ApiError> {
        let json = payload
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| ApiError::Decode {
                call,
                status: 0,
                detail: format!("request body: {e}"),
            })?;
        let mut repaired: Vec<&'static str> = Vec::new();
        loop {
            let (raw, _) = self
                .send_once(call, method, target, json.as_deref(), false)
                .await?;
            match decode_envelope::<T>(call, &raw) {
                Ok(data) => return Ok((raw.status, data)),
                Err(err) => match retry_reason(&err) {
                    Some(reason) if !repaired.contains(&reason) => {
                        repaired.push(reason);
                        self.repair(reason).await?;
                    }
                    _ => return Err(err),
                },
            }
        }
    }

    async fn repair(&self, reason: &str) -> Result<(), ApiError> {
        match reason {
            "key" => {
                let key = AgentClient.public_key().await?;
                self.lock().key = key;
            }
            "clock" => {
                let offset = AgentClient.clock_offset().await?;
                self.lock().clock_offset = offset;
            }
            _ => {
                // Back to the password, then a new session with it.
                let fallback = match &self.lock().credential {
                    Cred::Session { password, .. } => Some(password.clone()),
                    Cred::Password(_) => None,
                };
                if let Some(password) = fallback {
                    self.lock().credential = Cred::Password(password);
                    self.login().await?;
                }
            }
        }
        Ok(())
    }

    async fn get<T: DeserializeOwned>(
        &self,
        call: &'static str,
        target: &str,
    ) -> Result<T, ApiError> {
        let (status, data) = self.call::<T, ()>(call, Method::Get, target, None).await?;
        required(call, status, data)
    }

    /// `POST /api/v1/login`: a session id (encrypted with the request's own AES key) that signs
    /// the requests from now on instead of the password.
    pub(super) async fn login(&self) -> Result<(), ApiError> {
        const CALL: &str = "POST /api/v1/login";
        let (raw, key) = self
            .send_once(CALL, Method::Post, paths::LOGIN, None, true)
            .await?;
        let encrypted: String = required(CALL, raw.status, decode_envelope(CALL, &raw)?)?;
        let key = key.ok_or(ApiError::Decode {
            call: CALL,
            status: raw.status,
            detail: "no request key".to_owned(),
        })?;
        let plain = key
            .decrypt(&encrypted)
            .map_err(|source| ApiError::Crypto { call: CALL, source })?;
        let id = String::from_utf8(plain).map_err(|e| ApiError::Decode {
            call: CALL,
            status: raw.status,
            detail: e.to_string(),
        })?;
        let mut auth = self.lock();
        if let Cred::Password(password) = &auth.credential {
            auth.credential = Cred::Session {
                id,
                password: password.clone(),
            };
        }
        Ok(())
    }

    /// `POST /api/v1/logout` of the session in use (best effort: the session also times out).
    pub async fn logout(&self) {
        let id = match &self.lock().credential {
            Cred::Session { id, .. } => id.clone(),
            Cred::Password(_) => return,
        };
        #[derive(Serialize)]
        struct Logout {
            session_id: String,
        }
        let _ = self
            .call::<serde_json::Value, _>(
                "POST /api/v1/logout",
                Method::Post,
                paths::LOGOUT,
                Some(&Logout { session_id: id }),
            )
            .await;
    }

    /// `GET /api/v1/ob/info`.
    pub async fn ob_info(&self) -> Result<ObInfo, ApiError> {
        self.get("GET /api/v1/ob/info", paths::OB_INFO).await
    }

    /// `GET /api/v1/obcluster/info` (4.3.0.0+).
    pub async fn cluster_info(&self) -> Result<ClusterInfo, ApiError> {
        self.get("GET /api/v1/obcluster/info", paths::CLUSTER_INFO)
            .await
    }

    /// `GET /api/v1/obcluster/unit-config-limit`: the smallest memory (GiB) a unit may have.
    pub async fn min_unit_memory_gib(&self) -> Result<f64, ApiError> {
        let limit: Option<obshell_protocol::model::cluster_info::UnitConfigLimit> = self
            .call::<_, ()>(
                "GET /api/v1/obcluster/unit-config-limit",
                Method::Get,
                paths::UNIT_CONFIG_LIMIT,
                None,
            )
            .await?
            .1;
        Ok(limit.map_or(0.0, |l| l.min_memory))
    }

    /// `GET /api/v1/tenants/overview`.
    pub async fn tenants(&self) -> Result<Vec<TenantOverview>, ApiError> {
        let list: Contents<TenantOverview> = self
            .get("GET /api/v1/tenants/overview", paths::TENANTS_OVERVIEW)
            .await?;
        Ok(list.into_vec())
    }

    /// `GET /api/v1/tenant/:name`.
    pub async fn tenant(&self, name: &str) -> Result<TenantInfo, ApiError> {
        self.get("GET /api/v1/tenant/:name", &paths::tenant(name))
            .await
    }

    /// `GET /api/v1/tenant/:name/parameter/:parameter`.
    pub async fn tenant_parameter(
        &self,
        name: &str,
        parameter: &str,
    ) -> Result<TenantParameter, ApiError> {
        self.get(
            "GET /api/v1/tenant/:name/parameter/:parameter",
            &paths::tenant_parameter(name, parameter),
        )
        .await
    }

    /// `GET /api/v1/units/config`.
    pub async fn unit_configs(&self) -> Result<Vec<UnitConfig>, ApiError> {
        let list: Contents<UnitConfig> = self
            .get("GET /api/v1/units/config", paths::UNIT_CONFIGS)
            .await?;
        Ok(list.into_vec())
    }

    /// `POST /api/v1/unit/config`.
    pub async fn create_unit_config(&self, spec: &NewUnitConfig) -> Result<(), ApiError> {
        self.call::<serde_json::Value, _>(
            "POST /api/v1/unit/config",
            Method::Post,
            paths::UNIT_CONFIG,
            Some(spec),
        )
        .await
        .map(|_| ())
    }

    /// `DELETE /api/v1/unit/config/:name` (idempotent).
    pub async fn delete_unit_config(&self, name: &str) -> Result<(), ApiError> {
        self.call::<serde_json::Value, ()>(
            "DELETE /api/v1/unit/config/:name",
            Method::Delete,
            &paths::unit_config(name),
            None,
        )
        .await
        .map(|_| ())
    }

    /// `POST /api/v1/tenant/:name/replicas`.
    pub async fn add_replicas(
        &self,
        tenant: &str,
        zones: Vec<AddReplicaZone>,
    ) -> Result<Option<DagDetail>, ApiError> {
        #[derive(Serialize)]
        struct Body {
            zone_list: Vec<AddReplicaZone>,
        }
        let (_, dag) = self
            .call(
                "POST /api/v1/tenant/:name/replicas",
                Method::Post,
                &paths::tenant_replicas(tenant),
                Some(&Body { zone_list: zones }),
            )
            .await?;
        Ok(dag)
    }

    /// `DELETE /api/v1/tenant/:name/replicas`; `None` when nothing was there to delete (204).
    pub async fn delete_replicas(
        &self,
        tenant: &str,
        zones: Vec<String>,
    ) -> Result<Option<DagDetail>, ApiError> {
        #[derive(Serialize)]
        struct Body {
            zones: Vec<String>,
        }
        let (_, dag) = self
            .call(
                "DELETE /api/v1/tenant/:name/replicas",
                Method::Delete,
                &paths::tenant_replicas(tenant),
                Some(&Body { zones }),
            )
            .await?;
        Ok(dag)
    }

    /// `PATCH /api/v1/tenant/:name/replicas`; `None` when nothing changes (204).
    pub async fn modify_replicas(
        &self,
        tenant: &str,
        zones: Vec<ModifyReplicaZone>,
    ) -> Result<Option<DagDetail>, ApiError> {
        #[derive(Serialize)]
        struct Body {
            zone_list: Vec<ModifyReplicaZone>,
        }
        let (_, dag) = self
            .call(
                "PATCH /api/v1/tenant/:name/replicas",
                Method::Patch,
                &paths::tenant_replicas(tenant),
                Some(&Body { zone_list: zones }),
            )
            .await?;
        Ok(dag)
    }

    /// `GET /api/v1/task/dag/:id` with nodes.
    pub async fn dag(&self, id: &str) -> Result<DagDetail, ApiError> {
        self.get("GET /api/v1/task/dag/:id", &paths::dag(id, true))
            .await
    }

    /// `POST /api/v1/task/dag/:id` with an operator.
    pub async fn operate_dag(&self, id: &str, operator: &str) -> Result<(), ApiError> {
        let body = OperatorRequest {
            operator: operator.to_owned(),
        };
        self.call::<serde_json::Value, _>(
            "POST /api/v1/task/dag/:id",
            Method::Post,
            &paths::dag_operation(id),
            Some(&body),
        )
        .await
        .map(|_| ())
    }

    /// `POST /api/v1/ob/scale_out`.
    pub async fn scale_out(
        &self,
        body: &obshell_protocol::model::task::ScaleOutRequest,
    ) -> Result<Option<DagDetail>, ApiError> {
        Ok(self
            .call(
                "POST /api/v1/ob/scale_out",
                Method::Post,
                paths::SCALE_OUT,
                Some(body),
            )
            .await?
            .1)
    }

    /// Every task the agent lists, newest first: unfinished ones of every agent, and all
    /// cluster and local ones (without nodes).
    pub async fn all_dags(&self) -> Result<Vec<DagDetail>, ApiError> {
        let mut all: Vec<DagDetail> = Vec::new();
        for (call, target) in [
            (
                "GET /api/v1/task/dag/unfinish",
                "/api/v1/task/dag/unfinish?show_details=false",
            ),
            (
                "GET /api/v1/task/dags/ob",
                "/api/v1/task/dags/ob?show_details=false",
            ),
            (
                "GET /api/v1/task/dags/agent",
                "/api/v1/task/dags/agent?show_details=false",
            ),
        ] {
            let list: Contents<DagDetail> = self.get(call, target).await?;
            for dag in list.into_vec() {
                if !all.iter().any(|d| d.id == dag.id) {
                    all.push(dag);
                }
            }
        }
        all.sort_by(|a, b| {
            b.start_time
                .cmp(&a.start_time)
                .then(b.dag_id.cmp(&a.dag_id))
        });
        Ok(all)
    }

    /// Unfinished tasks of every agent (for the header badge).
    pub async fn unfinished_dags(&self) -> Result<Vec<DagDetail>, ApiError> {
        let list: Contents<DagDetail> = self
            .get(
                "GET /api/v1/task/dag/unfinish",
                "/api/v1/task/dag/unfinish?show_details=false",
            )
            .await?;
        Ok(list.into_vec())
    }

    /// `POST /api/v1/task/node/:id` with `PASS`.
    pub async fn pass_node(&self, id: &str) -> Result<(), ApiError> {
        let body = OperatorRequest {
            operator: "PASS".to_owned(),
        };
        self.call::<serde_json::Value, _>(
            "POST /api/v1/task/node/:id",
            Method::Post,
            &paths::node(id),
            Some(&body),
        )
        .await
        .map(|_| ())
    }

    /// `GET /api/v1/task/sub_task/:id/logs`.
    pub async fn sub_task_logs(&self, id: &str) -> Result<Vec<SubTaskLog>, ApiError> {
        let list: Contents<SubTaskLog> = self
            .get(
                "GET /api/v1/task/sub_task/:id/logs",
                &paths::sub_task_logs(id),
            )
            .await?;
        Ok(list.into_vec())
    }
}
