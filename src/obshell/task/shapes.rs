//! The DAGs an OBShell agent really runs (docs/protocol/obshell-tasks.md §5.6, the simulator's
//! templates), as node name lists: the layout is tested and benchmarked on these, beside synthetic
//! chains.

use obshell_protocol::obshell::dag_names as n;

/// One real DAG shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// What the benchmark prints.
    pub label: &'static str,
    /// The DAG's name as the agent gives it.
    pub dag: &'static str,
    pub nodes: Vec<&'static str>,
}

const SCALE_OUT_HEAD: [&str; 6] = [
    n::INTEGRATE_SERVER_CONFIG,
    n::CREATE_LOCAL_SCALE_OUT_DAG,
    n::WAIT_SCALE_OUT_READY,
    n::WAIT_REMOTE_DEPLOY_FINISH,
    n::WAIT_REMOTE_START_FINISH,
    n::PREV_CHECK_FOR_SCALE_OUT,
];
const SCALE_OUT_TAIL: [&str; 3] = [
    n::ADD_SERVER_FOR_SCALE_OUT,
    n::ADD_AGENT_FOR_SCALE_OUT,
    n::CHECK_CLUSTER_SCALE_OUT_WHETHER_FINISHED,
];

/// Every shape, the longest of each kind included.
pub fn real_shapes() -> Vec<Shape> {
    let mut new_zone = SCALE_OUT_HEAD.to_vec();
    new_zone.extend([
        n::ADD_NEW_ZONE_FOR_SCALE_OUT,
        n::START_NEW_ZONE_FOR_SCALE_OUT,
    ]);
    new_zone.extend(SCALE_OUT_TAIL);
    let mut existing_zone = SCALE_OUT_HEAD.to_vec();
    existing_zone.extend(SCALE_OUT_TAIL);
    vec![
        Shape {
            label: "add replicas (1 zone)",
            dag: n::SCALE_OUT_TENANT_REPLICAS,
            nodes: vec![
                n::CREATE_AND_ATTACH_RESOURCE_POOLS,
                n::ALTER_TENANT_LOCALITY,
            ],
        },
        Shape {
            label: "add replicas (3 zones)",
            dag: n::SCALE_OUT_TENANT_REPLICAS,
            nodes: vec![
                n::CREATE_AND_ATTACH_RESOURCE_POOLS,
                n::ALTER_TENANT_LOCALITY,
                n::ALTER_TENANT_LOCALITY,
                n::ALTER_TENANT_LOCALITY,
            ],
        },
        Shape {
            label: "delete replicas (2 zones, split)",
            dag: n::SCALE_IN_TENANT_REPLICAS,
            nodes: vec![
                n::ALTER_TENANT_LOCALITY,
                n::ALTER_TENANT_LOCALITY,
                n::SPLIT_RESOURCE_POOL,
                n::DROP_RESOURCE_POOLS,
            ],
        },
        Shape {
            label: "modify replicas (all steps)",
            dag: n::MODIFY_TENANT_REPLICAS,
            nodes: vec![
                n::ALTER_TENANT_LOCALITY,
                n::ALTER_TENANT_LOCALITY,
                n::SPLIT_RESOURCE_POOL,
                n::ALTER_RESOURCE_POOL_UNIT_CONFIG,
                n::ALTER_RESOURCE_POOL_UNIT_NUM,
            ],
        },
        Shape {
            label: "scale out, existing zone",
            dag: n::CLUSTER_SCALE_OUT,
            nodes: existing_zone,
        },
        Shape {
            label: "scale out, new zone",
            dag: n::CLUSTER_SCALE_OUT,
            nodes: new_zone,
        },
        Shape {
            label: "local scale out (with upgrade)",
            dag: n::LOCAL_SCALE_OUT,
            nodes: n::local_scale_out_nodes(true),
        },
        Shape {
            label: "scale in (force kill)",
            dag: n::CLUSTER_SCALE_IN,
            nodes: vec![
                n::DELETE_OBSERVER,
                n::SET_AGENT_TO_SCALING_IN,
                n::CHECK_MULTI_PAXOS_MEMBER_ALIVE,
                n::TRY_TO_INFORM_TO_KILL_OBSERVER,
                n::WAIT_DELETE_OBSERVER_SUCCESS,
                n::DELETE_AGENT,
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
