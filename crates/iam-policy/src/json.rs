//! A small JSON reader that keeps each value's byte span, so statements can report where they sit
//! in the source (SimulatePolicy's `StartPosition`/`EndPosition`) and duplicate keys are seen.
//!
//! serde_json cannot do either: its `Value` forgets positions and lets the last duplicate win.
//! RFC 8259 grammar; numbers are kept as their source text because AWS compares them as strings
//! in most operators and only some operators read them as numbers.

/// A byte range `[start, end)` in the source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// The number's source text, e.g. `1.50`.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) value: Json,
    pub(crate) span: Span,
}

impl Node {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_object(&self) -> Option<&[(String, Node)]> {
        match &self.value {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }
}

/// Why a document is not JSON, or is JSON we refuse (duplicate keys, too deep).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not JSON at all (RFC 8259).
    NotJson,
    /// JSON, but with a duplicate key or nested too deep.
    Refused,
}

/// Deep nesting cannot occur in a valid policy; the cap keeps the recursive reader's stack bounded
/// against hostile input.
const MAX_DEPTH: usize = 64;

pub(crate) fn parse(source: &str) -> Result<Node, JsonError> {
    let mut reader = Reader {
        src: source.as_bytes(),
        pos: 0,
        text: source,
    };
    reader.skip_ws();
    let node = reader.value(0)?;
    reader.skip_ws();
    if reader.pos != reader.src.len() {
        return Err(JsonError::NotJson);
    }
    Ok(node)
}

struct Reader<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(JsonError::NotJson)
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), JsonError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(JsonError::NotJson)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::Refused);
        }
        let start = self.pos;
        let value = match self.peek().ok_or(JsonError::NotJson)? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Json::String(self.string()?),
            b't' => {
                self.literal("true")?;
                Json::Bool(true)
            }
            b'f' => {
                self.literal("false")?;
                Json::Bool(false)
            }
            b'n' => {
                self.literal("null")?;
                Json::Null
            }
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return Err(JsonError::NotJson),
        };
        Ok(Node {
            value,
            span: Span {
                start,
                end: self.pos,
            },
        })
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.expect(b'{')?;
        let mut members: Vec<(String, Node)> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_ws();
            let key = self.string()?;
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            // Duplicate keys make a policy mean different things to different readers (last wins
            // here, first wins elsewhere), so they are refused rather than resolved.
            if members.iter().any(|(k, _)| *k == key) {
                return Err(JsonError::Refused);
            }
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(JsonError::NotJson),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(JsonError::NotJson),
            }
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(JsonError::NotJson),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        Ok(Json::Number(self.text[start..self.pos].to_string()))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), JsonError> {
        let start = self.pos;
        self.digits();
        if self.pos == start {
            Err(JsonError::NotJson)
        } else {
            Ok(())
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // INVARIANT (char-boundary): the run stops only at ASCII bytes, so both ends are
            // char boundaries of the &str source.
            out.push_str(&self.text[run_start..self.pos]);
            match self.peek().ok_or(JsonError::NotJson)? {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                _ => return Err(JsonError::NotJson),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let b = self.peek().ok_or(JsonError::NotJson)?;
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                if (0xD800..0xDC00).contains(&first) {
                    self.literal("\\u")?;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(JsonError::NotJson);
                    }
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    char::from_u32(code).ok_or(JsonError::NotJson)?
                } else {
                    char::from_u32(first).ok_or(JsonError::NotJson)?
                }
            }
            _ => return Err(JsonError::NotJson),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .ok_or(JsonError::NotJson)?;
        let mut value = 0u32;
        for &d in digits {
            value = value * 16 + char::from(d).to_digit(16).ok_or(JsonError::NotJson)?;
        }
        self.pos += 4;
        Ok(value)
    }
}

/// 1-based line and column (in characters) of a byte offset, as AWS reports policy positions.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_values_with_spans() {
        let src = r#" {"a": [1, -2.5e3, true, null], "b": "x\u00e9\ud83d\ude00"} "#;
        let node = parse(src).unwrap();
        assert_eq!(
            node.span,
            Span {
                start: 1,
                end: src.len() - 1
            }
        );
        let members = node.as_object().unwrap();
        assert_eq!(members[1].1.as_str(), Some("xé😀"));
        let Json::Array(items) = &members[0].1.value else {
            panic!()
        };
        assert_eq!(items[1].value, Json::Number("-2.5e3".into()));
    }

    #[test]
    fn rejects_malformed_and_duplicates() {
        for bad in [
            "",
            "{",
            "{\"a\":1,}",
            "[1 2]",
            "01",
            "\"\\x\"",
            "1 2",
            "tru",
        ] {
            assert_eq!(parse(bad), Err(JsonError::NotJson), "{bad}");
        }
        assert_eq!(parse("{\"a\":1,\"a\":2}"), Err(JsonError::Refused));
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(parse(&deep), Err(JsonError::Refused));
    }

    #[test]
    fn line_and_column_are_one_based() {
        let src = "{\n  \"a\": 1\n}";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 4), (2, 3));
    }
}
