//! Wildcard matching for the policy language: `*` matches any run of characters, `?` exactly one.
//! Implements the wildcard rules of the IAM User Guide (reference_policies_elements_action.md,
//! reference_policies_elements_resource.md, the `StringLike` operator).
//!
//! Patterns are compiled into tokens once at parse time, never turned into a regex: a policy's
//! `.` or `+` must stay a literal character (moto's regex-by-replacement lets `.` match anything).

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    Literal(String),
    /// `*`: any run of characters, including none.
    AnyRun,
    /// `?`: exactly one character.
    AnyOne,
}

/// A compiled wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Glob {
    tokens: Vec<Token>,
}

impl Glob {
    /// Compiles `pattern`, where `*` and `?` are wildcards and every other character is literal.
    pub(crate) fn new(pattern: &str) -> Self {
        let mut glob = Glob::default();
        glob.push_pattern(pattern);
        glob
    }

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
            if !(token == Token::AnyRun && self.tokens.last() == Some(&Token::AnyRun)) {
                self.tokens.push(token);
            }
            rest = &rest[i + 1..];
        }
        self.push_literal(rest);
    }

    /// Appends `text` with every character literal (policy variable values, `${*}` escapes).
    pub(crate) fn push_literal(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Token::Literal(last)) = self.tokens.last_mut() {
            last.push_str(text);
        } else {
            self.tokens.push(Token::Literal(text.to_string()));
        }
    }

    /// The same pattern with literals ASCII-lowercased, for case-insensitive matching.
    pub(crate) fn to_ascii_lowercase(&self) -> Self {
        let tokens = self
            .tokens
            .iter()
            .map(|t| match t {
                Token::Literal(s) => Token::Literal(s.to_ascii_lowercase()),
                other => other.clone(),
            })
            .collect();
        Glob { tokens }
    }

    pub(crate) fn is_match_all(&self) -> bool {
        self.tokens == [Token::AnyRun]
    }

    /// Case-sensitive match of the whole of `text`.
    pub(crate) fn matches(&self, text: &str) -> bool {
        self.run(text, false)
    }

    /// Match ignoring ASCII case; the pattern must come from [`Glob::to_ascii_lowercase`].
    pub(crate) fn matches_ignore_ascii_case(&self, text: &str) -> bool {
        self.run(text, true)
    }

    /// Iterative matcher that backtracks only to the most recent `*`: a later `*` can absorb
    /// anything an earlier one could, so remembering one position suffices (O(n·m) worst case).
    fn run(&self, text: &str, fold: bool) -> bool {
        let tokens = self.tokens.as_slice();
        let bytes = text.as_bytes();
        let (mut ti, mut pos) = (0usize, 0usize);
        let mut backtrack: Option<(usize, usize)> = None;
        loop {
            if let Some(token) = tokens.get(ti) {
                match token {
                    Token::Literal(lit) => {
                        if let Some(candidate) = bytes.get(pos..pos + lit.len())
                            && literal_eq(lit.as_bytes(), candidate, fold)
                        {
                            pos += lit.len();
                            ti += 1;
                            continue;
                        }
                    }
                    Token::AnyOne => {
                        if pos < bytes.len() {
                            pos += char_len(bytes[pos]);
                            ti += 1;
                            continue;
                        }
                    }
                    Token::AnyRun => {
                        if ti + 1 == tokens.len() {
                            return true;
                        }
                        backtrack = Some((ti, pos));
                        ti += 1;
                        continue;
                    }
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

fn literal_eq(pattern: &[u8], text: &[u8], fold: bool) -> bool {
    if fold {
        pattern
            .iter()
            .zip(text)
            .all(|(p, t)| *p == t.to_ascii_lowercase())
    } else {
        pattern == text
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

    #[test]
    fn wildcards() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("a*c", "abbbc", true),
            ("a*c", "abbbd", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("a?c", "aéc", true),
            ("*??", "é", false),
            ("*.txt", "a.txt", true),
            ("*.txt", "atxt", false),
            ("a.c", "abc", false),
            ("*a*b*", "xxaxxbxx", true),
            ("*a*b*", "xxbxxaxx", false),
            ("iam:Get*", "iam:GetUser", true),
            ("", "", true),
            ("", "a", false),
            ("**a", "ba", true),
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
        assert!(glob.matches_ignore_ascii_case("iam:getuser"));
        assert!(glob.matches_ignore_ascii_case("IAM:GETUSER"));
        assert!(!Glob::new("IAM:Get*").matches("iam:GetUser"));
    }

    #[test]
    fn literal_stars_do_not_wildcard() {
        let mut glob = Glob::default();
        glob.push_literal("a*");
        assert!(glob.matches("a*"));
        assert!(!glob.matches("ab"));
    }
}
