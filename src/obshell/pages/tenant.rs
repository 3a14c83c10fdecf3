//! A tenant: replicas per zone (locality joined with pools), and every other zone of the cluster
//! with whether the tenant's unit would fit there; primary zone, raw locality.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use obshell_protocol::obshell::capacity::format_capacity;
use obshell_protocol::obshell::model::cluster_info::ClusterInfo;
use obshell_protocol::obshell::model::tenant::TenantInfo;
use obshell_protocol::obshell::replica::{
    check_zone_room, rooms_from_cluster_info, servers_with_room, Locality, UnitNeed,
};

use obshell_protocol::obshell::version::Feature;

use crate::core::error::ApiError;

use crate::core::i18n::format::number;
use crate::core::i18n::{fill, StateWord};
use crate::obshell::client::Session;
use crate::obshell::context::{expect_obshell, ObshellCtx};
use crate::obshell::links::ReplicaForm;
use crate::ui::components::PageHeader;
use crate::ui::components::{ErrorPanel, Unavailable};

/// One row of the replica table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaRow {
    pub zone: String,
    pub replica_type: String,
    pub unit_config: String,
    pub cpu: f64,
    pub memory: i64,
    pub log_disk: i64,
    pub unit_num: i64,
}

/// Joins the locality with the pool that covers each zone (docs/protocol/obshell.md §4.3).
pub fn replica_rows(info: &TenantInfo) -> Vec<ReplicaRow> {
    let locality = Locality::parse(&info.locality).unwrap_or_default();
    locality
        .iter()
        .map(|(zone, kind)| {
            let pool = info
                .pools
                .iter()
                .find(|p| p.zone_list.split(';').any(|z| z.trim() == zone));
            ReplicaRow {
                zone: zone.to_owned(),
                replica_type: kind.to_owned(),
                unit_config: pool.map(|p| p.unit_config.name.clone()).unwrap_or_default(),
                cpu: pool.map_or(0.0, |p| p.unit_config.max_cpu),
                memory: pool.map_or(0, |p| p.unit_config.memory_size),
                log_disk: pool.map_or(0, |p| p.unit_config.log_disk_size),
                unit_num: pool.map_or(0, |p| p.unit_num),
            }
        })
        .collect()
}

/// The cluster's zones without a replica of the tenant, with whether its unit fits there: from
/// the cluster summary's free room per server (docs/protocol/obshell.md §4.6 step 8), advisory
/// (the summary lags behind units being created).
#[derive(Debug, Clone, PartialEq)]
pub struct FreeZone {
    pub zone: String,
    /// Servers of the zone with room for one more unit, and the unit number the tenant needs.
    pub room: usize,
    pub needed: i64,
    /// The agent's refusal an add would meet, when it would not fit.
    pub refusal: Option<String>,
    /// The zone's servers reported their figures (not when OceanBase does not answer).
    pub known: bool,
}

