//! Where `g` then `c`, `t` or `k` goes: the cluster, the tenants or the tasks of the backend the
//! URL names, or what to say when that backend has no such page.

use crate::core::backend::BackendKind;
use crate::core::links::Base;
use crate::obshell::links::ObshellLinks;
use crate::ocp::OcpLinks;
use crate::shell::backends::Backends;

crate::texts! {
    /// What `g` says instead of going.
    mod tx {
        no_tenants: "This backend lists tenants under each cluster" => "此后端的租户列在各集群之下",
    }
}

/// The backend the URL names and how its pages are reached.
fn base_of(backends: &Backends, path: &str) -> Option<(Base, BackendKind)> {
    let named = path
        .strip_prefix("/b/")
        .and_then(|rest| rest.split('/').next())
        .filter(|n| !n.is_empty());
    match named {
        Some(name) => {
            let name = js_sys::decode_uri_component(name)
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_else(|| name.to_owned());
            let slot = backends.find(&name)?;
            Some((Base::named(&name), slot.spec.kind))
        }
        None => {
            let slot = backends.first()?;
            Some((Base::unprefixed(&slot.spec.name), slot.spec.kind))
        }
    }
}

/// Where `g` then `second` goes from `path`, or what to say instead.
pub(super) fn goto(
    backends: &Backends,
    path: &str,
    second: &str,
) -> Option<Result<String, &'static str>> {
    let (base, kind) = base_of(backends, path)?;
    let t = tx::t_untracked();
    let agent = ObshellLinks::new(base.clone());
    let ocp = OcpLinks::new(&base.root());
    Some(match (second, kind) {
        ("c", BackendKind::Obshell) => Ok(agent.cluster()),
        ("c", BackendKind::Ocp) => Ok(ocp.clusters()),
        ("t", BackendKind::Obshell) => Ok(agent.tenants(&[])),
        ("t", BackendKind::Ocp) => Err(t.no_tenants),
        ("k", BackendKind::Obshell) => Ok(agent.tasks(&[])),
        ("k", BackendKind::Ocp) => Ok(ocp.all_tasks()),
        _ => return None,
    })
}
