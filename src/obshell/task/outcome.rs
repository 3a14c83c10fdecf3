//! After a task started from a form succeeds, the console reads the tenant (or the cluster)
//! again and says whether it now is what was asked, or not yet.

use leptos::prelude::*;
use obshell_protocol::obshell::replica::Locality;

use super::summary::DagHead;
use crate::core::error::ApiError;
use crate::obshell::client::Session;
use crate::obshell::context::expect_obshell;
use crate::obshell::expected::{expect_expectations, Expectation};

/// Whether `now` is the locality asked for, whatever the order of its zones.
pub fn same_locality(now: &str, asked: &str) -> bool {
    let norm = |t: &str| {
        let mut v: Vec<(String, String)> = Locality::parse(t)
            .unwrap_or_default()
            .iter()
            .map(|(z, k)| (z.to_owned(), k.to_owned()))
            .collect();
        obshell_protocol::sort::natural(&mut v);
        v
    };
    norm(now) == norm(asked)
}

crate::texts! {
    /// The read-back after a task succeeded.
    mod tx {
        units: ", unit number {0} (asked {1})" => "，单元数量 {0}（要求 {1}）",
        tenant_as_asked: "Tenant {0} now has the locality asked for: {1}{2}." => "租户 {0} 已是所要求的 Locality：{1}{2}。",
        tenant_not_yet: "Not yet: tenant {0}'s locality is {1} (asked {2}){3}. OceanBase may still be applying it; check again in a moment." => "尚未生效：租户 {0} 的 Locality 为 {1}（要求 {2}）{3}。OceanBase 可能仍在应用变更，请稍后再检查。",
        server_as_asked: "Server {0} is in the cluster, in zone {1}, as asked." => "服务器 {0} 已在集群中，位于 Zone {1}，符合要求。",
        server_elsewhere: "Server {0} is in zone {1}, not {2} as asked." => "服务器 {0} 位于 Zone {1}，而不是所要求的 {2}。",
        server_not_yet_in: "Not yet: server {0} is not in the cluster's topology." => "尚未生效：服务器 {0} 不在集群拓扑中。",
        server_left: "Server {0} has left the cluster, as asked." => "服务器 {0} 已离开集群，符合要求。",
        server_not_yet_out: "Not yet: server {0} is still in zone {1}." => "尚未生效：服务器 {0} 仍在 Zone {1} 中。",
        reading: "Reading the result back from the agent…" => "正在从 Agent 读回结果…",
        check_again: "Check again" => "再次检查",
    }
}

/// What the re-read found (said in the current language when shown).
#[derive(Debug, Clone, PartialEq)]
enum Found {
    Tenant {
        tenant: String,
        now: String,
        asked: String,
        /// The unit number now and asked, when the change asked for one.
        units: Option<(i64, i64)>,
        matches: bool,
    },
    Server {
        ip: String,
        /// Its zone now, if it is in the cluster.
        now: Option<String>,
        zone: String,
        present: bool,
        matches: bool,
    },
}

impl Found {
    fn matches(&self) -> bool {
        match self {
            Self::Tenant { matches, .. } | Self::Server { matches, .. } => *matches,
        }
    }

    fn text(&self) -> String {
        use crate::core::i18n::fill;
        let t = tx::t();
        match self {
            Self::Tenant {
                tenant,
                now,
                asked,
                units,
                matches,
            } => {
                let units = units
                    .map(|(now, asked)| fill(t.units, &[&now, &asked]))
                    .unwrap_or_default();
                if *matches {
                    fill(t.tenant_as_asked, &[tenant, now, &units])
                } else {
                    fill(t.tenant_not_yet, &[tenant, now, asked, &units])
                }
            }
            Self::Server {
                ip,
                now,
                zone,
                present,
                matches,
            } => match (now, present) {
                (Some(z), true) if *matches => fill(t.server_as_asked, &[ip, z]),
                (Some(z), true) => fill(t.server_elsewhere, &[ip, z, zone]),
                (None, true) => fill(t.server_not_yet_in, &[ip]),
                (None, false) => fill(t.server_left, &[ip]),
                (Some(z), false) => fill(t.server_not_yet_out, &[ip, z]),
            },
        }
    }
}

