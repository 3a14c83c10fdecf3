//! The Go binder cannot be made to panic: random bodies, random JSON and each schema's own
//! shape with one value replaced go through `bind` for every request schema the simulator has.
//! `PROPERTY_CASES` cases each (100,000 by default; `make fuzz` runs more).

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::Value;

use crate::obshell::routes::bind::{bind, StructSchema};

fn schemas() -> [&'static StructSchema; 13] {
    [
        &super::precheck::PASSWORD,
        &super::scale::AGENT_INFO,
        &super::scale::SCALE_OUT,
        &super::scale::SCALE_IN,
        &super::session::LOGOUT,
        &super::task::OPERATOR,
        &super::tenant::ZONE_PARAM,
        &super::tenant::ADD,
        &super::tenant::DELETE,
        &super::tenant::MODIFY_ZONE,
        &super::tenant::MODIFY,
        &super::unit::CREATE,
        &super::primary_zone::PRIMARY_ZONE,
    ]
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPERTY_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100_000),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,10}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 20, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-z_]{1,10}",
                    Just("zone_list".to_owned()),
                    Just("zone_name".to_owned()),
                    Just("replica_type".to_owned()),
                    Just("unit_num".to_owned()),
                    Just("unit_config_name".to_owned()),
                    Just("agent_info".to_owned()),
                    Just("obConfigs".to_owned()),
                    Just("operator".to_owned()),
                    Just("root_password".to_owned()),
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_binder_never_panics(which in any::<usize>(), bytes in prop::collection::vec(any::<u8>(), 0..48), value in json()) {
        let schema = schemas()[which % schemas().len()];
        let _ = bind::<Value>(&bytes, schema);
        let text = value.to_string();
        let _ = bind::<Value>(text.as_bytes(), schema);
        // The same value inside an array of objects, where the list schemas look.
        let listed = serde_json::json!({ "zone_list": [&value], "zones": [&value], "agent_info": &value });
        let _ = bind::<Value>(listed.to_string().as_bytes(), schema);
    }
}
