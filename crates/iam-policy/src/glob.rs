//! Wildcard matching for the policy language: `*` matches any run of characters, `?` exactly one.
//! Implements the wildcard rules of the IAM User Guide (reference_policies_elements_action.md,
//! reference_policies_elements_resource.md, the `StringLike` operator).
//!
//! Patterns are compiled into tokens once at parse time, never turned into a regex: a policy's
//! `.` or `+` must stay a literal character (moto's regex-by-replacement lets `.` match anything).
//! Compiling also picks a shape: most policy patterns are a literal, `prefix*`, `*suffix` or
//! literals between stars, which match with anchored compares and leftmost searches on bytes; only
//! patterns with `?` or policy variables take the backtracking matcher.

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// Never empty: [`Tokens::push_literal`] drops empty text.
    Literal(Box<str>),
    /// The value of the `n`th policy variable, supplied when matching; always literal.
    Var(usize),
    /// `*`: any run of characters, including none.
    AnyRun,
    /// `?`: exactly one character.
    AnyOne,
}

/// A pattern being built from source text, escapes and variables.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tokens(Vec<Token>);

impl Tokens {
    /// Appends `text` with `*` and `?` read as wildcards.
    pub(crate) fn push_pattern(&mut self, text: &str) {
        let mut rest = text;
        while let Some(i) = rest.find(['*', '?']) {
            self.push_literal(&rest[..i]);
            // INVARIANT (char-boundary): `*` and `?` are ASCII, so `i + 1` is a char boundary.
            let token = if rest.as_bytes()[i] == b'*' {
                Token::AnyRun
            } else {
                Token::AnyOne
            };
            // Consecutive `*` mean the same as one; collapsing keeps backtracking linear.
            if !(token == Token::AnyRun && self.0.last() == Some(&Token::AnyRun)) {
                self.0.push(token);
            }
            rest = &rest[i + 1..];
        }
        self.push_literal(rest);
    }

    /// Appends `text` with every character literal (`${*}` escapes).
    pub(crate) fn push_literal(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Token::Literal(last)) = self.0.last_mut() {
            let mut joined = String::with_capacity(last.len() + text.len());
            joined.push_str(last);
            joined.push_str(text);
            *last = joined.into_boxed_str();
        } else {
            self.0.push(Token::Literal(text.into()));
        }
    }

    /// Appends the value of variable `n`, literal whatever it holds (a `*` inside a user's tag
    /// value must not widen the grant).
    pub(crate) fn push_var(&mut self, n: usize) {
        self.0.push(Token::Var(n));
    }

    pub(crate) fn build(self) -> Glob {
        Glob::from_tokens(self.0)
    }
}

/// How a compiled pattern is matched, chosen once from its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// `*` alone.
    Any,
    /// No wildcard: the text itself (empty for the empty pattern).
    Exact(Box<str>),
    /// `literal*`
    Prefix(Box<str>),
    /// `*literal`
    Suffix(Box<str>),
    /// Any other mix of literals and `*` (no `?`, no variables): `anchored_start`/`anchored_end`
    /// say whether the pattern begins/ends with a literal.
    Stars {
        literals: Vec<Box<str>>,
        anchored_start: bool,
        anchored_end: bool,
    },
    /// Anything with `?` or variables: the backtracking matcher over the tokens.
    General,
}

/// A compiled wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Glob {
    tokens: Vec<Token>,
    shape: Shape,
    /// The first byte every match starts with, when the pattern starts with a literal: most
    /// patterns a request meets fail on it, before any dispatch on the shape.
    lead: Option<u8>,
}

impl Glob {
    /// Compiles `pattern`, where `*` and `?` are wildcards and every other character is literal.
    pub(crate) fn new(pattern: &str) -> Self {
        let mut tokens = Tokens::default();
        tokens.push_pattern(pattern);
        tokens.build()
    }

