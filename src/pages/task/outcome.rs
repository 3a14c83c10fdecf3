//! After a task started from a form succeeds, the console reads the tenant (or the cluster)
//! again and says whether it now is what was asked, or not yet.

use leptos::prelude::*;
use obshell_protocol::replica::Locality;

use super::summary::DagHead;
use crate::api::ApiError;
use crate::api::Session;
use crate::app::expect_session;
use crate::journal::{expect_journal, Expectation};

/// Whether `now` is the locality asked for, whatever the order of its zones.
pub fn same_locality(now: &str, asked: &str) -> bool {
    let norm = |t: &str| {
        let mut v: Vec<(String, String)> = Locality::parse(t)
            .unwrap_or_default()
            .iter()
            .map(|(z, k)| (z.to_owned(), k.to_owned()))
            .collect();
        v.sort();
        v
    };
    norm(now) == norm(asked)
}

/// What the re-read found.
#[derive(Debug, Clone, PartialEq)]
struct Found {
    matches: bool,
    text: String,
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
            let units = unit_num
                .map(|n| format!(", unit number {} (asked {n})", now_units.unwrap_or(0)))
                .unwrap_or_default();
            Found {
                matches,
                text: if matches {
                    format!(
                        "Tenant {tenant} now has the locality asked for: {}{units}.",
                        info.locality
                    )
                } else {
                    format!(
                        "Not yet: tenant {tenant}'s locality is {} (asked {locality}){units}. OceanBase may still be applying it; check again in a moment.",
                        info.locality
                    )
                },
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
            let text = match (found, present) {
                (Some(z), true) if matches => {
                    format!("Server {ip} is in the cluster, in zone {z}, as asked.")
                }
                (Some(z), true) => format!("Server {ip} is in zone {z}, not {zone} as asked."),
                (None, true) => format!("Not yet: server {ip} is not in the cluster's topology."),
                (None, false) => format!("Server {ip} has left the cluster, as asked."),
                (Some(z), false) => format!("Not yet: server {ip} is still in zone {z}."),
            };
            Found { matches, text }
        }
    })
}

/// Shown once the task succeeded, for tasks this tab started from a form.
#[component]
pub fn AfterSuccess(head: Memo<DagHead>) -> impl IntoView {
    let journal = expect_journal();
    let scope = expect_session();
    let backend = scope.base.name().to_owned();
    let wanted = Memo::new(move |_| {
        head.with(|h| {
            (h.state == obshell_protocol::model::task::TaskState::Succeed)
                .then(|| journal.expectation(&backend, &h.id))
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
                        None => view! { <p class="muted">"Reading the result back from the agent…"</p> }.into_any(),
                        Some(Ok(f)) => view! {
                            <p class=if f.matches { "ok" } else { "warn" } data-testid="after-success-text" data-matches=f.matches.to_string()>{f.text}</p>
                        }.into_any(),
                        Some(Err(e)) => view! { <crate::components::ErrorPanel error=e/> }.into_any(),
                    }}
                    <button type="button" class="secondary small" disabled=move || run.pending().get()
                        on:click=move |_| { run.dispatch(again.clone()); }>"Check again"</button>
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
}
