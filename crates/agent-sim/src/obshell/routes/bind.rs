//! Request bodies bound as the agent's Go binder does: keys matched case-insensitively (later
//! duplicates win), unknown keys ignored, strict types, then `binding:"required"` checks —
//! with the agent's error texts, as `400 Common.BindJsonFailed`.

use obshell_protocol::obshell::catalog;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::obshell::failure::Failure;

/// The shape of a Go request struct, enough to bind and validate it.
#[derive(Debug, Clone, Copy)]
pub enum Schema {
    String,
    Int,
    Float,
    Bool,
    Array(&'static Schema),
    /// `map[string]T`.
    Map(&'static Schema),
    Struct(&'static StructSchema),
}

/// A Go struct: its name and fields.
#[derive(Debug)]
pub struct StructSchema {
    /// Go type name, as it appears in error texts (`ZoneParam`).
    pub go_name: &'static str,
    pub fields: &'static [Field],
}

#[derive(Debug)]
pub struct Field {
    /// JSON key (the Go tag).
    pub json: &'static str,
    /// Go field name, as it appears in validator texts.
    pub go: &'static str,
    pub schema: Schema,
    /// Pointer, slice or map fields: `required` only refuses null/absent.
    pub nullable: bool,
    pub required: bool,
}

fn go_type(schema: &Schema) -> String {
    match schema {
        Schema::String => "string".into(),
        Schema::Int => "int".into(),
        Schema::Float => "float64".into(),
        Schema::Bool => "bool".into(),
        Schema::Array(inner) => format!("[]{}", go_type(inner)),
        Schema::Map(inner) => format!("map[string]{}", go_type(inner)),
        Schema::Struct(s) => format!("param.{}", s.go_name),
    }
}

fn kind_of(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(_) => "bool".into(),
        Value::Number(n) => format!("number {n}"),
        Value::String(_) => "string".into(),
        Value::Array(_) => "array".into(),
        Value::Object(_) => "object".into(),
    }
}

struct Ctx {
    first_error: Option<String>,
}

impl Ctx {
    fn type_error(&mut self, v: &Value, struct_name: &str, path: &str, schema: &Schema) {
        if self.first_error.is_none() {
            let kind = match v {
                Value::Number(n) if !matches!(schema, Schema::Int | Schema::Float) => {
                    "number".to_owned()
                }
                other => kind_of(other),
            };
            self.first_error = Some(format!(
                "json: cannot unmarshal {kind} into Go struct field {struct_name}.{path} of type {}",
                go_type(schema)
            ));
        }
    }
}

/// Converts `v` to the canonical JSON of `schema`, recording Go's first type error.
fn canon(v: Value, schema: &Schema, ctx: &mut Ctx, struct_name: &str, path: &str) -> Value {
    if v.is_null() {
        return Value::Null;
    }
    match schema {
        Schema::String if v.is_string() => v,
        Schema::Bool if v.is_boolean() => v,
        Schema::Float if v.is_number() => v,
        Schema::Int if v.as_i64().is_some() => v,
        Schema::Array(inner) => match v {
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|i| canon(i, inner, ctx, struct_name, path))
                    .collect(),
            ),
            other => {
                ctx.type_error(&other, struct_name, path, schema);
                Value::Null
            }
        },
        Schema::Map(inner) => match v {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, item)| {
                        let item = canon(item, inner, ctx, struct_name, path);
                        (k, item)
                    })
                    .collect(),
            ),
            other => {
                ctx.type_error(&other, struct_name, path, schema);
                Value::Null
            }
        },
        Schema::Struct(s) => match v {
            Value::Object(map) => Value::Object(canon_struct(map, s, ctx, path)),
            other => {
                ctx.type_error(&other, struct_name, path, schema);
                Value::Null
            }
        },
        _ => {
            ctx.type_error(&v, struct_name, path, schema);
            Value::Null
        }
    }
}

fn canon_struct(
    map: Map<String, Value>,
    s: &StructSchema,
    ctx: &mut Ctx,
    parent: &str,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in map {
        // Go prefers an exact match, then a case-insensitive one; later keys overwrite earlier.
        let field = s
            .fields
            .iter()
            .find(|f| f.json == key)
            .or_else(|| s.fields.iter().find(|f| f.json.eq_ignore_ascii_case(&key)));
        let Some(field) = field else { continue };
        let path = if parent.is_empty() {
            field.json.to_owned()
        } else {
            format!("{parent}.{}", field.json)
        };
        let value = canon(value, &field.schema, ctx, s.go_name, &path);
        if !value.is_null() {
            out.insert(field.json.to_owned(), value);
        } else {
            out.remove(field.json);
        }
    }
    out
}

