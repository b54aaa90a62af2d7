//! Reading a policy document: AWS's validation, in AWS's order, with its exact
//! `MalformedPolicyDocument` messages, then compiling the statements for evaluation.
//!
//! The order of the phases is observable (a document with two faults reports the one AWS checks
//! first) and follows the messages recorded from real AWS in the conformance corpus:
//! syntax, version, legacy parsing (Effect case, Date values, resource ARN shapes), Sid
//! uniqueness, actions present, resources present / principal rules, the first resource-format
//! error, action vendor prefixes.

use crate::arn::ArnPattern;
use crate::condition::{self, ConditionBlock};
use crate::error::{PolicyError, messages};
use crate::glob::Glob;
use crate::json::{self, Json, Node};
use crate::policy::{
    ActionElement, ActionIndex, Effect, Policy, PolicyKind, Position, PrincipalElement,
    PrincipalType, ResourceElement, Statement, StatementPosition,
};
use crate::template::Template;
use crate::validate;

const V2012: &str = "2012-10-17";
const V2008: &str = "2008-10-17";

const STATEMENT_KEYS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

fn malformed(message: &str) -> PolicyError {
    PolicyError::Malformed(message.to_string())
}

/// A string-or-list element (`Action`, `NotResource`, …) as written.
struct Strings<'a> {
    negated: bool,
    /// `null` list items are skipped: AWS accepts them and they name nothing.
    items: Vec<&'a str>,
    is_list: bool,
}

/// A statement that passed the syntax phase.
struct RawStatement<'a> {
    node: &'a Node,
    sid: Option<&'a str>,
    effect: &'a str,
    principal: Option<(bool, &'a Node)>,
    action: Option<Strings<'a>>,
    resource: Option<Strings<'a>>,
    /// `(operator, [(key, values)])`
    conditions: RawConditions<'a>,
}

/// What AWS adds for role trust policies on top of the resource-policy grammar, checked
/// before it: no `Resource`/`NotResource`, and `Action` only the STS actions that use a role.
fn trust_rules(statements: &[RawStatement<'_>]) -> Result<(), PolicyError> {
    let sts_role_action = |a: &str| {
        let a = a.to_ascii_lowercase();
        a == "*"
            || a == "sts:*"
            || a.starts_with("sts:assumerole")
            || a == "sts:tagsession"
            || a == "sts:setsourceidentity"
            || a == "sts:setcontext"
    };
    for s in statements {
        if s.resource.is_some() {
            return Err(malformed(messages::TRUST_RESOURCE));
        }
        let actions = s.action.as_ref().filter(|a| !a.negated);
        if actions.is_some_and(|a| a.items.iter().any(|item| !sts_role_action(item))) {
            return Err(malformed(messages::TRUST_ACTIONS));
        }
    }
    Ok(())
}

/// Parses and validates `document` as a policy of `kind`, returning AWS's exact message when AWS
/// would refuse it.
pub fn parse_policy(document: &str, kind: PolicyKind) -> Result<Policy, PolicyError> {
    let root = json::parse(document).map_err(|e| match (e, kind) {
        (json::JsonError::NotJson, PolicyKind::Trust) => malformed(messages::TRUST_NOT_JSON),
        _ => malformed(messages::SYNTAX),
    })?;
    let (version, id, statements) = syntax(&root).ok_or_else(|| malformed(messages::SYNTAX))?;
    if kind == PolicyKind::Trust {
        trust_rules(&statements)?;
    }

    let version = match (version, kind) {
        (Some(V2012), _) => V2012,
        // Resource-based policies (trust policies, bucket policies) still accept the 2008
        // language, and a missing Version means 2008; CreatePolicy and friends do not.
        (Some(V2008) | None, PolicyKind::Resource | PolicyKind::Trust) => V2008,
        _ => return Err(malformed(messages::VERSION)),
    };

    let resource_error = legacy(&statements)?;

    let mut sids: Vec<&str> = Vec::new();
    for sid in statements
        .iter()
        .filter_map(|s| s.sid)
        .filter(|s| !s.is_empty())
    {
        if sids.contains(&sid) {
            return Err(malformed(messages::SID_UNIQUE));
        }
        sids.push(sid);
    }

    if statements.iter().any(|s| {
        s.action
            .as_ref()
            .is_none_or(|a| a.is_list && a.items.is_empty())
    }) {
        return Err(malformed(messages::NO_ACTIONS));
    }
    match kind {
        PolicyKind::Identity => {
            if statements.iter().any(|s| {
                s.resource
                    .as_ref()
                    .is_none_or(|r| r.is_list && r.items.is_empty())
            }) {
                return Err(malformed(messages::NO_RESOURCES));
            }
            if statements.iter().any(|s| s.principal.is_some()) {
                return Err(malformed(messages::PRINCIPAL_FORBIDDEN));
            }
        }
        PolicyKind::Resource | PolicyKind::Trust => {
            if statements.iter().any(|s| s.principal.is_none()) {
                return Err(malformed(messages::PRINCIPAL_MISSING));
            }
        }
    }
    if let Some(message) = resource_error {
        return Err(PolicyError::Malformed(message));
    }
    for negated in [false, true] {
        for s in &statements {
            if let Some(action) = s.action.as_ref().filter(|a| a.negated == negated) {
                for item in &action.items {
                    validate::action_prefix(item).map_err(PolicyError::Malformed)?;
                }
            }
        }
    }

    let variables = version == V2012;
    let id = id.map(str::to_string);
    let compiled = statements
        .iter()
        .map(|s| compile(s, document, variables))
        .collect();
    let action_index = ActionIndex::build(statements.iter().map(|s| {
        s.action
            .as_ref()
            .filter(|a| !a.negated)
            .map(|a| a.items.iter().copied())
    }));
    let mut policy = Policy {
        version,
        id,
        statements: compiled,
        action_index,
        reads_resource_tags: false,
    };
    policy.compute_reads_resource_tags();
    Ok(policy)
}

type Syntax<'a> = (Option<&'a str>, Option<&'a str>, Vec<RawStatement<'a>>);

