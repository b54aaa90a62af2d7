//! Wildcard matching for the policy language: `*` matches any run of characters, `?` exactly one.
//! Implements the wildcard rules of the IAM User Guide (reference_policies_elements_action.md,
//! reference_policies_elements_resource.md, the `StringLike` operator).
//!
//! Patterns are compiled into tokens once at parse time, never turned into a regex: a policy's
//! `.` or `+` must stay a literal character (moto's regex-by-replacement lets `.` match anything).
//! Compiling also picks a shape: most policy patterns are a literal, `prefix*`, `*suffix` or
//! literals between stars, which match with anchored compares and leftmost searches on bytes;
//! patterns with `?` or policy variables take the segment matcher.
//!
//! No match backtracks, whatever the caller sends (SimulateCustomPolicy takes both the pattern and
//! the text from the request). The `*`s cut a pattern into segments of fixed length in characters:
//! the first and the last are anchored and compared in place (the last one backwards from the
//! end of the text), and each one between is taken at its leftmost occurrence after the previous
//! one, which leaves the most room for the rest, so no position is ever tried twice for the same
//! segment. (The classic two-pointer matcher with single-star backtracking, which this replaces,
//! retries the segment after the last `*` at every position: O(text × pattern), 3 s for `*` +
//! `a?`×30,000 + `b` against 60,000 `a`s.)
//!
//! A leftmost occurrence is first looked for by comparing at each position, the fastest way on
//! policy-sized input. Those compares draw on a [`Budget`] of a few times the size of the input,
//! shared by the whole match; once it is spent, the search goes on with a bounded worst case:
//! Two-Way (`str::find`, O(text + segment)) for a segment without `?`, bit-parallel Shift-And
//! (O(text × ⌈segment / 64⌉)) for a segment with `?`. So a match is linear in the text for any
//! pattern whose segments with `?` are at most 64 characters long; beyond that it costs at most
//! O(text × segment / 64), 45-70 ms for a 60,000-character segment in a 120,000-character text
//! (`benches/glob.rs`).

use std::collections::HashMap;

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
            // Consecutive `*` mean the same as one: collapsed, no segment between stars is empty.
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
    /// Anything with `?` or variables: the segment matcher over the tokens. `stars` holds the
    /// indexes of the first and the last `*` token, `None` when there is none.
    General { stars: Option<(usize, usize)> },
}

