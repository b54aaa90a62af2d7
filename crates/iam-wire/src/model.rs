//! The botocore service models for IAM and STS (`models/*.json.gz`), loaded once and interpreted at
//! run time by the query decoder and the XML encoder, so every action's wire shape comes from data
//! AWS publishes rather than from hand-written structs.

mod pattern;

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

pub use pattern::{PatternTranslateError, translate_java_pattern};

/// The AWS services this crate speaks: IAM and STS (Query protocol), Organizations and
/// CloudTrail (JSON 1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    Iam,
    Sts,
    Organizations,
    CloudTrail,
}

impl Service {
    fn embedded_model(self) -> &'static [u8] {
        match self {
            Service::Iam => include_bytes!("../models/iam-2010-05-08.json.gz"),
            Service::Sts => include_bytes!("../models/sts-2011-06-15.json.gz"),
            Service::Organizations => {
                include_bytes!("../models/organizations-2016-11-28.json.gz")
            }
            Service::CloudTrail => include_bytes!("../models/cloudtrail-2013-11-01.json.gz"),
        }
    }

    /// The namespace of every response and error document of this service.
    pub fn xml_namespace(self) -> &'static str {
        match self {
            Service::Iam => "https://iam.amazonaws.com/doc/2010-05-08/",
            Service::Sts => "https://sts.amazonaws.com/doc/2011-06-15/",
            // JSON 1.1 has no XML namespace; nothing encodes these as XML.
            Service::Organizations | Service::CloudTrail => "",
        }
    }
}

/// Index of a shape inside its [`Model`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShapeId(usize);

/// A reference from a list, map or structure to another shape, with the serialization traits that
/// the Query protocol honours on references.
#[derive(Debug)]
pub struct MemberRef {
    pub target: ShapeId,
    /// `locationName`: the wire name used instead of the member name (or `member`/`key`/`value`).
    pub location_name: Option<String>,
    pub flattened: bool,
}

#[derive(Debug)]
pub struct Member {
    /// The model's member name, used verbatim as the JSON key (`UserName`, `Tags`).
    pub name: String,
    pub reference: MemberRef,
}

impl Member {
    /// The element or parameter name of this member on the wire.
    pub fn wire_name(&self) -> &str {
        self.reference
            .location_name
            .as_deref()
            .unwrap_or(&self.name)
    }
}

#[derive(Debug)]
pub enum ShapeKind {
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
    List {
        member: MemberRef,
    },
    Map {
        key: MemberRef,
        value: MemberRef,
    },
    Structure {
        members: Vec<Member>,
        required: Vec<String>,
    },
}

/// A regular-expression constraint: the model's Java source text, compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    pub source: String,
    compiled: OnceLock<Result<CompiledPattern, PatternTranslateError>>,
}

#[derive(Debug)]
pub struct CompiledPattern {
    full_match: Regex,
    /// Substrings the value must not contain: what a Java lookahead such as `-(?!-)` expressed,
    /// since the `regex` crate has no lookaround.
    forbidden: Vec<&'static str>,
}

impl CompiledPattern {
    pub fn is_match(&self, value: &str) -> bool {
        self.full_match.is_match(value) && !self.forbidden.iter().any(|f| value.contains(f))
    }
}

impl Pattern {
    fn new(source: &str) -> Self {
        Pattern {
            source: source.to_owned(),
            compiled: OnceLock::new(),
        }
    }

    /// The compiled form, cached per shape. An error means the Java pattern has syntax that
    /// [`translate_java_pattern`] does not handle; a test compiles every model pattern so that
    /// cannot ship.
    pub fn compiled(&self) -> Result<&CompiledPattern, &PatternTranslateError> {
        self.compiled
            .get_or_init(|| pattern::compile(&self.source))
            .as_ref()
    }
}

#[derive(Debug)]
pub struct Shape {
    pub name: String,
    pub kind: ShapeKind,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub pattern: Option<Pattern>,
    pub enum_values: Option<Vec<String>>,
    /// Sensitive values are never echoed back in validation messages (AWS writes `Value at 'x'`).
    pub sensitive: bool,
    pub flattened: bool,
}

#[derive(Debug)]
pub struct Operation {
    pub name: String,
    pub input: Option<ShapeId>,
    pub output: Option<ShapeId>,
    /// The element wrapping the output members, e.g. `GetUserResult`.
    pub result_wrapper: Option<String>,
}

/// One service's model, with shape references resolved to indices.
#[derive(Debug)]
pub struct Model {
    service: Service,
    api_version: String,
    xml_namespace: String,
    /// Found by name for every request (decoding, encoding, its audit record): foldhash, not
    /// SipHash (a fixed table of the model's actions, which no request can grow).
    operations: HashMap<String, Operation, foldhash::fast::RandomState>,
    shapes: Vec<Shape>,
}