/// The "Syntax errors in policy." phase: shapes and names only.
fn syntax(root: &Node) -> Option<Syntax<'_>> {
    let mut version = None;
    let mut id = None;
    let mut statement = None;
    for (key, value) in root.as_object()? {
        match key.as_str() {
            "Version" => {
                let v = value.as_str()?;
                if v != V2012 && v != V2008 {
                    return None;
                }
                version = Some(v);
            }
            "Id" => id = Some(value.as_str()?),
            "Statement" => statement = Some(value),
            _ => return None,
        }
    }
    let nodes: Vec<&Node> = match &statement?.value {
        Json::Object(_) => vec![statement?],
        Json::Array(items) if !items.is_empty() => items.iter().collect(),
        _ => return None,
    };
    let statements = nodes
        .into_iter()
        .map(raw_statement)
        .collect::<Option<Vec<_>>>()?;
    Some((version, id, statements))
}

fn raw_statement(node: &Node) -> Option<RawStatement<'_>> {
    let members = node.as_object()?;
    let get = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    if members
        .iter()
        .any(|(k, _)| !STATEMENT_KEYS.contains(&k.as_str()))
    {
        return None;
    }
    let effect = get("Effect")?.as_str()?;
    if !effect.eq_ignore_ascii_case("Allow") && !effect.eq_ignore_ascii_case("Deny") {
        return None;
    }
    let sid = match get("Sid") {
        Some(sid) => Some(sid.as_str()?),
        None => None,
    };
    let action = either(get("Action"), get("NotAction"))?;
    let resource = either(get("Resource"), get("NotResource"))?;
    let principal = match (get("Principal"), get("NotPrincipal")) {
        (Some(_), Some(_)) => return None,
        (Some(p), None) => Some((false, principal_syntax(p)?)),
        (None, Some(p)) => Some((true, principal_syntax(p)?)),
        (None, None) => None,
    };
    let conditions = match get("Condition") {
        Some(c) => conditions_syntax(c)?,
        None => Vec::new(),
    };
    Some(RawStatement {
        node,
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
    })
}

/// `Action` or `NotAction` (never both): `None` is a syntax error, `Some(None)` absent.
fn either<'a>(
    positive: Option<&'a Node>,
    negative: Option<&'a Node>,
) -> Option<Option<Strings<'a>>> {
    let (node, negated) = match (positive, negative) {
        (Some(_), Some(_)) => return None,
        (Some(n), None) => (n, false),
        (None, Some(n)) => (n, true),
        (None, None) => return Some(None),
    };
    let strings = match &node.value {
        Json::String(s) => Strings {
            negated,
            items: vec![s.as_str()],
            is_list: false,
        },
        Json::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                match &item.value {
                    Json::String(s) => out.push(s.as_str()),
                    Json::Null => {}
                    _ => return None,
                }
            }
            Strings {
                negated,
                items: out,
                is_list: true,
            }
        }
        _ => return None,
    };
    Some(Some(strings))
}

fn principal_syntax(node: &Node) -> Option<&Node> {
    match &node.value {
        Json::String(s) if s == "*" => Some(node),
        Json::Object(members) if !members.is_empty() => {
            for (key, value) in members {
                principal_type(key)?;
                match &value.value {
                    Json::String(_) => {}
                    Json::Array(items)
                        if !items.is_empty() && items.iter().all(|i| i.as_str().is_some()) => {}
                    _ => return None,
                }
            }
            Some(node)
        }
        _ => None,
    }
}