    fn from_tokens(tokens: Vec<Token>) -> Self {
        use Token::{AnyRun, Literal};
        let shape = match tokens.as_slice() {
            [AnyRun] => Shape::Any,
            [] => Shape::Exact("".into()),
            [Literal(l)] => Shape::Exact(l.clone()),
            [Literal(l), AnyRun] => Shape::Prefix(l.clone()),
            [AnyRun, Literal(l)] => Shape::Suffix(l.clone()),
            _ => Self::general_shape(&tokens),
        };
        let lead = match tokens.first() {
            Some(Token::Literal(l)) => l.as_bytes().first().copied(),
            _ => None,
        };
        Glob {
            tokens,
            shape,
            lead,
        }
    }

    fn general_shape(tokens: &[Token]) -> Shape {
        if tokens
            .iter()
            .all(|t| matches!(t, Token::Literal(_) | Token::AnyRun))
        {
            Shape::Stars {
                literals: tokens
                    .iter()
                    .filter_map(|t| match t {
                        Token::Literal(l) => Some(l.clone()),
                        _ => None,
                    })
                    .collect(),
                anchored_start: tokens.first() != Some(&Token::AnyRun),
                anchored_end: tokens.last() != Some(&Token::AnyRun),
            }
        } else {
            Shape::General
        }
    }

    /// The pattern's text when it has no wildcards and no variables.
    pub(crate) fn as_literal(&self) -> Option<&str> {
        match &self.shape {
            Shape::Exact(text) => Some(text),
            _ => None,
        }
    }

    /// The same pattern with literals ASCII-lowercased, for case-insensitive matching.
    pub(crate) fn to_ascii_lowercase(&self) -> Self {
        let tokens = self
            .tokens
            .iter()
            .map(|t| match t {
                Token::Literal(s) => Token::Literal(s.to_ascii_lowercase().into_boxed_str()),
                other => other.clone(),
            })
            .collect();
        Glob::from_tokens(tokens)
    }

    pub(crate) fn is_match_all(&self) -> bool {
        self.shape == Shape::Any
    }

    /// Case-sensitive match of the whole of `text`. For actions, which match case-insensitively,
    /// the pattern comes from [`Glob::to_ascii_lowercase`] and `text` is ASCII-lowercased too.
    pub(crate) fn matches(&self, text: &str) -> bool {
        self.matches_with(text, &[])
    }

    /// Match with `vars[n]` as the value of [`Token::Var`]`(n)`.
    #[inline]
    pub(crate) fn matches_with(&self, text: &str, vars: &[&str]) -> bool {
        let bytes = text.as_bytes();
        if let Some(lead) = self.lead
            && bytes.first() != Some(&lead)
        {
            return false;
        }
        self.matches_shape(bytes, vars)
    }

    fn matches_shape(&self, bytes: &[u8], vars: &[&str]) -> bool {
        match &self.shape {
            Shape::Any => true,
            Shape::Exact(lit) => bytes_eq(lit.as_bytes(), bytes),
            Shape::Prefix(lit) => bytes
                .get(..lit.len())
                .is_some_and(|t| bytes_eq(lit.as_bytes(), t)),
            Shape::Suffix(lit) => bytes
                .len()
                .checked_sub(lit.len())
                .and_then(|start| bytes.get(start..))
                .is_some_and(|t| bytes_eq(lit.as_bytes(), t)),
            Shape::Stars {
                literals,
                anchored_start,
                anchored_end,
            } => stars(literals, *anchored_start, *anchored_end, bytes),
            Shape::General => self.backtrack(bytes, vars),
        }
    }

