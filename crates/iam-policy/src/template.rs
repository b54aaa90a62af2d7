//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`) in Resource
//! and Condition values; IAM User Guide reference_policies_variables.md.
//!
//! Version 2008-10-17 documents have no variables: there `${...}` is plain text.

use crate::context::{ContextKeys, Key};
use crate::glob::{Glob, Tokens};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Source text; `*` and `?` in it are wildcards where the operator allows wildcards.
    Text(String),
    /// `${*}`, `${?}`, `${$}`: a character that is always literal.
    Escaped(char),
    Variable {
        /// Lowercased: context keys are case-insensitive.
        key: Key,
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

    /// Compiles the template as a wildcard pattern: `*`/`?` in source text are wildcards,
    /// escapes are literal, and the `n`th variable becomes [`crate::glob::Token::Var`]`(n)`,
    /// literal whatever its value (a `*` inside a user's tag value must not widen the grant).
    /// Match it with the values from [`Template::with_values`].
    pub(crate) fn to_glob(&self) -> Glob {
        let mut tokens = Tokens::default();
        let mut n = 0;
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => tokens.push_pattern(t),
                Piece::Escaped(c) => tokens.push_literal(c.encode_utf8(&mut [0; 4])),
                Piece::Variable { .. } => {
                    tokens.push_var(n);
                    n += 1;
                }
            }
        }
        tokens.build()
    }

    /// Calls `f` with the values of the template's variables in order, without allocating for up
    /// to eight of them; `None` when one cannot be resolved (the value then matches nothing).
    pub(crate) fn with_values<R>(
        &self,
        context: &ContextKeys,
        f: impl FnOnce(&[&str]) -> R,
    ) -> Option<R> {
        const INLINE: usize = 8;
        let mut values = self.pieces.iter().filter_map(|p| match p {
            Piece::Variable { key, default } => Some(lookup(context, key, default)),
            _ => None,
        });
        let mut inline = [""; INLINE];
        let mut n = 0;
        for value in values.by_ref().take(INLINE) {
            inline[n] = value?;
            n += 1;
        }
        if n < INLINE {
            return Some(f(&inline[..n]));
        }
        let mut all = inline.to_vec();
        for value in values {
            all.push(value?);
        }
        Some(f(&all))
    }
}

/// A variable resolves from a single-valued context key; multivalued keys cannot be substituted.
fn lookup<'a>(context: &'a ContextKeys, key: &Key, default: &'a Option<String>) -> Option<&'a str> {
    match context.entry(key).map(|e| e.values()) {
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
            key: Key::new(key.trim()),
            default: Some(default.to_string()),
        }
    } else {
        Piece::Variable {
            key: Key::new(inner.trim()),
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
        let glob = t.to_glob();
        let context = context();
        let matches = |text| t.with_values(&context, |v| glob.matches_with(text, v));
        assert_eq!(matches("home/alice/*x"), Some(true));
        assert_eq!(matches("home/alice/yx"), Some(false));
        let many = Template::parse(&"${aws:username}".repeat(10), true);
        let text = "alice".repeat(10);
        assert_eq!(
            many.with_values(&context, |v| many.to_glob().matches_with(&text, v)),
            Some(true)
        );
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
