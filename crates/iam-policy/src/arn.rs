//! Matching Resource elements and `Arn*` condition values against ARNs: each of the first five
//! colon-separated segments is matched on its own, so a wildcard never spills from the region into
//! the account; the sixth segment (the resource part) may itself contain colons.
//! IAM User Guide reference_policies_elements_resource.md and the `ArnLike` operator.

use crate::context::ContextKeys;
use crate::glob::{Glob, bytes_eq};
use crate::template::Template;

/// `arn:partition:service:region:account:resource`
const ARN_SEGMENTS: usize = 6;

/// A compiled pattern: its glob is built once at parse time, with the template's variables as
/// placeholders filled from the request when matching.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    template: Template,
    glob: Glob,
    has_variables: bool,
}

impl Pattern {
    pub(crate) fn new(template: Template) -> Self {
        Pattern {
            glob: template.to_glob(),
            has_variables: template.has_variables(),
            template,
        }
    }

    pub(crate) fn template(&self) -> &Template {
        &self.template
    }

    /// The text matched when the pattern has no wildcards and no variables.
    fn literal(&self) -> Option<&str> {
        self.glob.as_literal()
    }

    pub(crate) fn matches(&self, text: &str, context: &ContextKeys) -> bool {
        if self.has_variables {
            self.template
                .with_values(context, |values| self.glob.matches_with(text, values))
                .unwrap_or(false)
        } else {
            self.glob.matches(text)
        }
    }
}

/// Matched segment by segment: a pattern of k < 6 segments lets its last segment take the rest
/// of the ARN (`arn:aws:*`), but no wildcard crosses into an earlier segment's place.
#[derive(Debug, Clone)]
pub(crate) struct ArnPattern {
    template: Template,
    /// `*` (after substituting nothing): every ARN, and values that are not ARNs at all.
    match_all: bool,
    /// The leading segments that are plain text (no wildcard, no variable), each followed by its
    /// `:`, e.g. `arn:aws:iam::`: one compare instead of one match per segment. Never includes
    /// the last segment, which takes the rest of the ARN.
    literal_prefix: String,
    /// The segments after `literal_prefix`.
    segments: Vec<Pattern>,
}

impl ArnPattern {
    pub(crate) fn new(template: Template) -> Self {
        let mut segments: Vec<Pattern> = template
            .split_colons(ARN_SEGMENTS)
            .into_iter()
            .map(Pattern::new)
            .collect();
        // `*` alone has no colon: a single segment, whose glob is the whole pattern's.
        let match_all = match segments.as_slice() {
            [only] => !only.has_variables && only.glob.is_match_all(),
            _ => false,
        };
        // INVARIANT (colon-free-segments): a segment before the last holds no `:` of the source
        // text (`split_colons` cut there) and, being literal, no variable value either; so the
        // ARN's first k parts equal k literal segments exactly when the ARN starts with them
        // joined and followed by `:`.
        let literal_count = segments.split_last().map_or(0, |(_, leading)| {
            leading.iter().take_while(|s| s.literal().is_some()).count()
        });
        let mut literal_prefix = String::new();
        for segment in segments.drain(..literal_count) {
            literal_prefix.push_str(segment.literal().unwrap_or_default());
            literal_prefix.push(':');
        }
        ArnPattern {
            match_all,
            template,
            literal_prefix,
            segments,
        }
    }

    pub(crate) fn template(&self) -> &Template {
        &self.template
    }

    pub(crate) fn matches(&self, arn: &str, context: &ContextKeys) -> bool {
        if self.match_all {
            return true;
        }
        let prefix = self.literal_prefix.as_bytes();
        if !arn
            .as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| bytes_eq(prefix, head))
        {
            return false;
        }
        // INVARIANT (colon-free-segments) makes the prefix end at a char boundary (`:`).
        let mut rest = &arn[prefix.len()..];
        let Some((last, leading)) = self.segments.split_last() else {
            return false;
        };
        // Each leading segment takes the text up to the next `:`; the last takes the rest.
        for segment in leading {
            let Some(colon) = rest.bytes().position(|b| b == b':') else {
                return false;
            };
            if !segment.matches(&rest[..colon], context) {
                return false;
            }
            rest = &rest[colon + 1..];
        }
        last.matches(rest, context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, arn: &str) -> bool {
        let mut context = ContextKeys::new();
        context.set("aws:username", "bob");
        ArnPattern::new(Template::parse(pattern, true)).matches(arn, &context)
    }

    #[test]
    fn segment_matching() {
        assert!(matches("*", "arn:aws:s3:::b"));
        assert!(matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y/z"));
        assert!(matches(
            "arn:aws:iam::*:user/${aws:username}",
            "arn:aws:iam::123456789012:user/bob"
        ));
        assert!(!matches(
            "arn:aws:iam::*:user/${aws:username}",
            "arn:aws:iam::123456789012:user/al"
        ));
        // A wildcard in the region must not swallow the account segment.
        assert!(!matches(
            "arn:aws:ec2:us-*1:instance/i",
            "arn:aws:ec2:us-east-1:123:instance/i"
        ));
        assert!(matches(
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:us-east-1:123:instance/i-1"
        ));
        assert!(!matches("arn:aws:s3:::b", "arn:aws:s3:::B"));
        assert!(matches("arn:aws:*", "arn:aws:s3:::b"));
        // Literal leading segments compare as one prefix, colons included.
        assert!(!matches("arn:aws:*", "arn:aws"));
        assert!(!matches("arn:aws:iam::123:user/x", "arn:aws:iam::123"));
        assert!(!matches("arn:aws:iam::*:user/x", "arn:aws:iam:123:user/x"));
        assert!(matches(
            "arn:aws:iam::*:user/x:y",
            "arn:aws:iam::1:user/x:y"
        ));
        assert!(matches("arn", "arn"));
        assert!(!matches("arn", "arn:aws"));
        // A variable stands for one segment: it ends at the next `:`.
        assert!(!matches(
            "arn:aws:iam::${aws:username}:user/x",
            "arn:aws:iam::bob:user/x:user/x"
        ));
    }
}
