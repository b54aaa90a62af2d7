//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`) in Resource
//! and Condition values; IAM User Guide reference_policies_variables.md.
//!
//! Version 2008-10-17 documents have no variables: there `${...}` is plain text.

use crate::context::ContextKeys;
use crate::glob::Glob;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Source text; `*` and `?` in it are wildcards where the operator allows wildcards.
    Text(String),
    /// `${*}`, `${?}`, `${$}`: a character that is always literal.
    Escaped(char),
    Variable {
        /// Lowercased: context keys are case-insensitive.
        key: String,
        default: Option<String>,
    },
}

/// A policy string with its variables located, compiled once at parse time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    pub(crate) fn parse(text: &str, variables: bool) -> Self {
        let mut pieces = Vec::new();
        let mut rest = text;
        if variables {
            while let Some(start) = rest.find("${") {
                let Some(len) = rest[start + 2..].find('}') else {
                    break;
                };
                let inner = &rest[start + 2..start + 2 + len];
                push_text(&mut pieces, &rest[..start]);
                match inner {
                    "*" => pieces.push(Piece::Escaped('*')),
                    "?" => pieces.push(Piece::Escaped('?')),
                    "$" => pieces.push(Piece::Escaped('$')),
                    _ => pieces.push(variable(inner)),
                }
                rest = &rest[start + 2 + len + 1..];
            }
        }
        push_text(&mut pieces, rest);
        Template { pieces }
    }

    /// The text when the template has no variables, with escapes already applied
    /// (`None` also when an escape would make the text differ from the wildcard reading).
    pub(crate) fn fixed_text(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Escaped(c) => out.push(*c),
                Piece::Variable { .. } => return None,
            }
        }
        Some(out)
    }

    pub(crate) fn has_variables(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| matches!(p, Piece::Variable { .. }))
    }

    /// Splits at the first `max - 1` colons of the source text (never inside a variable, whose
    /// value may itself hold colons), for ARN segment matching.
    pub(crate) fn split_colons(&self, max: usize) -> Vec<Template> {
        let mut parts = vec![Template { pieces: Vec::new() }];
        for piece in &self.pieces {
            let Piece::Text(text) = piece else {
                if let Some(last) = parts.last_mut() {
                    last.pieces.push(piece.clone());
                }
                continue;
            };
            let mut rest = text.as_str();
            while parts.len() < max
                && let Some(i) = rest.find(':')
            {
                if let Some(last) = parts.last_mut() {
                    push_text(&mut last.pieces, &rest[..i]);
                }
                parts.push(Template { pieces: Vec::new() });
                rest = &rest[i + 1..];
            }
            if let Some(last) = parts.last_mut() {
                push_text(&mut last.pieces, rest);
            }
        }
        parts
    }

    /// Context keys this template reads, in their source spelling lowercased.
    pub(crate) fn variable_keys(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Variable { key, .. } => Some(key.as_str()),
            _ => None,
        })
    }

    /// Substitutes variables as plain text; `None` when one cannot be resolved, which makes the
    /// value match nothing (AWS: "an unresolvable variable makes that value not match").
    pub(crate) fn resolve_text(&self, context: &ContextKeys) -> Option<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Escaped(c) => out.push(*c),
                Piece::Variable { key, default } => out.push_str(lookup(context, key, default)?),
            }
        }
        Some(out)
    }

    /// Builds a wildcard pattern: `*`/`?` in source text are wildcards, escapes and variable
    /// values are literal (a `*` inside a user's tag value must not widen the grant).
    pub(crate) fn resolve_glob(&self, context: Option<&ContextKeys>) -> Option<Glob> {
        let mut glob = Glob::default();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => glob.push_pattern(t),
                Piece::Escaped(c) => glob.push_literal(c.encode_utf8(&mut [0; 4])),
                Piece::Variable { key, default } => {
                    glob.push_literal(lookup(context?, key, default)?);
                }
            }
        }
        Some(glob)
    }
}

/// A variable resolves from a single-valued context key; multivalued keys cannot be substituted.
fn lookup<'a>(context: &'a ContextKeys, key: &str, default: &'a Option<String>) -> Option<&'a str> {
    match context.get_lowercase(key) {
        Some([one]) => Some(one.as_str()),
        _ => default.as_deref(),
    }
}

fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if !text.is_empty() {
        pieces.push(Piece::Text(text.to_string()));
    }
}

/// `key` or `key, 'default'` (AWS allows spaces around the comma).
fn variable(inner: &str) -> Piece {
    if let Some((key, default)) = inner.split_once(',') {
        let default = default.trim();
        let default = default
            .strip_prefix('\'')
            .and_then(|d| d.strip_suffix('\''))
            .unwrap_or(default);
        Piece::Variable {
            key: key.trim().to_lowercase(),
            default: Some(default.to_string()),
        }
    } else {
        Piece::Variable {
            key: inner.trim().to_lowercase(),
            default: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> ContextKeys {
        let mut c = ContextKeys::new();
        c.set("aws:username", "alice");
        c.set_many("aws:TagKeys", ["a", "b"]);
        c
    }

    #[test]
    fn substitutes_and_escapes() {
        let t = Template::parse("home/${aws:UserName}/${*}x", true);
        assert_eq!(t.resolve_text(&context()).as_deref(), Some("home/alice/*x"));
        let glob = t.resolve_glob(Some(&context())).unwrap();
        assert!(glob.matches("home/alice/*x"));
        assert!(!glob.matches("home/alice/yx"));
    }

    #[test]
    fn defaults_and_unresolvable() {
        let t = Template::parse("${aws:PrincipalTag/team, 'none'}", true);
        assert_eq!(t.resolve_text(&context()).as_deref(), Some("none"));
        assert_eq!(
            Template::parse("${aws:userid}", true).resolve_text(&context()),
            None
        );
        assert_eq!(
            Template::parse("${aws:TagKeys}", true).resolve_text(&context()),
            None
        );
    }

    #[test]
    fn version_2008_has_no_variables() {
        let t = Template::parse("${aws:username}", false);
        assert_eq!(t.fixed_text().as_deref(), Some("${aws:username}"));
    }
}