/// The zones of `cluster` where `info` has no replica, each with whether its unit would fit.
pub fn free_zones(info: &TenantInfo, cluster: &ClusterInfo) -> Vec<FreeZone> {
    let locality = Locality::parse(&info.locality).unwrap_or_default();
    let Some(pool) = info.pools.first() else {
        return Vec::new();
    };
    let need = UnitNeed::of(&pool.unit_config);
    let rooms = rooms_from_cluster_info(cluster);
    cluster
        .zones
        .iter()
        .filter(|z| !locality.contains(&z.name))
        .map(|z| FreeZone {
            known: z.capacity().is_some(),
            zone: z.name.clone(),
            room: servers_with_room(&z.name, &rooms, &need),
            needed: pool.unit_num,
            refusal: check_zone_room(&z.name, &rooms, &need, pool.unit_num)
                .err()
                .map(|v| format!("{} ({})", v.message(), v.code())),
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Loaded {
    info: TenantInfo,
    rebalance: Option<String>,
    free: Vec<FreeZone>,
}

async fn load(s: Session, name: String) -> Result<Loaded, ApiError> {
    let info = s.tenant(&name).await?;
    let rebalance = s
        .tenant_parameter(&name, "enable_rebalance")
        .await
        .ok()
        .map(|p| p.value);
    // The other zones and their room come from the cluster summary, where the agent has it.
    let free = if s.caps().has(Feature::ClusterInfo) {
        match s.cluster_info().await {
            Ok(cluster) => free_zones(&info, &cluster),
            Err(_) => Vec::new(),
        }
    } else {
        Vec::new()
    };
    Ok(Loaded {
        info,
        rebalance,
        free,
    })
}

#[component]
pub fn TenantPage() -> impl IntoView {
    let params = use_params_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let ctx = StoredValue::new(expect_obshell());
    let session = ctx.with_value(|c| c.session.clone());
    let data = LocalResource::new(move || load(session.clone(), name()));
    view! {
        <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
            {move || Suspend::new(async move {
                let ctx = ctx.get_value();
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(loaded) => detail(loaded, &ctx).into_any(),
                }
            })}
        </Transition>
    }
}

fn detail(loaded: Loaded, ctx: &ObshellCtx) -> impl IntoView {
    let Loaded {
        info,
        rebalance,
        free,
    } = loaded;
    let form = |f| ctx.links.replicas(&info.tenant_name, f);
    let reshape = ctx.links.reshape(&info.tenant_name, None);
    let (add, modify, delete) = (
        form(ReplicaForm::Add),
        form(ReplicaForm::Modify),
        form(ReplicaForm::Delete),
    );
    let offered = ctx.profile.offer(Feature::ReplicaForms).is_ok();
    let rows = replica_rows(&info)
        .into_iter()
        .map(|r| {
            let move_href = ctx.links.reshape(&info.tenant_name, Some(&r.zone));
            let move_label = r.zone.clone();
            view! {
                <tr data-testid="replica-row" data-zone=r.zone.clone()>
                    <td>{r.zone.clone()}</td>
                    <td data-testid="replica-type"><StateWord word=r.replica_type.clone()/></td>
                    <td>{r.unit_config.clone()}</td>
                    <td>{let (cpu, memory, log_disk) = (r.cpu, format_capacity(r.memory), format_capacity(r.log_disk)); move || fill(tx::t().unit_size, &[&number(cpu), &memory, &log_disk])}</td>
                    <td>{move || number(r.unit_num as f64)}</td>
                    <td>{offered.then(|| view! { <A href=move_href attr:aria-label=move || fill(tx::t().move_aria, &[&move_label])>{move || tx::t().move_replica}</A> })}</td>
                </tr>
            }
        })
        .collect_view();
    let free_rows = free
        .into_iter()
        .map(|f| {
            let class = match (f.known, &f.refusal) {
                (false, _) => "muted",
                (true, Some(_)) => "warn",
                (true, None) => "ok",
            };
            let words = move || match (f.known, &f.refusal) {
                (false, _) => tx::t().fit_unknown.to_owned(),
                (true, None) => fill(tx::t().fits, &[&f.room, &f.needed]),
                (true, Some(why)) => fill(tx::t().no_fit, &[&f.room, &f.needed, why]),
            };
            view! {
                <tr data-testid="free-zone-row" data-zone=f.zone.clone()>
                    <td>{f.zone.clone()}</td>
                    <td class="muted">{move || tx::t().no_replica}</td>
                    <td colspan="4" class=class data-testid="zone-fit">{words}</td>
                </tr>
            }
        })
        .collect_view();
    let offer = ctx.profile.offer(Feature::ReplicaForms);
    let unavailable = offer.clone().err().map(|reason| {
        move || view! { <Unavailable what=tx::t().changing.to_owned() reason=reason.clone()/> }
    });
    let actions = match offer {
        Ok(()) => view! {
            <A href=add><span class="button" data-testid="go-add">{move || tx::t().add}</span></A>
            <A href=modify><span class="button secondary" data-testid="go-modify">{move || tx::t().modify}</span></A>
            <A href=delete><span class="button secondary" data-testid="go-delete">{move || tx::t().delete}</span></A>
            <A href=reshape><span class="button secondary">{move || tx::t().reshape}</span></A>
        }.into_any(),
        Err(_) => view! {
            <button type="button" disabled data-testid="go-add">{move || tx::t().add}</button>
            <button type="button" class="secondary" disabled data-testid="go-modify">{move || tx::t().modify}</button>
            <button type="button" class="secondary" disabled data-testid="go-delete">{move || tx::t().delete}</button>
        }.into_any(),
    };
    let title = {
        let name = info.tenant_name.clone();
        Signal::derive(move || crate::obshell::sections::tenant_title(&name))
    };
    view! {
        <section class="tenant">
            <PageHeader trail=vec![crate::obshell::sections::tenants(&ctx.links)] title=title testid="tenant-name">{actions}</PageHeader>
            <p class="muted">{format!("{} · ", info.mode)}<StateWord word=info.status.clone()/>{let id = info.tenant_id; move || fill(tx::t().id, &[&id])}</p>
            <dl class="facts">
                <dt>{move || tx::t().primary_zone}</dt><dd class="mono" data-testid="primary-zone">{info.primary_zone.clone()}</dd>
                <dt>{move || tx::t().locality}</dt><dd class="mono" data-testid="locality">{info.locality.clone()}</dd>
                <dt>"enable_rebalance"</dt><dd>{move || rebalance.clone().unwrap_or_else(|| tx::t().unknown.to_owned())}</dd>
            </dl>
            <div class="scroll-x"><table class="replicas">
                <thead><tr><th>{move || tx::t().zone}</th><th>{move || tx::t().kind}</th><th>{move || tx::t().unit_config}</th><th>{move || tx::t().unit_size_th}</th><th>{move || tx::t().units}</th><th></th></tr></thead>
                <tbody>{rows}{free_rows}</tbody>
            </table></div>
            {unavailable}
        </section>
    }
}

crate::texts! {
    /// The tenant page.
    mod tx {
        loading: "Loading the tenant…" => "正在加载租户…",
        id: " · id {0}" => " · ID {0}",
        primary_zone: "primary zone" => "Primary Zone",
        locality: "locality" => "Locality",
        unknown: "unknown" => "未知",
        zone: "zone" => "Zone",
        kind: "type" => "副本类型",
        unit_config: "unit config" => "资源单元规格",
        unit_size_th: "unit size" => "资源单元大小",
        units: "units" => "单元数量",
        unit_size: "{0} CPU · {1} memory · {2} log disk" => "{0} CPU · 内存 {1} · 日志盘 {2}",
        add: "Add replicas" => "添加副本",
        modify: "Modify replicas" => "修改副本",
        delete: "Delete replicas" => "删除副本",
        changing: "Changing replicas" => "变更副本",
        reshape: "Plan a change…" => "规划变更…",
        move_replica: "Move…" => "移动…",
        move_aria: "Move the replica in {0}" => "移动 {0} 中的副本",
        no_replica: "no replica" => "无副本",
        fit_unknown: "Whether its unit fits here is unknown: the zone's servers report no figures." => "无法判断其资源单元能否放在这里：该 Zone 的服务器未上报资源数据。",
        fits: "Its unit fits here: {0} server(s) with room, {1} needed." => "其资源单元可放在这里：{0} 台服务器有余量，需要 {1} 台。",
        no_fit: "Its unit would not fit here: {0} server(s) with room, {1} needed. The agent would refuse: {2}" => "其资源单元放不下：{0} 台服务器有余量，需要 {1} 台。Agent 会拒绝：{2}",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cluster of one zone whose two servers have `free` GiB of memory each, and a tenant
    /// with one 8 GiB unit per zone, placed elsewhere.
    fn case(free: [i64; 2], unit_num: i64) -> (TenantInfo, ClusterInfo) {
        const GIB: i64 = 1 << 30;
        let server = |ip: &str, free: i64| {
            serde_json::json!({"id": 1, "ip": ip, "svr_port": 2882, "sql_port": 2881, "version": "",
                "with_rootserver": false, "status": "RUNNING", "ob_status": 1, "inner_status": "",
                "start_time": "", "stop_time": "", "architecture": "", "data_dir": "", "redo_dir": "",
                "log_dir": "", "obshell_port": 2886,
                "stats": {"ip": ip, "port": 2882, "zone": "z2", "disk_used": "", "disk_free": "",
                    "cpu_core_total": 16.0, "cpu_core_assigned": 2.0, "cpu_core_assigned_percent": 0.0,
                    "memory_total": "", "memory_assigned": "", "memory_in_bytes_total": 64 * GIB,
                    "memory_in_bytes_assigned": 64 * GIB - free * GIB, "memory_assigned_percent": 0.0,
                    "disk_total": "", "disk_assigned": "", "disk_in_bytes_total": 0,
                    "disk_in_bytes_assigned": 0, "disk_assigned_percent": 0.0}})
        };
        let stats = serde_json::json!({"cpu_core_total": 0.0, "cpu_core_assigned": 0.0,
            "cpu_core_assigned_percent": 0.0, "memory_total": "", "memory_assigned": "",
            "memory_in_bytes_total": 0, "memory_in_bytes_assigned": 0, "memory_assigned_percent": 0.0,
            "disk_total": "", "disk_assigned": "", "disk_in_bytes_total": 0,
            "disk_in_bytes_assigned": 0, "disk_assigned_percent": 0.0});
        let cluster = serde_json::json!({"cluster_name": "c", "cluster_id": 1, "status": "RUNNING",
            "is_community_edition": true, "is_standalone": false, "ob_version": "",
            "dead_lock_detection_enabled": false, "startup_mode": "", "is_shared_storage": false,
            "stats": stats, "tenants": [],
            "zones": [{"name": "z2", "idc_name": "", "region_name": "r", "status": "ACTIVE",
                "inner_status": "", "root_server": null,
                "servers": [server("10.0.2.1", free[0]), server("10.0.2.2", free[1])]}]});
        let tenant = serde_json::json!({"tenant_name": "t", "tenant_id": 1002, "created_time": "",
            "mode": "MYSQL", "status": "NORMAL", "locked": "NO", "in_recyclebin": "NO",
            "primary_zone": "z1", "locality": "FULL{1}@z1", "charset": "", "collation": "",
            "whitelist": "", "read_only": false, "time_zone": "", "lower_case_table_names": "",
            "dead_lock_detection_enabled": false,
            "pools": [{"pool_name": "p", "pool_id": 1, "zone_list": "z1", "observer_list": "",
                "unit_num": unit_num, "unit_config": {"unit_config_id": 1, "name": "c8",
                    "max_cpu": 2.0, "min_cpu": 2.0, "memory_size": 8 * GIB, "log_disk_size": 0,
                    "max_iops": 0, "min_iops": 0, "create_time": "", "modify_time": ""}}]});
        (
            serde_json::from_value(tenant).expect("tenant"),
            serde_json::from_value(cluster).expect("cluster"),
        )
    }

    #[test]
    fn a_zone_without_a_replica_says_whether_the_unit_fits_as_the_agent_would() {
        let (t, c) = case([16, 4], 1);
        let free = free_zones(&t, &c);
        assert_eq!(free.len(), 1);
        assert_eq!((free[0].room, free[0].needed, free[0].known), (1, 1, true));
        assert_eq!(free[0].refusal, None);
        // Two units need two servers with room: the agent names the last that has none.
        let (t, c) = case([16, 4], 2);
        let free = free_zones(&t, &c);
        assert_eq!(free[0].room, 1);
        assert!(
            free[0]
                .refusal
                .as_deref()
                .is_some_and(|r| r.contains("10.0.2.2:2882 MEMORY_SIZE")),
            "{:?}",
            free[0].refusal
        );
    }
}