/// The model of `service`, decompressed and indexed on first use.
pub fn model(service: Service) -> &'static Model {
    static IAM: OnceLock<Model> = OnceLock::new();
    static STS: OnceLock<Model> = OnceLock::new();
    static ORGANIZATIONS: OnceLock<Model> = OnceLock::new();
    static CLOUDTRAIL: OnceLock<Model> = OnceLock::new();
    let cell = match service {
        Service::Iam => &IAM,
        Service::Sts => &STS,
        Service::Organizations => &ORGANIZATIONS,
        Service::CloudTrail => &CLOUDTRAIL,
    };
    cell.get_or_init(|| {
        // INVARIANT (embedded-models-load): the models are compiled into the binary and the test
        // `both_models_load` loads them, so a failure here is a build defect, not a runtime input.
        Model::from_gzip(service, service.embedded_model())
            .unwrap_or_else(|e| panic!("embedded {service:?} model is invalid: {e}"))
    })
}

/// Why a botocore model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelLoadError {
    #[error("cannot decompress the model: {0}")]
    Gzip(#[from] std::io::Error),
    #[error("the model is not JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("malformed model: {0}")]
    Malformed(String),
}

fn malformed(what: impl Into<String>) -> ModelLoadError {
    ModelLoadError::Malformed(what.into())
}

impl Model {
    /// Loads a gzip-compressed botocore JSON model.
    pub fn from_gzip(service: Service, gz: &[u8]) -> Result<Model, ModelLoadError> {
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(gz).read_to_end(&mut json)?;
        let doc: Value = serde_json::from_slice(&json)?;
        Self::from_json(service, &doc)
    }

    fn from_json(service: Service, doc: &Value) -> Result<Model, ModelLoadError> {
        let metadata = doc
            .get("metadata")
            .ok_or_else(|| malformed("no metadata"))?;
        let meta_str = |key: &str| {
            metadata
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| malformed(format!("no metadata.{key}")))
        };
        let api_version = meta_str("apiVersion")?;
        // JSON protocols (Organizations) have no XML namespace.
        let xml_namespace = match metadata.get("protocol").and_then(Value::as_str) {
            Some("json") => String::new(),
            _ => meta_str("xmlNamespace")?,
        };

        let raw_shapes = doc
            .get("shapes")
            .and_then(Value::as_object)
            .ok_or_else(|| malformed("no shapes"))?;
        let index: HashMap<&str, ShapeId> = raw_shapes
            .keys()
            .enumerate()
            .map(|(i, name)| (name.as_str(), ShapeId(i)))
            .collect();
        let shapes = raw_shapes
            .iter()
            .map(|(name, raw)| parse_shape(name, raw, &index))
            .collect::<Result<Vec<_>, _>>()?;

