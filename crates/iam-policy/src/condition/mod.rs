//! The Condition element: blocks of `operator: {key: values}`, set qualifiers (`ForAnyValue:`,
//! `ForAllValues:`), `IfExists`, and AWS's rules for keys missing from the request; IAM User Guide
//! reference_policies_elements_condition_logic_multiple_context_keys_or_values.md and
//! reference_policies_multi-value-conditions.md.
//!
//! Keys of one block AND together, values of one key OR together, blocks AND together.

pub(crate) mod date;
pub(crate) mod ip;
mod operator;

use crate::context::{ContextKeys, Key};
use operator::{Operand, Test};

pub(crate) use operator::lookup as lookup_operator;

/// How a block treats multivalued context keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Qualifier {
    /// Plain operator: any context value matching any policy value.
    Single,
    /// `ForAnyValue:`: at least one context value matches; a missing key is false.
    AnyValue,
    /// `ForAllValues:`: every context value matches; a missing or empty key is true.
    AllValues,
}

/// Splits `ForAnyValue:StringLikeIfExists` into qualifier, operator and `IfExists`; `None` when
/// the operator is unknown (AWS accepts an unknown operator only with an empty block).
pub(crate) fn split_operator(name: &str) -> Option<(Option<&str>, &str, bool)> {
    let (qualifier, rest) = if let Some(rest) = name.strip_prefix("ForAnyValue:") {
        (Some("ForAnyValue"), rest)
    } else if let Some(rest) = name.strip_prefix("ForAllValues:") {
        (Some("ForAllValues"), rest)
    } else {
        (None, name)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    lookup_operator(base)?;
    Some((qualifier, base, if_exists))
}

#[derive(Debug, Clone)]
struct Entry {
    /// Lowercased: condition keys are case-insensitive.
    key: Key,
    /// As written, for GetContextKeysFor*Policy and missing-key reports.
    source_key: String,
    values: Vec<Operand>,
}

/// One `operator: {key: values}` block, compiled.
#[derive(Debug, Clone)]
pub(crate) struct ConditionBlock {
    test: Test,
    negated: bool,
    qualifier: Qualifier,
    if_exists: bool,
    entries: Vec<Entry>,
}

impl ConditionBlock {
    /// `values` per key are the JSON scalars' texts; `variables` is false for 2008-10-17.
    /// `None` for an unknown operator (its block is empty after validation and imposes nothing).
    pub(crate) fn new(
        name: &str,
        keys: Vec<(String, Vec<String>)>,
        variables: bool,
    ) -> Option<Self> {
        let (qualifier, base, if_exists) = split_operator(name)?;
        let (test, negated) = lookup_operator(base)?;
        let qualifier = match qualifier {
            Some("ForAnyValue") => Qualifier::AnyValue,
            Some(_) => Qualifier::AllValues,
            None => Qualifier::Single,
        };
        let entries = keys
            .into_iter()
            .map(|(key, values)| Entry {
                key: Key::new(&key),
                values: values
                    .iter()
                    .map(|v| Operand::new(test, v, variables))
                    .collect(),
                source_key: key,
            })
            .collect();
        Some(ConditionBlock {
            test,
            negated,
            qualifier,
            if_exists,
            entries,
        })
    }

    /// Keys this block reads, as written: the condition keys and the variables in its values.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().flat_map(|e| {
            std::iter::once(e.source_key.as_str())
                .chain(e.values.iter().flat_map(|v| v.template().variable_keys()))
        })
    }

    /// Whether every key of the block holds; keys absent from `context` are added to `missing`.
    pub(crate) fn holds(&self, context: &ContextKeys, missing: &mut Vec<String>) -> bool {
        self.entries
            .iter()
            .all(|entry| self.entry_holds(entry, context, missing))
    }

    fn entry_holds(&self, entry: &Entry, context: &ContextKeys, missing: &mut Vec<String>) -> bool {
        let present = context.entry(&entry.key);
        if self.test == Test::Null {
            // Null tests presence itself: `true` asks for the key to be absent.
            let absent = present.is_none_or(|e| e.values().is_empty());
            return entry
                .values
                .iter()
                .any(|v| operator::null_wants_absent(v, context) == Some(absent));
        }
        let found = match present {
            Some(found) if !found.values().is_empty() => found,
            _ => {
                if present.is_none()
                    && !missing
                        .iter()
                        .any(|m| m.eq_ignore_ascii_case(entry.key.as_str()))
                {
                    missing.push(entry.source_key.clone());
                }
                // AWS: IfExists makes an absent key pass; ForAllValues over nothing is vacuously
                // true; a negated operator (StringNotEquals, NotIpAddress, …) holds when there is
                // nothing to equal; every other operator is false.
                return self.if_exists
                    || match self.qualifier {
                        Qualifier::AllValues => true,
                        Qualifier::AnyValue => false,
                        Qualifier::Single => self.negated,
                    };
            }
        };
        let one = |i: usize| {
            let matched = entry
                .values
                .iter()
                .any(|operand| operand.test(self.test, found, i, context));
            matched != self.negated
        };
        let mut values = 0..found.values().len();
        match self.qualifier {
            Qualifier::AllValues => values.all(one),
            Qualifier::AnyValue => values.any(one),
            // A plain operator on several values: positive operators need one value to match,
            // negated ones need none to match the policy's values.
            Qualifier::Single if self.negated => values.all(one),
            Qualifier::Single => values.any(one),
        }
    }
}
