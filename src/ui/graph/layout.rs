//! Graph layout as a pure function: boxes and edges in, coordinates out. Ranks follow the
//! longest path from the sources (so stage order holds for any edges), lanes keep input order
//! within a rank; a fan-out and its join come out as one column of parallel boxes. A chain
//! longer than the frame is wide is wrapped into rows that read as a snake (left to right,
//! then right to left under it), so a nine- or eleven-step scale-out fits a window whole.

use std::collections::HashMap;

/// Size and spacing of the boxes, in SVG units (one unit is one CSS pixel at 100 %).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub width: f64,
    pub height: f64,
    /// Between the columns of one row.
    pub gap_x: f64,
    /// Between the parallel boxes of one column.
    pub gap_y: f64,
    /// Between two rows of the snake (room for the connector).
    pub row_gap: f64,
    pub margin: f64,
    /// Characters of a title line that fit the box at the title's font size.
    pub title_chars: usize,
    /// Title lines a box has room for.
    pub title_lines: usize,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            width: 220.0,
            height: 84.0,
            gap_x: 44.0,
            gap_y: 16.0,
            row_gap: 44.0,
            margin: 16.0,
            title_chars: 26,
            title_lines: 2,
        }
    }
}

impl Metrics {
    /// How many columns a frame `width` units wide holds (at least one).
    pub fn columns_for(&self, width: f64) -> usize {
        let n = ((width - 2.0 * self.margin + self.gap_x) / (self.width + self.gap_x)).floor();
        if n.is_finite() && n >= 1.0 {
            n as usize
        } else {
            1
        }
    }
}

/// Where one box goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub index: usize,
    pub rank: usize,
    pub lane: usize,
    /// Row of the snake; odd rows read right to left.
    pub row: usize,
    pub x: f64,
    pub y: f64,
}

/// An edge as a cubic Bézier between two box sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub from: usize,
    pub to: usize,
    pub start: (f64, f64),
    pub end: (f64, f64),
    /// The Bézier's control points.
    pub c1: (f64, f64),
    pub c2: (f64, f64),
}

impl Route {
    /// `M x1 y1 C c1x c1y, c2x c2y, x2 y2`: written only for the edges drawn (a thousand-step
    /// chain draws about sixty of its thousand edges; docs/benchmarks.md, issue 25).
    pub fn path(&self) -> String {
        let (s, c1, c2, e) = (self.start, self.c1, self.c2, self.end);
        format!(
            "M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}",
            s.0, s.1, c1.0, c1.1, c2.0, c2.1, e.0, e.1
        )
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub boxes: Vec<Placed>,
    pub routes: Vec<Route>,
    pub width: f64,
    pub height: f64,
}

/// Lays out `count` boxes (addressed by index) joined by `edges` (`from` → `to`), with at most
/// `columns` ranks per row. Edges that would close a cycle are drawn but do not rank.
pub fn layout(count: usize, edges: &[(usize, usize)], m: &Metrics, columns: usize) -> Layout {
    let columns = columns.max(1);
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
    // Boxes on a cycle keep the rank of their predecessors so far, one further on.
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
    let rows = ranks.div_ceil(columns);
    let column_height =
        |lanes: usize| lanes as f64 * m.height + lanes.saturating_sub(1) as f64 * m.gap_y;
    // Each row is as tall as its tallest column.
    let row_height: Vec<f64> = (0..rows)
        .map(|r| {
            let end = ((r + 1) * columns).min(ranks);
            column_height(
                lanes_used[r * columns..end]
                    .iter()
                    .copied()
                    .max()
                    .unwrap_or(1),
            )
        })
        .collect();
    let mut row_top = Vec::with_capacity(rows);
    let mut top = m.margin;
    for h in &row_height {
        row_top.push(top);
        top += h + m.row_gap;
    }
    let used_columns = ranks.min(columns);
    let boxes: Vec<Placed> = (0..count)
        .map(|i| {
            let r = rank[i];
            let row = r / columns;
            let along = r % columns;
            let column = if row % 2 == 1 {
                columns - 1 - along
            } else {
                along
            };
            // Columns with fewer boxes are centred against the tallest of their row.
            let offset = (row_height[row] - column_height(lanes_used[r])) / 2.0;
            Placed {
                index: i,
                rank: r,
                lane: lane[i],
                row,
                x: m.margin + column as f64 * (m.width + m.gap_x),
                y: row_top[row] + offset + lane[i] as f64 * (m.height + m.gap_y),
            }
        })
        .collect();
    let routes = edges
        .iter()
        .filter(|(f, t)| *f < count && *t < count && f != t)
        .map(|&(from, to)| route(&boxes[from], &boxes[to], m))
        .collect();
    Layout {
        boxes,
        routes,
        width: 2.0 * m.margin
            + used_columns as f64 * m.width
            + used_columns.saturating_sub(1) as f64 * m.gap_x,
        height: if rows == 0 {
            2.0 * m.margin
        } else {
            top - m.row_gap + m.margin
        },
    }
}

/// Side to side within a row (either direction), bottom to top between rows.
fn route(a: &Placed, b: &Placed, m: &Metrics) -> Route {
    let (start, end, c1, c2) = if a.row == b.row {
        let y1 = a.y + m.height / 2.0;
        let y2 = b.y + m.height / 2.0;
        let (x1, x2) = if a.x <= b.x {
            (a.x + m.width, b.x)
        } else {
            (a.x, b.x + m.width)
        };
        let bend = ((x2 - x1).abs() / 2.0).max(m.gap_x / 2.0) * (x2 - x1).signum();
        ((x1, y1), (x2, y2), (x1 + bend, y1), (x2 - bend, y2))
    } else {
        let x1 = a.x + m.width / 2.0;
        let x2 = b.x + m.width / 2.0;
        let (y1, y2) = if a.y < b.y {
            (a.y + m.height, b.y)
        } else {
            (a.y, b.y + m.height)
        };
        let bend = ((y2 - y1).abs() / 2.0).max(m.row_gap / 2.0) * (y2 - y1).signum();
        ((x1, y1), (x2, y2), (x1, y1 + bend), (x2, y2 - bend))
    };
    Route {
        from: a.index,
        to: b.index,
        start,
        end,
        c1,
        c2,
    }
}

/// Breaks `text` at spaces into at most `lines` lines of at most `chars` characters; a word
/// longer than a line is cut. The last line ends with `…` only when text had to be left out.
pub fn wrap(text: &str, chars: usize, lines: usize) -> Vec<String> {
    let chars = chars.max(2);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        loop {
            let needed = if line.is_empty() {
                word.chars().count()
            } else {
                line.chars().count() + 1 + word.chars().count()
            };
            if needed <= chars {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if line.is_empty() {
                // A word longer than a line: cut it.
                let head: String = word.chars().take(chars).collect();
                word = word.chars().skip(chars).collect();
                out.push(head);
            } else {
                out.push(std::mem::take(&mut line));
            }
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            let kept: String = last.chars().take(chars - 1).collect();
            *last = format!("{kept}…");
        }
    }
    out
}

/// Index of each id, for building edges from ids.
pub fn index_of(ids: &[String]) -> HashMap<&str, usize> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
