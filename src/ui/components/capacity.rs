//! Capacity, drawn: CPU, memory and data disk, each a bar of what is assigned against the total,
//! with the figures in words beside it, as its accessible name and on hover. Figures that were
//! not reported are said to be unknown, never drawn as zeros.

use leptos::prelude::*;
use obshell_protocol::obshell::model::cluster_info::Capacity;

use crate::core::i18n::fill;
use crate::core::i18n::format::{capacity as bytes, number};

crate::texts! {
    /// Capacity bars.
    pub mod tx {
        cpu: "CPU" => "CPU",
        memory: "memory" => "内存",
        disk: "disk" => "磁盘",
        figures: "{0} of {1}" => "{0} / {1}",
        cores: "{0} of {1} cores" => "{0} / {1} 核",
        name: "{0}, {1}: {2} assigned ({3} %)" => "{0}，{1}：已分配 {2}（{3}%）",
        unknown: "{0}: resources unknown (not reported, e.g. OceanBase is not answering)" => "{0}：资源未知（未上报，例如 OceanBase 未响应）",
    }
}

/// One bar: what, assigned of total, and the words for both.
fn bar(of: &str, what: &str, assigned: f64, total: f64, figures: String) -> impl IntoView {
    let percent = if total > 0.0 {
        (assigned / total * 100.0).round()
    } else {
        0.0
    };
    let name = fill(tx::t().name, &[&of, &what, &figures, &number(percent)]);
    view! {
        <span class="capacity-what">{what.to_owned()}</span>
        <meter min="0" max=total value=assigned aria-label=name.clone() title=name></meter>
        <span class="capacity-figures">{figures}</span>
    }
}

/// CPU, memory and disk of `of` (a server, a zone), or that they are unknown.
#[component]
pub fn CapacityBars(capacity: Option<Capacity>, #[prop(into)] of: Signal<String>) -> impl IntoView {
    move || {
        let t = tx::t();
        let of = of.get();
        match capacity.filter(Capacity::is_known) {
            None => {
                view! { <p class="muted capacity-unknown">{fill(t.unknown, &[&of])}</p> }.into_any()
            }
            Some(c) => {
                let cpu = fill(t.cores, &[&number(c.cpu.1), &number(c.cpu.0)]);
                let memory = fill(t.figures, &[&bytes(c.memory.1), &bytes(c.memory.0)]);
                let disk = fill(t.figures, &[&bytes(c.disk.1), &bytes(c.disk.0)]);
                view! {
                    <div class="capacity" role="group" aria-label=of.clone()>
                        {bar(&of, t.cpu, c.cpu.1, c.cpu.0, cpu)}
                        {bar(&of, t.memory, c.memory.1 as f64, c.memory.0 as f64, memory)}
                        {bar(&of, t.disk, c.disk.1 as f64, c.disk.0 as f64, disk)}
                    </div>
                }
                .into_any()
            }
        }
    }
}