fn principal_type(key: &str) -> Option<PrincipalType> {
    match key {
        "AWS" => Some(PrincipalType::Aws),
        "Service" => Some(PrincipalType::Service),
        "Federated" => Some(PrincipalType::Federated),
        "CanonicalUser" => Some(PrincipalType::CanonicalUser),
        _ => None,
    }
}

type RawConditions<'a> = Vec<(&'a str, Vec<(&'a str, Vec<String>)>)>;

fn conditions_syntax(node: &Node) -> Option<RawConditions<'_>> {
    let mut out = Vec::new();
    for (operator, block) in node.as_object()? {
        let entries = block.as_object()?;
        if condition::split_operator(operator).is_none() && !entries.is_empty() {
            return None;
        }
        let mut keys = Vec::new();
        for (key, value) in entries {
            let values = match &value.value {
                Json::Array(items) => items.iter().map(scalar_text).collect::<Option<Vec<_>>>()?,
                _ => vec![scalar_text(value)?],
            };
            keys.push((key.as_str(), values));
        }
        out.push((operator.as_str(), keys));
    }
    Some(out)
}

/// Condition values may be strings, booleans or numbers; all compare as their text.
fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.clone()),
        _ => None,
    }
}

/// The "The policy failed legacy parsing" phase. Resource-format problems that AWS reports with
/// their own message are returned to be raised later, after the Sid and presence checks.
fn legacy(statements: &[RawStatement<'_>]) -> Result<Option<String>, PolicyError> {
    let legacy_error = || malformed(messages::LEGACY);
    for s in statements {
        if s.effect != "Allow" && s.effect != "Deny" {
            return Err(legacy_error());
        }
        for (operator, keys) in &s.conditions {
            if validate::strip_operator(operator).starts_with("Date")
                && keys
                    .iter()
                    .flat_map(|(_, v)| v)
                    .any(|v| condition::date::parse(v).is_none())
            {
                return Err(legacy_error());
            }
        }
    }
    let mut resource_error: Option<String> = None;
    for s in statements {
        let Some(resources) = &s.resource else {
            continue;
        };
        // AWS reports the problem of the lexically first faulty resource of a statement.
        let first_error = resources
            .items
            .iter()
            .filter_map(|r| validate::resource_format(r).err())
            .min_by(|a, b| a.resource.cmp(b.resource));
        if resource_error.is_none() {
            resource_error = first_error.map(|e| e.message);
        }
        if resource_error.is_none()
            && !resources
                .items
                .iter()
                .all(|r| validate::resource_legacy_ok(r))
        {
            return Err(legacy_error());
        }
    }
    Ok(resource_error)
}

fn compile(raw: &RawStatement<'_>, source: &str, variables: bool) -> Statement {
    // INVARIANT (validated): `raw` passed every phase, so Effect is exactly Allow/Deny and the
    // action element exists.
    let effect = if raw.effect == "Deny" {
        Effect::Deny
    } else {
        Effect::Allow
    };
    let action = raw.action.as_ref().map_or_else(
        || ActionElement {
            negated: false,
            patterns: Vec::new(),
        },
        |a| ActionElement {
            negated: a.negated,
            patterns: a
                .items
                .iter()
                .map(|p| Glob::new(p).to_ascii_lowercase())
                .collect(),
        },
    );
    let resource = raw.resource.as_ref().map(|r| ResourceElement {
        negated: r.negated,
        patterns: r
            .items
            .iter()
            .map(|p| ArnPattern::new(Template::parse(p, variables)))
            .collect(),
    });
    let principal = raw
        .principal
        .map(|(negated, node)| compile_principal(negated, node));
    let conditions = raw
        .conditions
        .iter()
        .filter_map(|(operator, keys)| {
            let keys = keys
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect();
            ConditionBlock::new(operator, keys, variables)
        })
        .collect();
    let span = raw.node.span;
    let (line, column) = json::line_column(source, span.start);
    let start = Position { line, column };
    let (line, column) = json::line_column(source, span.end.saturating_sub(1));
    let end = Position { line, column };
    Statement {
        sid: raw.sid.map(str::to_string),
        effect,
        principal,
        action,
        resource,
        conditions,
        position: StatementPosition { start, end },
    }
}

fn compile_principal(negated: bool, node: &Node) -> PrincipalElement {
    let mut entries = Vec::new();
    if let Some(members) = node.as_object() {
        for (key, value) in members {
            let Some(kind) = principal_type(key) else {
                continue;
            };
            match &value.value {
                Json::String(s) => entries.push((kind, s.clone())),
                Json::Array(items) => entries.extend(
                    items
                        .iter()
                        .filter_map(Node::as_str)
                        .map(|s| (kind, s.to_string())),
                ),
                _ => {}
            }
        }
    }
    PrincipalElement::new(negated, node.as_str() == Some("*"), entries)
}
