//! Matching Resource elements and `Arn*` condition values against ARNs: each of the first five
//! colon-separated segments is matched on its own, so a wildcard never spills from the region into
//! the account; the sixth segment (the resource part) may itself contain colons.
//! IAM User Guide reference_policies_elements_resource.md and the `ArnLike` operator.

use crate::context::ContextKeys;
use crate::glob::Glob;
use crate::template::Template;

/// `arn:partition:service:region:account:resource`
const ARN_SEGMENTS: usize = 6;

/// A compiled pattern: the glob is built once when the value has no variables.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    template: Template,
    fixed: Option<Glob>,
}

impl Pattern {
    pub(crate) fn new(template: Template) -> Self {
        let fixed = if template.has_variables() {
            None
        } else {
            template.resolve_glob(None)
        };
        Pattern { template, fixed }
    }

    pub(crate) fn template(&self) -> &Template {
        &self.template
    }

    pub(crate) fn matches(&self, text: &str, context: &ContextKeys) -> bool {
        match &self.fixed {
            Some(glob) => glob.matches(text),
            None => self
                .template
                .resolve_glob(Some(context))
                .is_some_and(|g| g.matches(text)),
        }
    }
}

/// Matched segment by segment: a pattern of k < 6 segments lets its last segment take the rest
/// of the ARN (`arn:aws:*`), but no wildcard crosses into an earlier segment's place.
#[derive(Debug, Clone)]
pub(crate) struct ArnPattern {
    whole: Pattern,
    segments: Vec<Pattern>,
}

impl ArnPattern {
    pub(crate) fn new(template: Template) -> Self {
        let segments = template
            .split_colons(ARN_SEGMENTS)
            .into_iter()
            .map(Pattern::new)
            .collect();
        ArnPattern {
            whole: Pattern::new(template),
            segments,
        }
    }

    pub(crate) fn template(&self) -> &Template {
        self.whole.template()
    }

    pub(crate) fn matches(&self, arn: &str, context: &ContextKeys) -> bool {
        if let Some(glob) = &self.whole.fixed
            && glob.is_match_all()
        {
            return true;
        }
        let mut parts = arn.splitn(self.segments.len(), ':');
        self.segments.iter().all(|segment| {
            parts
                .next()
                .is_some_and(|part| segment.matches(part, context))
        })
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
    }
}