/// A compiled wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Glob {
    tokens: Vec<Token>,
    shape: Shape,
    /// The first byte every match starts with, when the pattern starts with a literal: most
    /// patterns a request meets fail on it, before any dispatch on the shape.
    lead: Option<u8>,
    /// How many variable values a match needs (one more than the highest [`Token::Var`] index).
    vars: usize,
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
        let vars = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Var(n) => Some(n + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        Glob {
            tokens,
            shape,
            lead,
            vars,
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
            let first = tokens.iter().position(|t| *t == Token::AnyRun);
            let last = tokens.iter().rposition(|t| *t == Token::AnyRun);
            Shape::General {
                stars: first.zip(last),
            }
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

    /// The pattern as text: its literals as held (lowercased after [`Glob::to_ascii_lowercase`]),
    /// `*` and `?`, runs of `*` collapsed. `None` for a pattern with a variable or a literal
    /// `*`/`?` (escapes), which text cannot say; patterns from [`Glob::new`] have neither.
    pub(crate) fn pattern(&self) -> Option<String> {
        let mut text = String::new();
        for token in &self.tokens {
            match token {
                Token::Literal(l) if !l.contains(['*', '?']) => text.push_str(l),
                Token::AnyRun => text.push('*'),
                Token::AnyOne => text.push('?'),
                Token::Literal(_) | Token::Var(_) => return None,
            }
        }
        Some(text)
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
        self.matches_budgeted(text, vars, Budget::new(text.len(), self.tokens.len()))
    }

    /// [`Glob::matches_with`] with the given budget for the per-position compares (tests force
    /// the bounded searches with an empty one).
    #[inline]
    fn matches_budgeted(&self, text: &str, vars: &[&str], mut budget: Budget) -> bool {
        if let Some(lead) = self.lead
            && text.as_bytes().first() != Some(&lead)
        {
            return false;
        }
        let bytes = text.as_bytes();
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
            } => stars(literals, *anchored_start, *anchored_end, text, &mut budget),
            Shape::General { stars } => self.segments(*stars, text, vars, &mut budget),
        }
    }

    /// The segment matcher (module documentation): anchored head and tail, then each segment
    /// between stars at its leftmost occurrence.
    fn segments(
        &self,
        stars: Option<(usize, usize)>,
        text: &str,
        vars: &[&str],
        budget: &mut Budget,
    ) -> bool {
        // A variable without a value cannot match (callers resolve every one first).
        if vars.len() < self.vars {
            return false;
        }
        let tokens = self.tokens.as_slice();
        let bytes = text.as_bytes();
        let Some((first, last)) = stars else {
            return forward(tokens, bytes, 0, vars, &mut 0) == Some(bytes.len());
        };
        let (Some(head), Some(tail)) = (tokens.get(..first), tokens.get(last + 1..)) else {
            return false;
        };
        let Some(mut lo) = forward(head, bytes, 0, vars, &mut 0) else {
            return false;
        };
        // INVARIANT (char-boundary): `forward` and `backward` step over whole literals and whole
        // characters from a boundary, so `lo` and `hi` are char boundaries.
        let Some(hi) = backward(tail, bytes, lo, vars) else {
            return false;
        };
        if first == last {
            // One star, which takes everything between head and tail.
            return true;
        }
        let (Some(window), Some(middle)) = (text.get(..hi), tokens.get(first + 1..last)) else {
            return false;
        };
        for segment in middle.split(|t| *t == Token::AnyRun) {
            match search(segment, window, lo, vars, budget) {
                Some(end) => lo = end,
                None => return false,
            }
        }
        true
    }
}

/// Work the per-position compares of one match may do before the searches switch to their
/// bounded forms: a few times the size of the input, which policy-sized input never spends and
/// adversarial input spends in linear time. One unit is a step over one token, plus one per
/// 8 bytes of a literal compared.
#[derive(Debug)]
struct Budget(usize);

impl Budget {
    fn new(text_len: usize, tokens: usize) -> Self {
        Budget(
            text_len
                .saturating_add(tokens)
                .saturating_mul(4)
                .saturating_add(256),
        )
    }

    /// Takes `cost` from the budget; `false` (and the budget empty) when it does not cover it.
    fn spend(&mut self, cost: usize) -> bool {
        match self.0.checked_sub(cost) {
            Some(left) => {
                self.0 = left;
                true
            }
            None => {
                self.0 = 0;
                false
            }
        }
    }
}

/// What a token of a `*`-free segment matches.
#[derive(Debug, Clone, Copy)]
enum Unit<'a> {
    /// Exactly this text.
    Text(&'a str),
    /// `?`: any one character.
    One,
}