fn is_zero(v: Option<&Value>, field: &Field) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(_) if field.nullable => false,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        Some(Value::Bool(b)) => !b,
        Some(_) => false,
    }
}

fn bind_failure(text: &str) -> Failure {
    Failure::from_spec(catalog::BIND_JSON_FAILED, &[text.to_owned()])
}

/// Binds `body` to `T` through `schema`.
pub fn bind<T: DeserializeOwned>(body: &[u8], schema: &'static StructSchema) -> Result<T, Failure> {
    let value: Value = serde_json::from_slice(body).map_err(|e| bind_failure(&go_syntax(&e)))?;
    let mut ctx = Ctx { first_error: None };
    let object = match value {
        Value::Object(map) => canon_struct(map, schema, &mut ctx, ""),
        Value::Null => Map::new(),
        other => {
            return Err(bind_failure(&format!(
                "json: cannot unmarshal {} into Go value of type param.{}",
                kind_of(&other).split(' ').next().unwrap_or("value"),
                schema.go_name
            )))
        }
    };
    if let Some(e) = ctx.first_error {
        return Err(bind_failure(&e));
    }
    // The validator reports every failed field, joined by newlines; the first is what matters.
    let missing: Vec<String> = schema
        .fields
        .iter()
        .filter(|f| f.required && is_zero(object.get(f.json), f))
        .map(|f| {
            format!(
                "Key: '{}.{}' Error:Field validation for '{}' failed on the 'required' tag",
                schema.go_name, f.go, f.go
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(bind_failure(&missing.join("\n")));
    }
    serde_json::from_value(Value::Object(object)).map_err(|e| bind_failure(&e.to_string()))
}

fn go_syntax(e: &serde_json::Error) -> String {
    if e.is_eof() {
        return "unexpected EOF".to_owned();
    }
    let text = e.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    static INNER: StructSchema = StructSchema {
        go_name: "ZoneParam",
        fields: &[
            Field {
                json: "name",
                go: "Name",
                schema: Schema::String,
                nullable: false,
                required: true,
            },
            Field {
                json: "unit_num",
                go: "UnitNum",
                schema: Schema::Int,
                nullable: false,
                required: true,
            },
        ],
    };
    static OUTER: StructSchema = StructSchema {
        go_name: "ScaleOutTenantReplicasParam",
        fields: &[Field {
            json: "zone_list",
            go: "ZoneList",
            schema: Schema::Array(&Schema::Struct(&INNER)),
            nullable: true,
            required: true,
        }],
    };

    #[derive(Debug, Deserialize)]
    struct Inner {
        #[serde(default)]
        name: String,
        #[serde(default)]
        unit_num: i64,
    }
    #[derive(Debug, Deserialize)]
    struct Outer {
        zone_list: Vec<Inner>,
    }

    fn message(body: &str) -> String {
        bind::<Outer>(body.as_bytes(), &OUTER)
            .expect_err("refused")
            .message
    }

    #[test]
    fn keys_fold_and_elements_are_not_validated() {
        let o: Outer = bind(
            br#"{"ZONE_LIST":[{"Name":"z1","unit_num":2,"x":1},{}]}"#,
            &OUTER,
        )
        .expect("binds");
        assert_eq!(
            (
                o.zone_list[0].name.as_str(),
                o.zone_list[0].unit_num,
                o.zone_list.len()
            ),
            ("z1", 2, 2)
        );
        let o: Outer =
            bind(br#"{"zone_list":[]}"#, &OUTER).expect("an empty slice passes required");
        assert!(o.zone_list.is_empty());
    }

    #[test]
    fn go_texts() {
        assert_eq!(
            message("{}"),
            "Bind JSON failed: Key: 'ScaleOutTenantReplicasParam.ZoneList' Error:Field validation for 'ZoneList' failed on the 'required' tag"
        );
        assert_eq!(
            message(r#"{"zone_list":[{"unit_num":"1"}]}"#),
            "Bind JSON failed: json: cannot unmarshal string into Go struct field ZoneParam.zone_list.unit_num of type int"
        );
        assert_eq!(
            message(r#"{"zone_list":[{"unit_num":1.5}]}"#),
            "Bind JSON failed: json: cannot unmarshal number 1.5 into Go struct field ZoneParam.zone_list.unit_num of type int"
        );
        assert_eq!(message("[1]"), "Bind JSON failed: json: cannot unmarshal array into Go value of type param.ScaleOutTenantReplicasParam");
        assert!(message("{").starts_with("Bind JSON failed: "));
    }
}