        let raw_ops = doc
            .get("operations")
            .and_then(Value::as_object)
            .ok_or_else(|| malformed("no operations"))?;
        let mut operations = HashMap::with_capacity_and_hasher(
            raw_ops.len(),
            foldhash::fast::RandomState::default(),
        );
        for (name, raw) in raw_ops {
            let shape_of = |key: &str| -> Result<Option<ShapeId>, ModelLoadError> {
                match raw
                    .get(key)
                    .and_then(|r| r.get("shape"))
                    .and_then(Value::as_str)
                {
                    None => Ok(None),
                    Some(s) => resolve(&index, s).map(Some),
                }
            };
            let result_wrapper = raw
                .get("output")
                .and_then(|o| o.get("resultWrapper"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            let op = Operation {
                name: name.clone(),
                input: shape_of("input")?,
                output: shape_of("output")?,
                result_wrapper,
            };
            operations.insert(name.clone(), op);
        }
        Ok(Model {
            service,
            api_version,
            xml_namespace,
            operations,
            shapes,
        })
    }

    pub fn service(&self) -> Service {
        self.service
    }

    /// Exact, case-sensitive AWS action name, as the `Action` parameter carries it.
    pub fn has_operation(&self, action: &str) -> bool {
        self.operations.contains_key(action)
    }

    /// Every action name, sorted.
    pub fn operation_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.operations.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    pub fn operation(&self, action: &str) -> Option<&Operation> {
        self.operations.get(action)
    }

    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    pub fn xml_namespace(&self) -> &str {
        &self.xml_namespace
    }

    pub fn shape(&self, id: ShapeId) -> &Shape {
        // INVARIANT (resolved-shape-ids): ShapeIds are only created by `from_json` from this
        // model's own shape table, which is never modified afterwards.
        &self.shapes[id.0]
    }

    /// Every shape, for checks that sweep the whole model (e.g. that all patterns compile).
    pub fn shapes(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.iter()
    }
}

fn resolve(index: &HashMap<&str, ShapeId>, name: &str) -> Result<ShapeId, ModelLoadError> {
    index
        .get(name)
        .copied()
        .ok_or_else(|| malformed(format!("unknown shape `{name}`")))
}

fn parse_ref(raw: &Value, index: &HashMap<&str, ShapeId>) -> Result<MemberRef, ModelLoadError> {
    let target = raw
        .get("shape")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("reference without shape"))?;
    Ok(MemberRef {
        target: resolve(index, target)?,
        location_name: raw
            .get("locationName")
            .and_then(Value::as_str)
            .map(str::to_owned),
        flattened: raw
            .get("flattened")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

fn parse_shape(
    name: &str,
    raw: &Value,
    index: &HashMap<&str, ShapeId>,
) -> Result<Shape, ModelLoadError> {
    let ty = raw
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(format!("shape `{name}` has no type")))?;
    let sub = |key: &str| {
        raw.get(key)
            .ok_or_else(|| malformed(format!("shape `{name}` has no {key}")))
            .and_then(|r| parse_ref(r, index))
    };
    let kind = match ty {
        "string" => ShapeKind::String,
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "float" => ShapeKind::Float,
        "double" => ShapeKind::Double,
        "boolean" => ShapeKind::Boolean,
        "timestamp" => ShapeKind::Timestamp,
        "blob" => ShapeKind::Blob,
        "list" => ShapeKind::List {
            member: sub("member")?,
        },
        "map" => ShapeKind::Map {
            key: sub("key")?,
            value: sub("value")?,
        },
        "structure" => {
            let members = match raw.get("members").and_then(Value::as_object) {
                None => Vec::new(),
                Some(m) => m
                    .iter()
                    .map(|(member, r)| {
                        Ok(Member {
                            name: member.clone(),
                            reference: parse_ref(r, index)?,
                        })
                    })
                    .collect::<Result<Vec<_>, ModelLoadError>>()?,
            };
            let required = raw
                .get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            ShapeKind::Structure { members, required }
        }
        other => {
            return Err(malformed(format!(
                "shape `{name}` has unknown type `{other}`"
            )));
        }
    };
    // Botocore writes bounds as JSON numbers, sometimes with a fraction (`1.0`) for floats.
    let bound = |key: &str| {
        raw.get(key)
            .and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
    };
    Ok(Shape {
        name: name.to_owned(),
        kind,
        min: bound("min"),
        max: bound("max"),
        pattern: raw.get("pattern").and_then(Value::as_str).map(Pattern::new),
        enum_values: raw.get("enum").and_then(Value::as_array).map(|e| {
            e.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        }),
        sensitive: raw
            .get("sensitive")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        flattened: raw
            .get("flattened")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_models_load() {
        let iam = model(Service::Iam);
        assert_eq!(iam.service(), Service::Iam);
        assert_eq!(iam.api_version(), "2010-05-08");
        assert_eq!(iam.xml_namespace(), Service::Iam.xml_namespace());
        assert!(iam.has_operation("CreateUser"));
        assert!(!iam.has_operation("createuser"));
        assert!(iam.operation_names().len() > 150);

        let sts = model(Service::Sts);
        assert_eq!(sts.api_version(), "2011-06-15");
        assert_eq!(sts.xml_namespace(), Service::Sts.xml_namespace());
        assert!(sts.has_operation("GetCallerIdentity"));

        let cloudtrail = model(Service::CloudTrail);
        assert_eq!(cloudtrail.api_version(), "2013-11-01");
        assert!(cloudtrail.has_operation("LookupEvents"));
    }

    #[test]
    fn member_order_follows_the_model() {
        let iam = model(Service::Iam);
        let input = iam
            .operation("CreateUser")
            .and_then(|o| o.input)
            .map(|id| iam.shape(id));
        let Some(Shape {
            kind: ShapeKind::Structure { members, required },
            ..
        }) = input
        else {
            panic!("CreateUser input is not a structure");
        };
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Path", "UserName", "PermissionsBoundary", "Tags"]);
        assert_eq!(required, &["UserName"]);
    }

    #[test]
    fn every_model_pattern_compiles() {
        for service in [Service::Iam, Service::Sts] {
            for shape in model(service).shapes() {
                if let Some(p) = &shape.pattern {
                    assert!(
                        p.compiled().is_ok(),
                        "{service:?} shape {} pattern {:?}: {:?}",
                        shape.name,
                        p.source,
                        p.compiled().err()
                    );
                }
            }
        }
    }
}
