//! The DAGs an OBShell agent really runs (spec §5.6, the simulator's templates), as node name
//! lists: the layout is tested and benchmarked on these, beside synthetic chains.

/// One real DAG shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// What the benchmark prints.
    pub label: &'static str,
    /// The DAG's name as the agent gives it.
    pub dag: &'static str,
    pub nodes: Vec<&'static str>,
}

const LOCALITY: &str = "Alter tenant locality";

const SCALE_OUT_HEAD: [&str; 6] = [
    "Integrate server config",
    "Create local scale out dag",
    "Wait scale out ready",
    "Wait remote deploy finish",
    "Wait remote start finish",
    "Prev check for scale_out",
];
const SCALE_OUT_TAIL: [&str; 3] = [
    "Add server for scale_out",
    "Add agent for scale_out",
    "Check cluster scale_out whether finished",
];

/// Every shape, the longest of each kind included.
pub fn real_shapes() -> Vec<Shape> {
    let mut new_zone = SCALE_OUT_HEAD.to_vec();
    new_zone.extend(["Add new zone for scale_out", "Start new zone for scale_out"]);
    new_zone.extend(SCALE_OUT_TAIL);
    let mut existing_zone = SCALE_OUT_HEAD.to_vec();
    existing_zone.extend(SCALE_OUT_TAIL);
    vec![
        Shape {
            label: "add replicas (1 zone)",
            dag: "Scale out tenant replicas",
            nodes: vec!["Create and attach resource pools", LOCALITY],
        },
        Shape {
            label: "add replicas (3 zones)",
            dag: "Scale out tenant replicas",
            nodes: vec![
                "Create and attach resource pools",
                LOCALITY,
                LOCALITY,
                LOCALITY,
            ],
        },
        Shape {
            label: "delete replicas (2 zones, split)",
            dag: "Scale in tenant replicas",
            nodes: vec![
                LOCALITY,
                LOCALITY,
                "Split resource pool",
                "Drop resource pools",
            ],
        },
        Shape {
            label: "modify replicas (all steps)",
            dag: "Modify tenant replicas",
            nodes: vec![
                LOCALITY,
                LOCALITY,
                "Split resource pool",
                "Alter resource pool unit config",
                "Alter resource pool unit num",
            ],
        },
        Shape {
            label: "scale out, existing zone",
            dag: "Cluster scale out",
            nodes: existing_zone,
        },
        Shape {
            label: "scale out, new zone",
            dag: "Cluster scale out",
            nodes: new_zone,
        },
        Shape {
            label: "local scale out (with upgrade)",
            dag: "Local scale out",
            nodes: vec![
                "Be scaling agent",
                "Start preparations",
                "Create observer workdir",
                "Start preparations",
                "Start observer",
                "Watch cluster scale_out dag",
                "Upgrade to cluster agent version",
                "Sync from observer",
            ],
        },
        Shape {
            label: "scale in (force kill)",
            dag: "Cluster scale in",
            nodes: vec![
                "Delete observer",
                "Set agent to 'SCALING IN'",
                "Check multi paxos member alive",
                "Try to inform to kill observer",
                "Wait delete observer success",
                "Delete agent",
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::graph::layout::{layout, wrap, Metrics};
    use crate::ui::graph::model::{chain_dag, graph_of};

    /// The graph frame in a 1400 × 900 window: the page is at most 1100 px wide with 24 px of
    /// padding each side (less a 1 px border), and below the header, the task's summary, refresh
    /// bar, operations and the graph's tool row about 520 px of height are left.
    const FRAME: (f64, f64) = (1050.0, 520.0);

    #[test]
    fn every_real_shape_fits_the_frame_at_full_size() {
        let m = Metrics::default();
        let columns = m.columns_for(FRAME.0);
        for shape in real_shapes() {
            let (boxes, edges) = graph_of(&chain_dag(shape.dag, &shape.nodes, 0));
            let l = layout(boxes.len(), &edges, &m, columns);
            assert!(
                l.width <= FRAME.0 && l.height <= FRAME.1,
                "{}: {} × {} does not fit {FRAME:?}",
                shape.label,
                l.width,
                l.height
            );
            assert!(
                !crate::ui::graph::layout::tests::overlaps(&l, &m),
                "{}",
                shape.label
            );
            assert!(
                crate::ui::graph::layout::tests::edges_connect(&l, &m),
                "{}",
                shape.label
            );
            assert_eq!(l.routes.len(), shape.nodes.len() - 1, "{}", shape.label);
            // Stage order reads along the snake: each step is next to the previous one.
            for w in l.boxes.windows(2) {
                let beside = w[0].row == w[1].row
                    && (w[0].x - w[1].x).abs() == m.width + m.gap_x
                    && w[0].y == w[1].y;
                let below = w[1].row == w[0].row + 1 && w[0].x == w[1].x;
                assert!(beside || below, "{}: {:?} → {:?}", shape.label, w[0], w[1]);
            }
        }
    }

    #[test]
    fn every_real_name_is_shown_whole() {
        let m = Metrics::default();
        for shape in real_shapes() {
            for name in &shape.nodes {
                let lines = wrap(name, m.title_chars, m.title_lines);
                assert_eq!(lines.join(" "), *name, "{} was cut", name);
                assert!(lines.iter().all(|l| l.chars().count() <= m.title_chars));
            }
        }
    }

    #[test]
    fn a_narrow_frame_lays_the_chain_out_downwards() {
        let m = Metrics::default();
        let shape = &real_shapes()[5];
        let (boxes, edges) = graph_of(&chain_dag(shape.dag, &shape.nodes, 0));
        let l = layout(boxes.len(), &edges, &m, m.columns_for(360.0));
        assert_eq!(l.boxes.last().map(|b| b.row), Some(10));
        assert!(l.width <= 360.0);
    }
}
