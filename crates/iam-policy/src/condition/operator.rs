//! The condition operators and how one context value is compared with one policy value;
//! IAM User Guide reference_policies_elements_condition_operators.md.

use super::date::{self, Instant};
use super::ip::Cidr;
use crate::arn::{ArnPattern, Pattern};
use crate::context::{ContextEntry, ContextKeys};
use crate::template::Template;

/// What an operator tests, before negation (`StringNotEquals` is `!StringEquals`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Test {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Numeric(Ordering),
    Date(Ordering),
    Bool,
    BinaryEquals,
    IpAddress,
    Arn,
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ordering {
    Equals,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

impl Ordering {
    fn holds<T: PartialOrd>(self, context: T, policy: T) -> bool {
        match self {
            Ordering::Equals => context == policy,
            Ordering::LessThan => context < policy,
            Ordering::LessThanEquals => context <= policy,
            Ordering::GreaterThan => context > policy,
            Ordering::GreaterThanEquals => context >= policy,
        }
    }
}

/// An operator name without `ForAnyValue:`/`ForAllValues:` and `IfExists`: the test and whether
/// it is negated. `None` for names AWS does not know.
pub(crate) fn lookup(name: &str) -> Option<(Test, bool)> {
    use Ordering::*;
    let found = match name {
        "StringEquals" => (Test::StringEquals, false),
        "StringNotEquals" => (Test::StringEquals, true),
        "StringEqualsIgnoreCase" => (Test::StringEqualsIgnoreCase, false),
        "StringNotEqualsIgnoreCase" => (Test::StringEqualsIgnoreCase, true),
        "StringLike" => (Test::StringLike, false),
        "StringNotLike" => (Test::StringLike, true),
        "NumericEquals" => (Test::Numeric(Equals), false),
        "NumericNotEquals" => (Test::Numeric(Equals), true),
        "NumericLessThan" => (Test::Numeric(LessThan), false),
        "NumericLessThanEquals" => (Test::Numeric(LessThanEquals), false),
        "NumericGreaterThan" => (Test::Numeric(GreaterThan), false),
        "NumericGreaterThanEquals" => (Test::Numeric(GreaterThanEquals), false),
        "DateEquals" => (Test::Date(Equals), false),
        "DateNotEquals" => (Test::Date(Equals), true),
        "DateLessThan" => (Test::Date(LessThan), false),
        "DateLessThanEquals" => (Test::Date(LessThanEquals), false),
        "DateGreaterThan" => (Test::Date(GreaterThan), false),
        "DateGreaterThanEquals" => (Test::Date(GreaterThanEquals), false),
        "Bool" => (Test::Bool, false),
        "BinaryEquals" => (Test::BinaryEquals, false),
        "IpAddress" => (Test::IpAddress, false),
        "NotIpAddress" => (Test::IpAddress, true),
        "ArnEquals" | "ArnLike" => (Test::Arn, false),
        "ArnNotEquals" | "ArnNotLike" => (Test::Arn, true),
        "Null" => (Test::Null, false),
        _ => return None,
    };
    Some(found)
}

/// A policy value parsed for its operator's family.
#[derive(Debug, Clone)]
pub(crate) enum Parsed {
    Text(String),
    Number(f64),
    Date(Instant),
    Bool(bool),
    Cidr(Cidr),
    /// Not a value of the family (e.g. `abc` for a Numeric operator): matches nothing.
    Invalid,
}

/// One compiled policy value of a condition entry.
#[derive(Debug, Clone)]
pub(crate) enum Operand {
    Scalar {
        template: Template,
        fixed: Option<Parsed>,
    },
    Like(Pattern),
    Arn(ArnPattern),
}

impl Operand {
    pub(crate) fn new(test: Test, text: &str, variables: bool) -> Operand {
        let template = Template::parse(text, variables);
        match test {
            Test::StringLike => Operand::Like(Pattern::new(template)),
            Test::Arn => Operand::Arn(ArnPattern::new(template)),
            _ => {
                let fixed = template.fixed_text().map(|t| parse_value(test, &t));
                Operand::Scalar { template, fixed }
            }
        }
    }

    pub(crate) fn template(&self) -> &Template {
        match self {
            Operand::Scalar { template, .. } => template,
            Operand::Like(pattern) => pattern.template(),
            Operand::Arn(pattern) => pattern.template(),
        }
    }

    /// The un-negated test of the context value `found.values()[i]` against this policy value.
    pub(crate) fn test(
        &self,
        test: Test,
        found: &ContextEntry,
        i: usize,
        context: &ContextKeys,
    ) -> bool {
        let Some(value) = found.values().get(i) else {
            return false;
        };
        let value = value.as_str();
        let parsed;
        let policy = match self {
            Operand::Like(pattern) => return pattern.matches(value, context),
            Operand::Arn(pattern) => return pattern.matches(value, context),
            Operand::Scalar {
                fixed: Some(fixed), ..
            } => fixed,
            Operand::Scalar {
                template,
                fixed: None,
            } => match template.resolve_text(context) {
                Some(text) => {
                    parsed = parse_value(test, &text);
                    &parsed
                }
                None => return false,
            },
        };
        match (test, policy) {
            (Test::StringEquals | Test::BinaryEquals, Parsed::Text(p)) => value == p,
            (Test::StringEqualsIgnoreCase, Parsed::Text(p)) => {
                value.chars().flat_map(char::to_lowercase).eq(p.chars())
            }
            (Test::Numeric(order), Parsed::Number(p)) => value
                .trim()
                .parse::<f64>()
                .is_ok_and(|v| order.holds(v, *p)),
            (Test::Date(order), Parsed::Date(p)) => {
                found.date(i).is_some_and(|v| order.holds(v, *p))
            }
            (Test::Bool, Parsed::Bool(p)) => parse_bool(value) == Some(*p),
            (Test::IpAddress, Parsed::Cidr(p)) => {
                found.cidr(i).is_some_and(|v| p.contains_parsed(v))
            }
            _ => false,
        }
    }
}

fn parse_value(test: Test, text: &str) -> Parsed {
    let parsed = match test {
        Test::StringEquals | Test::BinaryEquals => Some(Parsed::Text(text.to_string())),
        Test::StringEqualsIgnoreCase => Some(Parsed::Text(text.to_lowercase())),
        Test::Numeric(_) => text.trim().parse().ok().map(Parsed::Number),
        Test::Date(_) => date::parse(text).map(Parsed::Date),
        Test::Bool | Test::Null => parse_bool(text).map(Parsed::Bool),
        Test::IpAddress => Cidr::parse(text).map(Parsed::Cidr),
        Test::StringLike | Test::Arn => None,
    };
    parsed.unwrap_or(Parsed::Invalid)
}

fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `Null`'s policy value: `true` asks for the key to be absent.
pub(crate) fn null_wants_absent(operand: &Operand, context: &ContextKeys) -> Option<bool> {
    match operand {
        Operand::Scalar {
            fixed: Some(Parsed::Bool(b)),
            ..
        } => Some(*b),
        Operand::Scalar {
            template,
            fixed: None,
        } => template.resolve_text(context).and_then(|t| parse_bool(&t)),
        _ => None,
    }
}