async fn check(s: Session, e: Expectation) -> Result<Found, ApiError> {
    Ok(match e {
        Expectation::Tenant {
            tenant,
            locality,
            unit_num,
        } => {
            let info = s.tenant(&tenant).await?;
            let now_units = info.pools.first().map(|p| p.unit_num);
            let matches = same_locality(&info.locality, &locality)
                && unit_num.is_none_or(|n| now_units == Some(n));
            Found::Tenant {
                tenant,
                now: info.locality,
                asked: locality,
                units: unit_num.map(|n| (now_units.unwrap_or(0), n)),
                matches,
            }
        }
        Expectation::Server { ip, zone, present } => {
            let ob = s.ob_info().await?;
            let found = ob
                .obcluster_info
                .iter()
                .flat_map(|c| c.topology.iter())
                .find(|(_, servers)| servers.iter().any(|x| x.svr_ip == ip))
                .map(|(z, _)| z.clone());
            let matches = match (&found, present) {
                (Some(z), true) => zone.is_empty() || *z == zone,
                (None, false) => true,
                _ => false,
            };
            Found::Server {
                ip,
                now: found,
                zone,
                present,
                matches,
            }
        }
    })
}

/// Shown once the task succeeded, for tasks this tab started from a form.
#[component]
pub fn AfterSuccess(head: Memo<DagHead>) -> impl IntoView {
    let expected = expect_expectations();
    let scope = expect_obshell();
    let backend = scope.links.name().to_owned();
    let wanted = Memo::new(move |_| {
        head.with(|h| {
            (h.state == obshell_protocol::obshell::model::task::TaskState::Succeed)
                .then(|| expected.expectation(&backend, &h.id))
                .flatten()
        })
    });
    let result = RwSignal::new(None::<Result<Found, ApiError>>);
    let session = scope.session;
    let run = Action::new_local(move |e: &Expectation| {
        let e = e.clone();
        let s = session.clone();
        async move {
            let found = check(s, e).await;
            result.set(Some(found));
        }
    });
    Effect::new(move |_| {
        if let Some(e) = wanted.get() {
            run.dispatch(e);
        }
    });
    move || {
        wanted.get().map(|e| {
            let again = e.clone();
            view! {
                <section class="after-success" role="status" data-testid="after-success">
                    {move || match result.get() {
                        None => view! { <p class="muted">{move || tx::t().reading}</p> }.into_any(),
                        Some(Ok(f)) => {
                            let matches = f.matches();
                            view! {
                                <p class=if matches { "ok" } else { "warn" } data-testid="after-success-text" data-matches=matches.to_string()>{move || f.text()}</p>
                            }.into_any()
                        }
                        Some(Err(e)) => view! { <crate::ui::components::ErrorPanel error=e/> }.into_any(),
                    }}
                    <button type="button" class="secondary small" disabled=move || run.pending().get()
                        on:click=move |_| { run.dispatch(again.clone()); }>{move || tx::t().check_again}</button>
                </section>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn localities_compare_whatever_the_zone_order() {
        assert!(super::same_locality(
            "FULL{1}@zone1, READONLY{1}@zone2",
            "READONLY{1}@zone2, FULL{1}@zone1"
        ));
        assert!(!super::same_locality(
            "FULL{1}@zone1",
            "FULL{1}@zone1, FULL{1}@zone2"
        ));
    }

    #[test]
    fn the_read_back_is_said_in_the_current_language() {
        use crate::core::i18n::{set_lang, Lang};
        let found = super::Found::Tenant {
            tenant: "t1".into(),
            now: "FULL{1}@zone1".into(),
            asked: "FULL{1}@zone1,FULL{1}@zone2".into(),
            units: Some((1, 2)),
            matches: false,
        };
        set_lang(Lang::En);
        assert_eq!(
            found.text(),
            "Not yet: tenant t1's locality is FULL{1}@zone1 (asked FULL{1}@zone1,FULL{1}@zone2), unit number 1 (asked 2). OceanBase may still be applying it; check again in a moment."
        );
        set_lang(Lang::Zh);
        assert!(found
            .text()
            .starts_with("尚未生效：租户 t1 的 Locality 为 FULL{1}@zone1"));
        set_lang(Lang::En);
    }
}
