//! Graph layout as a pure function: boxes and edges in, coordinates out. Ranks follow the
//! longest path from the sources (so stage order holds for any edges), lanes keep input order
//! within a rank; a fan-out and its join come out as one column of parallel boxes.

use std::collections::HashMap;

/// Size and spacing of the boxes, in SVG units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub width: f64,
    pub height: f64,
    pub gap_x: f64,
    pub gap_y: f64,
    pub margin: f64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            width: 190.0,
            height: 62.0,
            gap_x: 48.0,
            gap_y: 18.0,
            margin: 16.0,
        }
    }
}

/// Where one box goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub index: usize,
    pub rank: usize,
    pub lane: usize,
    pub x: f64,
    pub y: f64,
}

/// An edge as a cubic Bézier from the right side of one box to the left side of another.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub from: usize,
    pub to: usize,
    /// `M x1 y1 C c1x c1y, c2x c2y, x2 y2`.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub boxes: Vec<Placed>,
    pub routes: Vec<Route>,
    pub width: f64,
    pub height: f64,
}

/// Lays out `count` boxes (addressed by index) joined by `edges` (`from` → `to`). Edges that
/// would close a cycle are drawn but do not rank.
pub fn layout(count: usize, edges: &[(usize, usize)], m: &Metrics) -> Layout {
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0usize; count];
    for &(from, to) in edges {
        if from < count && to < count && from != to {
            outgoing[from].push(to);
            indegree[to] += 1;
        }
    }
    // Kahn's order; ranks by the longest path from a source.
    let mut rank = vec![0usize; count];
    let mut ready: std::collections::VecDeque<usize> =
        (0..count).filter(|&i| indegree[i] == 0).collect();
    let mut seen = vec![false; count];
    let mut remaining = indegree.clone();
    while let Some(i) = ready.pop_front() {
        seen[i] = true;
        for &next in &outgoing[i] {
            rank[next] = rank[next].max(rank[i] + 1);
            remaining[next] -= 1;
            if remaining[next] == 0 {
                ready.push_back(next);
            }
        }
    }
    // Boxes on a cycle keep the rank of their predecessors so far, one further right.
    for i in 0..count {
        if !seen[i] {
            rank[i] += 1;
        }
    }
    let ranks = rank.iter().copied().max().map_or(0, |r| r + 1);
    let mut lanes_used = vec![0usize; ranks];
    let mut lane = vec![0usize; count];
    for i in 0..count {
        lane[i] = lanes_used[rank[i]];
        lanes_used[rank[i]] += 1;
    }
    let max_lanes = lanes_used.iter().copied().max().unwrap_or(0);
    let column_height =
        |lanes: usize| lanes as f64 * m.height + lanes.saturating_sub(1) as f64 * m.gap_y;
    let total_height = column_height(max_lanes);
    let boxes: Vec<Placed> = (0..count)
        .map(|i| {
            // Columns with fewer boxes are centred against the tallest.
            let offset = (total_height - column_height(lanes_used[rank[i]])) / 2.0;
            Placed {
                index: i,
                rank: rank[i],
                lane: lane[i],
                x: m.margin + rank[i] as f64 * (m.width + m.gap_x),
                y: m.margin + offset + lane[i] as f64 * (m.height + m.gap_y),
            }
        })
        .collect();
    let routes = edges
        .iter()
        .filter(|(f, t)| *f < count && *t < count && f != t)
        .map(|&(from, to)| {
            let (a, b) = (&boxes[from], &boxes[to]);
            let (x1, y1) = (a.x + m.width, a.y + m.height / 2.0);
            let (x2, y2) = (b.x, b.y + m.height / 2.0);
            let bend = ((x2 - x1).abs() / 2.0).max(m.gap_x / 2.0);
            Route {
                from,
                to,
                path: format!(
                    "M {x1:.1} {y1:.1} C {:.1} {y1:.1}, {:.1} {y2:.1}, {x2:.1} {y2:.1}",
                    x1 + bend,
                    x2 - bend
                ),
            }
        })
        .collect();
    Layout {
        boxes,
        routes,
        width: 2.0 * m.margin + ranks as f64 * m.width + ranks.saturating_sub(1) as f64 * m.gap_x,
        height: 2.0 * m.margin + total_height,
    }
}

/// Index of each id, for building edges from ids.
pub fn index_of(ids: &[String]) -> HashMap<&str, usize> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(l: &Layout, m: &Metrics) -> bool {
        l.boxes.iter().enumerate().any(|(i, a)| {
            l.boxes.iter().skip(i + 1).any(|b| {
                a.x < b.x + m.width
                    && b.x < a.x + m.width
                    && a.y < b.y + m.height
                    && b.y < a.y + m.height
            })
        })
    }

    #[test]
    fn a_chain_keeps_stage_order_left_to_right() {
        let m = Metrics::default();
        let edges: Vec<(usize, usize)> = (0..10).map(|i| (i, i + 1)).collect();
        let l = layout(11, &edges, &m);
        assert!(l
            .boxes
            .windows(2)
            .all(|w| w[0].x < w[1].x && w[0].y == w[1].y));
        assert_eq!(l.boxes[10].rank, 10);
        assert!(!overlaps(&l, &m));
        assert!(l.width >= l.boxes[10].x + m.width);
        assert!(l.routes[0].path.starts_with("M 206.0 47.0 C"));
    }

    #[test]
    fn fan_out_and_join() {
        // 0 → {1, 2, 3} → 4
        let m = Metrics::default();
        let l = layout(5, &[(0, 1), (0, 2), (0, 3), (1, 4), (2, 4), (3, 4)], &m);
        let ranks: Vec<usize> = l.boxes.iter().map(|b| b.rank).collect();
        assert_eq!(ranks, [0, 1, 1, 1, 2]);
        assert_eq!(l.boxes[1].x, l.boxes[3].x);
        assert!(l.boxes[1].y < l.boxes[2].y && l.boxes[2].y < l.boxes[3].y);
        // The single boxes are centred on the fan.
        assert_eq!(l.boxes[0].y, l.boxes[2].y);
        assert_eq!(l.boxes[4].y, l.boxes[2].y);
        assert!(!overlaps(&l, &m));
        assert_eq!(l.routes.len(), 6);
    }

    #[test]
    fn arbitrary_edges_rank_by_the_longest_path() {
        // 0 → 1 → 2 and a shortcut 0 → 2, plus 3 → 2 from an independent source.
        let m = Metrics::default();
        let l = layout(4, &[(0, 1), (1, 2), (0, 2), (3, 2)], &m);
        assert_eq!(
            l.boxes.iter().map(|b| b.rank).collect::<Vec<_>>(),
            [0, 1, 2, 0]
        );
        assert!(!overlaps(&l, &m));
        // A cycle does not hang or panic.
        let c = layout(3, &[(0, 1), (1, 2), (2, 1)], &m);
        assert_eq!(c.boxes.len(), 3);
        assert!(!overlaps(&c, &m));
    }

    #[test]
    fn a_thousand_nodes_do_not_overlap() {
        let m = Metrics::default();
        let edges: Vec<(usize, usize)> = (0..999).map(|i| (i, i + 1)).collect();
        let l = layout(1000, &edges, &m);
        assert_eq!(l.boxes[999].rank, 999);
        assert!(l.boxes.windows(2).all(|w| w[1].x - w[0].x >= m.width));
    }
}