/// `None` for a variable without a value (and for `*`, which no segment holds): no match.
fn unit<'a>(token: &'a Token, vars: &[&'a str]) -> Option<Unit<'a>> {
    match token {
        Token::Literal(lit) => Some(Unit::Text(lit)),
        Token::Var(n) => vars.get(*n).map(|v| Unit::Text(v)),
        Token::AnyOne => Some(Unit::One),
        Token::AnyRun => None,
    }
}

/// Matches the `*`-free `segment` at `pos` of `bytes`: the end of the match, or `None`. Adds
/// the work done to `cost` (see [`Budget`]).
fn forward(
    segment: &[Token],
    bytes: &[u8],
    mut pos: usize,
    vars: &[&str],
    cost: &mut usize,
) -> Option<usize> {
    for token in segment {
        *cost += 1;
        match unit(token, vars)? {
            Unit::Text(lit) => {
                let lit = lit.as_bytes();
                *cost += lit.len() / 8;
                if !bytes
                    .get(pos..pos + lit.len())
                    .is_some_and(|t| bytes_eq(lit, t))
                {
                    return None;
                }
                pos += lit.len();
            }
            Unit::One => pos += char_len(*bytes.get(pos)?),
        }
    }
    Some(pos)
}

/// Matches the `*`-free `segment` so that it ends at the end of `bytes` and starts at or after
/// `floor` (a char boundary): the start of the match, or `None`.
fn backward(segment: &[Token], bytes: &[u8], floor: usize, vars: &[&str]) -> Option<usize> {
    let mut end = bytes.len();
    for token in segment.iter().rev() {
        match unit(token, vars)? {
            Unit::Text(lit) => {
                let lit = lit.as_bytes();
                let start = end.checked_sub(lit.len()).filter(|&s| s >= floor)?;
                if !bytes.get(start..end).is_some_and(|t| bytes_eq(lit, t)) {
                    return None;
                }
                end = start;
            }
            Unit::One => {
                if end <= floor {
                    return None;
                }
                end -= 1;
                while end > floor && bytes.get(end).is_some_and(|&b| b & 0xC0 == 0x80) {
                    end -= 1;
                }
            }
        }
    }
    Some(end)
}

/// The end of the leftmost occurrence of the `*`-free `segment` in `text` starting at or after
/// `lo` (a char boundary).
fn search(
    segment: &[Token],
    text: &str,
    lo: usize,
    vars: &[&str],
    budget: &mut Budget,
) -> Option<usize> {
    if let [token] = segment
        && let Some(Unit::Text(needle)) = unit(token, vars)
    {
        return find(text, lo, needle, budget).map(|at| at + needle.len());
    }
    let bytes = text.as_bytes();
    let mut start = lo;
    loop {
        let mut cost = 0;
        if let Some(end) = forward(segment, bytes, start, vars, &mut cost) {
            return Some(end);
        }
        if !budget.spend(cost) {
            return search_bounded(segment, text, start, vars);
        }
        start += char_len(*bytes.get(start)?);
    }
}

/// [`search`] once the budget is spent: Two-Way for a segment without `?`, Shift-And for one
/// with `?`. `start` is a char boundary.
fn search_bounded(segment: &[Token], text: &str, start: usize, vars: &[&str]) -> Option<usize> {
    let rest = text.get(start..)?;
    let mut units = Vec::new();
    for token in segment {
        match unit(token, vars)? {
            Unit::Text(lit) => units.extend(lit.chars().map(Some)),
            Unit::One => units.push(None),
        }
    }
    if units.iter().all(Option::is_some) {
        let needle: String = units.into_iter().flatten().collect();
        rest.find(needle.as_str())
            .map(|at| start + at + needle.len())
    } else {
        shift_and(&units, rest).map(|end| start + end)
    }
}

/// The end of the leftmost occurrence in `text` of `units` (`None` is `?`), by the bit-parallel
/// Shift-And algorithm: after each character read, bit `j` of the state says whether the last
/// `j + 1` characters match the first `j + 1` units. O(len(text) · ⌈units / 64⌉) time whatever
/// the pattern and the text, O(units) memory.
fn shift_and(units: &[Option<char>], text: &str) -> Option<usize> {
    /// The units a character matches: a full mask for a character at more than `words`
    /// positions (fewer than 64 such characters, as there are at most `64 · words` units), the
    /// positions otherwise, so one step costs O(words) either way.
    enum Class {
        Mask(Vec<u64>),
        Positions(Vec<usize>),
    }
    let Some(last) = units.len().checked_sub(1) else {
        return Some(0);
    };
    let words = units.len().div_ceil(64);
    let bit = |state: &[u64], j: usize| state.get(j / 64).is_some_and(|w| w >> (j % 64) & 1 == 1);
    // The units `?` takes: every character matches them.
    let mut any = vec![0u64; words];
    let mut at: HashMap<char, Vec<usize>> = HashMap::new();
    for (j, unit) in units.iter().enumerate() {
        match unit {
            None => any[j / 64] |= 1 << (j % 64),
            Some(c) => at.entry(*c).or_default().push(j),
        }
    }
    let mut classes = Vec::with_capacity(at.len());
    // The index in `classes` of each character of the pattern, ASCII in a table.
    let mut ascii = [usize::MAX; 128];
    let mut other = HashMap::new();
    for (c, positions) in at {
        let class = if positions.len() > words {
            let mut mask = any.clone();
            for j in positions {
                mask[j / 64] |= 1 << (j % 64);
            }
            Class::Mask(mask)
        } else {
            Class::Positions(positions)
        };
        match ascii.get_mut(c as usize) {
            Some(slot) => *slot = classes.len(),
            None => {
                other.insert(c, classes.len());
            }
        }
        classes.push(class);
    }
    let mut state = vec![0u64; words];
    let mut next = vec![0u64; words];
    for (i, c) in text.char_indices() {
        let index = match ascii.get(c as usize) {
            Some(&index) => Some(index),
            None => other.get(&c).copied(),
        };
        let class = index.and_then(|index| classes.get(index));
        let mask = match class {
            Some(Class::Mask(mask)) => mask,
            _ => &any,
        };
        // next = ((state << 1) | 1) & mask, over the words, low word first.
        let mut carry = 1;
        for ((n, &s), &m) in next.iter_mut().zip(&state).zip(mask) {
            *n = ((s << 1) | carry) & m;
            carry = s >> 63;
        }
        if let Some(Class::Positions(positions)) = class {
            for &j in positions {
                if j == 0 || bit(&state, j - 1) {
                    next[j / 64] |= 1 << (j % 64);
                }
            }
        }
        std::mem::swap(&mut state, &mut next);
        if bit(&state, last) {
            return Some(i + c.len_utf8());
        }
    }
    None
}

/// Literals separated by `*`: the anchored ends are compared in place, and each literal between
/// them is taken at its leftmost occurrence after the previous one (leaving the most room for the
/// rest, so no backtracking is needed).
///
/// Byte compares agree with character matching: a literal is valid UTF-8 and starts with a
/// non-continuation byte, so a byte-level occurrence always begins at a char boundary of `text`.
fn stars(
    literals: &[Box<str>],
    anchored_start: bool,
    anchored_end: bool,
    text: &str,
    budget: &mut Budget,
) -> bool {
    let mut middle = literals;
    let bytes = text.as_bytes();
    let (mut lo, mut hi) = (0usize, bytes.len());
    if anchored_start {
        let Some((first, rest)) = middle.split_first() else {
            // No tokens at all: the empty pattern matches only the empty text.
            return bytes.is_empty();
        };
        let first = first.as_bytes();
        if !bytes.get(..first.len()).is_some_and(|t| bytes_eq(first, t)) {
            return false;
        }
        if rest.is_empty() && anchored_end {
            // A single literal: the whole text.
            return bytes.len() == first.len();
        }
        lo = first.len();
        middle = rest;
    }
    if anchored_end && let Some((last, rest)) = middle.split_last() {
        let last = last.as_bytes();
        if hi - lo < last.len() || !bytes_eq(last, &bytes[hi - last.len()..]) {
            return false;
        }
        hi -= last.len();
        middle = rest;
    }
    let Some(window) = text.get(..hi) else {
        return false;
    };
    for literal in middle {
        match find(window, lo, literal, budget) {
            Some(at) => lo = at + literal.len(),
            None => return false,
        }
    }
    true
}

/// Leftmost occurrence of `needle` in `text` at or after `lo` (a char boundary): compares at
/// each position holding the needle's first byte, then hands over to Two-Way (`str::find`,
/// linear) once the budget is spent.
fn find(text: &str, lo: usize, needle: &str, budget: &mut Budget) -> Option<usize> {
    let (bytes, wanted) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = wanted.first() else {
        return Some(lo);
    };
    let last_start = bytes.len().checked_sub(wanted.len())?;
    let mut at = lo;
    while at <= last_start {
        if bytes[at] == first {
            if bytes_eq(wanted, &bytes[at..at + wanted.len()]) {
                return Some(at);
            }
            if !budget.spend(1 + wanted.len() / 8) {
                // INVARIANT (char-boundary): `bytes[at]` equals the needle's first byte, which
                // starts a character, so `at` is a char boundary.
                return text.get(at..)?.find(needle).map(|i| at + i);
            }
        }
        at += 1;
    }
    None
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
mod tests;
