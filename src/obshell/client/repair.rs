//! The repair policy, pure: which refusals may be sent once more after mending the key, the
//! clock or the login session, and the password a forgotten session logs in again with.

use obshell_protocol::obshell::catalog::{self, CODE_HEADER_DECRYPT, CODE_UNAUTHORIZED};
use obshell_protocol::obshell::version::{Capabilities, Feature};

use super::secrets::{Cred, Password};
use crate::core::error::ApiError;

/// The password to log in again with, when the agent forgot the session: only a session has
/// one (a locked session has none, so nothing after Lock can log in).
pub(super) fn relogin_password(credential: &Cred) -> Option<Password> {
    match credential {
        Cred::Session { password, .. } => Some(password.clone()),
        Cred::Password(_) | Cred::Locked => None,
    }
}

/// What to mend before a refused call is sent once more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Repair {
    /// The agent's key changed (a restart, an upgrade to 1024-bit keys): fetch it again.
    Key,
    /// The request expired on arrival: read the agent's clock again.
    Clock,
    /// The agent forgot the login session: log in again with the password.
    Session,
}

/// Why a failed call may be sent again: only refusals that happen before the agent looks at
/// the request (so a mutation cannot have been applied). Agents before 4.3.1 report every
/// authentication failure as `code` 10008 with an English text (they do not localise), which
/// tells an expired request and a wrong password apart from an undecryptable header.
pub(super) fn repair_for(err: &ApiError, caps: Capabilities) -> Option<Repair> {
    let ApiError::Agent {
        err_code,
        code,
        message,
        ..
    } = err
    else {
        return None;
    };
    let is = |spec: catalog::ErrorSpec| err_code == spec.code;
    if is(catalog::HEADER_DECRYPT_FAILED)
        || (*code == Some(CODE_HEADER_DECRYPT) && err_code.is_empty())
    {
        return Some(Repair::Key);
    }
    if is(catalog::AUTH_EXPIRED) {
        return Some(Repair::Clock);
    }
    if is(catalog::SESSION_INVALID) || is(catalog::SESSION_EXPIRED) {
        return Some(Repair::Session);
    }
    if !caps.has(Feature::ErrCode) && err_code.is_empty() && *code == Some(CODE_UNAUTHORIZED) {
        let text = message.to_ascii_lowercase();
        return if text.contains("auth expired") {
            Some(Repair::Clock)
        } else if text.contains("access denied") {
            // A wrong password: sending it again changes nothing.
            None
        } else {
            Some(Repair::Key)
        };
    }
    None
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::envelope::decode_envelope;
    use super::super::envelope::tests::raw;
    use super::*;
    use obshell_protocol::obshell::model::ObInfo;

    pub(crate) fn caps(version: &str) -> Capabilities {
        Capabilities::from_info(version).expect("supported")
    }

    fn retry_reason(err: &ApiError) -> Option<Repair> {
        repair_for(err, caps("4.5.0.0"))
    }

    #[test]
    fn agent_errors_keep_code_message_and_trace() {
        let answer = raw(
            401,
            r#"{"successful":false,"timestamp":"t","duration":1,"status":401,"traceId":"a1b2","error":{"code":10008,"errCode":"Security.Authentication.IncorrectOceanbasePassword","message":"Unauthorized: OceanBase password is incorrect"}}"#,
        );
        let err = decode_envelope::<ObInfo>("GET /api/v1/ob/info", &answer).expect_err("refused");
        assert_eq!(
            err,
            ApiError::Agent {
                call: "GET /api/v1/ob/info",
                status: 401,
                code: Some(10008),
                err_code: "Security.Authentication.IncorrectOceanbasePassword".into(),
                message: "Unauthorized: OceanBase password is incorrect".into(),
                trace_id: "a1b2".into(),
            }
        );
        assert_eq!(err.kind(), "agent");
        assert_eq!(
            retry_reason(&err),
            None,
            "a wrong password is never sent again"
        );
    }

    #[test]
    fn only_pre_handler_refusals_are_retried() {
        let agent = |code: &str, num: Option<i64>| ApiError::Agent {
            call: "c",
            status: 401,
            code: num,
            err_code: code.into(),
            message: String::new(),
            trace_id: String::new(),
        };
        assert_eq!(
            retry_reason(&agent(
                "Security.Authentication.Header.DecryptFailed",
                Some(1)
            )),
            Some(Repair::Key)
        );
        assert_eq!(
            retry_reason(&agent("Security.Authentication.Expired", Some(10008))),
            Some(Repair::Clock)
        );
        assert_eq!(
            retry_reason(&agent(
                "Security.Authentication.SessionInvalid",
                Some(10008)
            )),
            Some(Repair::Session)
        );
        // 4.3.1 to 4.4.1: the dotted code without a number; 4.4.2+: `code` 1.
        assert_eq!(
            repair_for(
                &agent("Security.Authentication.Header.DecryptFailed", None),
                caps("4.3.1.0")
            ),
            Some(Repair::Key)
        );
        assert_eq!(retry_reason(&agent("", Some(1))), Some(Repair::Key));
        // A current agent's 10008 is a real refusal (wrong password, URI mismatch).
        assert_eq!(
            retry_reason(&agent(
                "Security.Authentication.IncorrectOceanbasePassword",
                Some(10008)
            )),
            None
        );
        assert_eq!(
            retry_reason(&agent("OB.Tenant.UnderMaintenance", None)),
            None
        );
        assert_eq!(
            retry_reason(&ApiError::Transport {
                call: "c",
                detail: "reset".into()
            }),
            None,
            "a request that may have arrived is not repeated"
        );
    }

    #[test]
    fn old_agents_numeric_codes_are_repaired_by_their_text() {
        let legacy = |message: &str| ApiError::Agent {
            call: "c",
            status: 401,
            code: Some(10008),
            err_code: String::new(),
            message: message.into(),
            trace_id: String::new(),
        };
        for version in ["4.2.4.0", "4.2.5.0", "4.3.0.0"] {
            let caps = caps(version);
            assert_eq!(
                repair_for(&legacy("Verification failed: header decrypt failed"), caps),
                Some(Repair::Key),
                "{version}"
            );
            assert_eq!(
                repair_for(&legacy("Verification failed: auth expired"), caps),
                Some(Repair::Clock)
            );
            assert_eq!(
                repair_for(&legacy("Verification failed: access denied"), caps),
                None
            );
            assert_eq!(
                repair_for(&legacy("Verification failed: uri mismatch"), caps),
                Some(Repair::Key),
                "an unknown 10008 of an old agent is worth one key refresh"
            );
        }
        // From 4.3.1 a bare 10008 is never a stale key.
        assert_eq!(
            repair_for(
                &legacy("Verification failed: header decrypt failed"),
                caps("4.3.1.0")
            ),
            None
        );
    }
}