    /// Iterative matcher that backtracks only to the most recent `*`: a later `*` can absorb
    /// anything an earlier one could, so remembering one position suffices (O(n·m) worst case).
    fn backtrack(&self, bytes: &[u8], vars: &[&str]) -> bool {
        let tokens = self.tokens.as_slice();
        let (mut ti, mut pos) = (0usize, 0usize);
        let mut backtrack: Option<(usize, usize)> = None;
        loop {
            if let Some(token) = tokens.get(ti) {
                let literal = match token {
                    Token::Literal(lit) => Some(lit.as_bytes()),
                    // A variable without a value cannot match (callers resolve every one first).
                    Token::Var(n) => vars.get(*n).map(|v| v.as_bytes()),
                    Token::AnyOne => {
                        if pos < bytes.len() {
                            pos += char_len(bytes[pos]);
                            ti += 1;
                            continue;
                        }
                        None
                    }
                    Token::AnyRun => {
                        if ti + 1 == tokens.len() {
                            return true;
                        }
                        backtrack = Some((ti, pos));
                        ti += 1;
                        continue;
                    }
                };
                if let Some(lit) = literal
                    && let Some(candidate) = bytes.get(pos..pos + lit.len())
                    && bytes_eq(lit, candidate)
                {
                    pos += lit.len();
                    ti += 1;
                    continue;
                }
            } else if pos == bytes.len() {
                return true;
            }
            match backtrack {
                Some((star, from)) if from < bytes.len() => {
                    let next = from + char_len(bytes[from]);
                    backtrack = Some((star, next));
                    ti = star + 1;
                    pos = next;
                }
                _ => return false,
            }
        }
    }
}

/// Literals separated by `*`: the anchored ends are compared in place, and each literal between
/// them is taken at its leftmost occurrence after the previous one (leaving the most room for the
/// rest, so no backtracking is needed).
///
/// Byte compares agree with the character-stepping backtracker: a literal is valid UTF-8 and
/// starts with a non-continuation byte, so a byte-level occurrence always begins at a char
/// boundary of `text`.
fn stars(literals: &[Box<str>], anchored_start: bool, anchored_end: bool, text: &[u8]) -> bool {
    let mut middle = literals;
    let (mut lo, mut hi) = (0usize, text.len());
    if anchored_start {
        let Some((first, rest)) = middle.split_first() else {
            // No tokens at all: the empty pattern matches only the empty text.
            return text.is_empty();
        };
        let first = first.as_bytes();
        if !text.get(..first.len()).is_some_and(|t| bytes_eq(first, t)) {
            return false;
        }
        if rest.is_empty() && anchored_end {
            // A single literal: the whole text.
            return text.len() == first.len();
        }
        lo = first.len();
        middle = rest;
    }
    if anchored_end && let Some((last, rest)) = middle.split_last() {
        let last = last.as_bytes();
        if hi - lo < last.len() || !bytes_eq(last, &text[hi - last.len()..]) {
            return false;
        }
        hi -= last.len();
        middle = rest;
    }
    for literal in middle {
        let literal = literal.as_bytes();
        match find(&text[lo..hi], literal) {
            Some(at) => lo += at + literal.len(),
            None => return false,
        }
    }
    true
}

/// Leftmost occurrence of a non-empty `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let last_start = haystack.len().checked_sub(needle.len())?;
    (0..=last_start).find(|&i| {
        haystack[i] == first
            && haystack
                .get(i..i + needle.len())
                .is_some_and(|h| bytes_eq(needle, h))
    })
}

/// Byte equality without a call to `memcmp`: policy literals and ARN parts are short, and most
/// compares fail in the first word. Short slices compare as two overlapping words.
#[inline]
pub(crate) fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match a.len() {
        0 => true,
        1 => a.first() == b.first(),
        2..4 => {
            a.first_chunk::<2>() == b.first_chunk::<2>()
                && a.last_chunk::<2>() == b.last_chunk::<2>()
        }
        4..8 => {
            a.first_chunk::<4>() == b.first_chunk::<4>()
                && a.last_chunk::<4>() == b.last_chunk::<4>()
        }
        _ => {
            let (mut x, mut y) = (a, b);
            while let (Some((wx, rx)), Some((wy, ry))) =
                (x.split_first_chunk::<8>(), y.split_first_chunk::<8>())
            {
                if wx != wy {
                    return false;
                }
                (x, y) = (rx, ry);
            }
            a.last_chunk::<8>() == b.last_chunk::<8>()
        }
    }
}

