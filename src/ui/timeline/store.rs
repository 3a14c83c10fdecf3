//! The timeline's signals, patched in place from each poll: one signal per bar, a list per lane,
//! the axis and "now", so that bars (and the focus on one) survive a poll. The zoom lives beside
//! them, so a poll never resets it.

use leptos::prelude::*;

use super::model::{axis_holds, axis_of, lanes_of, Axis, Bar};

/// One bar's live state.
#[derive(Debug, Clone, Copy)]
pub(super) struct BarCell {
    pub key: StoredValue<String>,
    pub data: RwSignal<Bar>,
}

/// One lane's live state.
#[derive(Debug, Clone, Copy)]
pub(super) struct LaneCell {
    pub name: StoredValue<String>,
    pub bars: RwSignal<Vec<BarCell>>,
    pub rows: RwSignal<usize>,
    /// A bar of the lane has a failure line under it: its rows are taller.
    pub tall: RwSignal<bool>,
}

/// The timeline's signals, patched in place from each poll.
#[derive(Debug, Clone, Copy)]
pub struct TimelineStore {
    pub(super) lanes: RwSignal<Vec<LaneCell>>,
    pub(super) axis: RwSignal<Option<Axis>>,
    /// Agent time, Unix milliseconds, ticking while something runs.
    pub(super) now: RwSignal<i64>,
    /// The lanes' width as a multiple of the visible width (`zoom.rs`); 1 fits the task.
    pub(super) zoom: RwSignal<f64>,
    bars: StoredValue<Vec<Bar>>,
    /// Cells are created here, not in whichever effect patches them in.
    owner: StoredValue<Owner, LocalStorage>,
    /// Cells of bars and lanes that went at the last patch: disposed at the next one, once
    /// their views are gone (the owner above lives as long as the timeline).
    gone: StoredValue<(Vec<BarCell>, Vec<LaneCell>)>,
}

impl TimelineStore {
    pub fn new(now: i64) -> Self {
        Self {
            lanes: RwSignal::new(Vec::new()),
            axis: RwSignal::new(None),
            now: RwSignal::new(now),
            zoom: RwSignal::new(1.0),
            bars: StoredValue::new(Vec::new()),
            owner: StoredValue::new_local(Owner::new()),
            gone: StoredValue::new((Vec::new(), Vec::new())),
        }
    }

    fn live(&self) -> bool {
        self.bars
            .with_value(|a| a.iter().any(|a| a.end_ms.is_none()))
    }

    /// Patches the bars in: a bar's signal is set only when its data changed; lists are
    /// replaced only when a bar or lane appeared or went, keeping the cells that stay.
    pub fn apply(&self, mut given: Vec<Bar>) {
        let (bars_gone, lanes_gone) = self.gone.with_value(|g| (g.0.clone(), g.1.clone()));
        for b in bars_gone {
            b.key.dispose();
            b.data.dispose();
        }
        for l in lanes_gone {
            l.name.dispose();
            l.bars.dispose();
            l.rows.dispose();
            l.tall.dispose();
        }
        let mut gone = (Vec::new(), Vec::new());
        let lanes = lanes_of(&mut given);
        let owner = self.owner.get_value();
        let old_lanes = self.lanes.get_untracked();
        let mut new_lanes = Vec::with_capacity(lanes.len());
        for (lane_name, members) in &lanes {
            let lane = old_lanes
                .iter()
                .copied()
                .find(|l| l.name.with_value(|a| a == lane_name))
                .unwrap_or_else(|| {
                    owner.with(|| LaneCell {
                        name: StoredValue::new(lane_name.clone()),
                        bars: RwSignal::new(Vec::new()),
                        rows: RwSignal::new(1),
                        tall: RwSignal::new(false),
                    })
                });
            let old_bars = lane.bars.get_untracked();
            let bars: Vec<BarCell> = members
                .iter()
                .map(|&i| {
                    let a = &given[i];
                    match old_bars.iter().find(|b| b.key.with_value(|k| *k == a.key)) {
                        Some(cell) => {
                            if cell.data.with_untracked(|d| d != a) {
                                cell.data.set(a.clone());
                            }
                            *cell
                        }
                        None => owner.with(|| BarCell {
                            key: StoredValue::new(a.key.clone()),
                            data: RwSignal::new(a.clone()),
                        }),
                    }
                })
                .collect();
            let same = bars.len() == old_bars.len()
                && bars
                    .iter()
                    .zip(&old_bars)
                    .all(|(a, b)| a.data == b.data && a.key == b.key);
            if !same {
                gone.0.extend(
                    old_bars
                        .iter()
                        .filter(|b| !bars.iter().any(|n| n.key == b.key))
                        .copied(),
                );
                lane.bars.set(bars);
            }
            let rows = members.iter().map(|&i| given[i].row + 1).max().unwrap_or(1);
            if lane.rows.get_untracked() != rows {
                lane.rows.set(rows);
            }
            let tall = members.iter().any(|&i| given[i].failure.is_some());
            if lane.tall.get_untracked() != tall {
                lane.tall.set(tall);
            }
            new_lanes.push(lane);
        }
        let same_lanes = new_lanes.len() == old_lanes.len()
            && new_lanes
                .iter()
                .zip(&old_lanes)
                .all(|(a, b)| a.bars == b.bars);
        if !same_lanes {
            for lane in &old_lanes {
                if !new_lanes.iter().any(|n| n.name == lane.name) {
                    gone.0.extend(lane.bars.get_untracked());
                    gone.1.push(*lane);
                }
            }
            self.lanes.set(new_lanes);
        }
        self.gone.set_value(gone);
        self.bars.set_value(given);
        self.rescale();
    }

    /// Moves "now" on; the axis changes only when a bar outgrew it.
    pub fn tick(&self, now: i64) {
        if self.live() {
            self.now.set(now);
        }
        self.rescale();
    }

    fn rescale(&self) {
        let now = self.now.get_untracked();
        let next = self.bars.with_value(|a| {
            let holds = self
                .axis
                .with_untracked(|axis| axis.as_ref().is_some_and(|x| axis_holds(x, a, now)));
            (!holds).then(|| axis_of(a, now))
        });
        if let Some(next) = next {
            if self.axis.get_untracked() != next {
                self.axis.set(next);
            }
        }
    }
}
