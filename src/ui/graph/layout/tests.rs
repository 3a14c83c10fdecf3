use super::*;

pub(crate) fn overlaps(l: &Layout, m: &Metrics) -> bool {
    l.boxes.iter().enumerate().any(|(i, a)| {
        l.boxes.iter().skip(i + 1).any(|b| {
            a.x < b.x + m.width
                && b.x < a.x + m.width
                && a.y < b.y + m.height
                && b.y < a.y + m.height
        })
    })
}

/// Both ends of every route lie on a side of its boxes.
pub(crate) fn edges_connect(l: &Layout, m: &Metrics) -> bool {
    let on_side = |p: (f64, f64), b: &Placed| {
        let near = |a: f64, c: f64| (a - c).abs() < 0.06;
        let in_x = p.0 >= b.x - 0.06 && p.0 <= b.x + m.width + 0.06;
        let in_y = p.1 >= b.y - 0.06 && p.1 <= b.y + m.height + 0.06;
        ((near(p.0, b.x) || near(p.0, b.x + m.width)) && in_y)
            || ((near(p.1, b.y) || near(p.1, b.y + m.height)) && in_x)
    };
    l.routes
        .iter()
        .all(|r| on_side(r.start, &l.boxes[r.from]) && on_side(r.end, &l.boxes[r.to]))
}

#[test]
fn a_short_chain_keeps_stage_order_left_to_right() {
    let m = Metrics::default();
    let edges: Vec<(usize, usize)> = (0..3).map(|i| (i, i + 1)).collect();
    let l = layout(4, &edges, &m, 4);
    assert!(l
        .boxes
        .windows(2)
        .all(|w| w[0].x < w[1].x && w[0].y == w[1].y));
    assert_eq!(l.boxes[3].rank, 3);
    assert!(!overlaps(&l, &m));
    assert!(edges_connect(&l, &m));
    assert_eq!(l.width, l.boxes[3].x + m.width + m.margin);
    assert!(l.routes[0].path().starts_with("M 236.0 58.0 C"));
}

#[test]
fn a_long_chain_wraps_into_a_snake() {
    let m = Metrics::default();
    let edges: Vec<(usize, usize)> = (0..10).map(|i| (i, i + 1)).collect();
    let l = layout(11, &edges, &m, 4);
    let rows: Vec<usize> = l.boxes.iter().map(|b| b.row).collect();
    assert_eq!(rows, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
    // Row 1 reads right to left, starting under the end of row 0.
    assert_eq!(l.boxes[4].x, l.boxes[3].x);
    assert!(l.boxes[5].x < l.boxes[4].x && l.boxes[7].x == l.boxes[0].x);
    assert_eq!(l.boxes[8].x, l.boxes[7].x);
    assert!(l.boxes[9].x > l.boxes[8].x);
    // The turn is a short drop from the bottom of one box to the top of the next.
    let turn = &l.routes[3];
    assert_eq!(
        turn.start,
        (l.boxes[3].x + m.width / 2.0, l.boxes[3].y + m.height)
    );
    assert_eq!(turn.end, (l.boxes[4].x + m.width / 2.0, l.boxes[4].y));
    // Leftwards within row 1: from the left side of 4 to the right side of 5.
    assert_eq!(l.routes[4].start.0, l.boxes[4].x);
    assert_eq!(l.routes[4].end.0, l.boxes[5].x + m.width);
    assert!(!overlaps(&l, &m));
    assert!(edges_connect(&l, &m));
    assert_eq!(l.width, 2.0 * m.margin + 4.0 * m.width + 3.0 * m.gap_x);
    assert_eq!(l.height, 2.0 * m.margin + 3.0 * m.height + 2.0 * m.row_gap);
}

#[test]
fn one_column_is_a_vertical_list() {
    let m = Metrics::default();
    let l = layout(3, &[(0, 1), (1, 2)], &m, 1);
    assert!(l
        .boxes
        .windows(2)
        .all(|w| w[0].x == w[1].x && w[0].y < w[1].y));
    assert!(edges_connect(&l, &m));
    assert_eq!(m.columns_for(100.0), 1);
    // Four columns take 2 margins, 4 boxes and 3 gaps.
    assert_eq!(m.columns_for(1044.0), 4);
    assert_eq!(m.columns_for(1043.0), 3);
}

#[test]
fn fan_out_and_join() {
    // 0 → {1, 2, 3} → 4
    let m = Metrics::default();
    let l = layout(5, &[(0, 1), (0, 2), (0, 3), (1, 4), (2, 4), (3, 4)], &m, 8);
    let ranks: Vec<usize> = l.boxes.iter().map(|b| b.rank).collect();
    assert_eq!(ranks, [0, 1, 1, 1, 2]);
    assert_eq!(l.boxes[1].x, l.boxes[3].x);
    assert!(l.boxes[1].y < l.boxes[2].y && l.boxes[2].y < l.boxes[3].y);
    // The single boxes are centred on the fan.
    assert_eq!(l.boxes[0].y, l.boxes[2].y);
    assert_eq!(l.boxes[4].y, l.boxes[2].y);
    assert!(!overlaps(&l, &m));
    assert!(edges_connect(&l, &m));
    assert_eq!(l.routes.len(), 6);
    // Wrapped, the fan makes its row taller and the next row starts below it.
    let w = layout(5, &[(0, 1), (0, 2), (0, 3), (1, 4), (2, 4), (3, 4)], &m, 2);
    assert!(w.boxes[4].y > w.boxes[3].y + m.height);
    assert!(!overlaps(&w, &m));
    assert!(edges_connect(&w, &m));
}

#[test]
fn arbitrary_edges_rank_by_the_longest_path() {
    // 0 → 1 → 2 and a shortcut 0 → 2, plus 3 → 2 from an independent source.
    let m = Metrics::default();
    let l = layout(4, &[(0, 1), (1, 2), (0, 2), (3, 2)], &m, 4);
    assert_eq!(
        l.boxes.iter().map(|b| b.rank).collect::<Vec<_>>(),
        [0, 1, 2, 0]
    );
    assert!(!overlaps(&l, &m));
    assert!(edges_connect(&l, &m));
    // A cycle does not hang or panic, wrapped or not.
    for columns in [1, 2, 4] {
        let c = layout(3, &[(0, 1), (1, 2), (2, 1)], &m, columns);
        assert_eq!(c.boxes.len(), 3);
        assert!(!overlaps(&c, &m));
        assert!(edges_connect(&c, &m));
    }
    assert_eq!(layout(0, &[], &m, 4).boxes.len(), 0);
}

#[test]
fn a_thousand_nodes_do_not_overlap() {
    let m = Metrics::default();
    let edges: Vec<(usize, usize)> = (0..999).map(|i| (i, i + 1)).collect();
    let l = layout(1000, &edges, &m, 4);
    assert_eq!(l.boxes[999].rank, 999);
    assert_eq!(l.boxes[999].row, 249);
    assert!(!overlaps(&l, &m));
    assert!(edges_connect(&l, &m));
}

#[test]
fn names_wrap_at_spaces_and_are_cut_only_when_too_long() {
    assert_eq!(
        wrap("Check cluster scale_out whether finished", 26, 2),
        ["Check cluster scale_out", "whether finished"]
    );
    assert_eq!(wrap("Step 1", 26, 2), ["Step 1"]);
    assert_eq!(wrap("a b c d e f", 3, 2), ["a b", "c …"]);
    assert_eq!(wrap("abcdefgh", 3, 3), ["abc", "def", "gh"]);
    assert!(wrap("", 26, 2).is_empty());
}