/// Length of the UTF-8 sequence a leading byte starts, so wildcards step over whole characters.
fn char_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(text: &str) -> Glob {
        let mut tokens = Tokens::default();
        tokens.push_literal(text);
        tokens.build()
    }

    #[test]
    fn wildcards() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("a*c", "abbbc", true),
            ("a*c", "abbbd", false),
            ("a*c", "ac", true),
            ("a*a", "a", false),
            ("a*a", "aa", true),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("a?c", "aéc", true),
            ("*??", "é", false),
            ("*.txt", "a.txt", true),
            ("*.txt", "atxt", false),
            ("a.c", "abc", false),
            ("*a*b*", "xxaxxbxx", true),
            ("*a*b*", "xxbxxaxx", false),
            ("*ab*ab", "abab", true),
            ("*ab*ab", "aba", false),
            ("iam:Get*", "iam:GetUser", true),
            ("", "", true),
            ("", "a", false),
            ("**a", "ba", true),
            ("*é*", "aéb", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                Glob::new(pattern).matches(text),
                expected,
                "{pattern} vs {text}"
            );
        }
    }

    #[test]
    fn case_folding() {
        let glob = Glob::new("IAM:Get*").to_ascii_lowercase();
        assert!(glob.matches("iam:getuser"));
        assert!(glob.matches(&"IAM:GETUSER".to_ascii_lowercase()));
        assert!(!Glob::new("IAM:Get*").matches("iam:GetUser"));
        let glob = Glob::new("iam:*AccessKey*").to_ascii_lowercase();
        assert!(glob.matches("iam:createaccesskey"));
        assert!(!glob.matches("iam:createaccess"));
    }

    #[test]
    fn literal_stars_do_not_wildcard() {
        let glob = literal("a*");
        assert!(glob.matches("a*"));
        assert!(!glob.matches("ab"));
    }

    #[test]
    fn variables_are_literal() {
        let mut tokens = Tokens::default();
        tokens.push_pattern("home/");
        tokens.push_var(0);
        tokens.push_pattern("/*");
        let glob = tokens.build();
        assert!(glob.matches_with("home/a*/x", &["a*"]));
        assert!(!glob.matches_with("home/ab/x", &["a*"]));
        assert!(glob.matches_with("home//x", &[""]));
        assert!(!glob.matches_with("home/a/x", &[]));
    }

    #[test]
    fn bytes_eq_every_length() {
        let a: Vec<u8> = (0..40).collect();
        for n in 0..a.len() {
            assert!(bytes_eq(&a[..n], &a[..n]));
            assert!(!bytes_eq(&a[..n], &a[..n.saturating_sub(1)]) || n == 0);
            for i in 0..n {
                let mut b = a[..n].to_vec();
                b[i] ^= 0x20;
                assert!(!bytes_eq(&a[..n], &b), "length {n}, byte {i}");
            }
        }
    }

    /// The shape fast paths agree with the backtracker on every pattern and text over a small
    /// alphabet (with a two-byte character).
    #[test]
    fn shapes_agree_with_backtracking() {
        let alphabet = ["a", "b", "é", "*", "?"];
        let mut patterns = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = patterns
                .iter()
                .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
                .collect();
            patterns.extend(longer);
        }
        patterns.sort();
        patterns.dedup();
        let texts: Vec<String> = patterns
            .iter()
            .filter(|p| !p.contains(['*', '?']))
            .cloned()
            .collect();
        for pattern in &patterns {
            let glob = Glob::new(pattern);
            for text in &texts {
                assert_eq!(
                    glob.matches(text),
                    glob.backtrack(text.as_bytes(), &[]),
                    "{pattern} vs {text}"
                );
            }
        }
    }
}
