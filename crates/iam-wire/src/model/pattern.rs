//! Translation of the models' `pattern` constraints from Java regex syntax (what AWS evaluates
//! them with) to the `regex` crate, keeping Java's meaning where the two dialects differ.

use regex::Regex;

use super::CompiledPattern;

/// Why a model pattern could not be turned into a `regex` pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternTranslateError {
    #[error("unsupported Java regex construct `{construct}` in `{pattern}`")]
    Unsupported { pattern: String, construct: String },
    #[error("translated pattern `{translated}` does not compile: {reason}")]
    Compile { translated: String, reason: String },
}

/// Patterns using lookaround, which the `regex` crate lacks, rewritten by hand: the pattern
/// without the lookaround plus substrings the value must not contain.
/// `-(?!-)` inside the repetition means "no two hyphens in a row"; every `-` the pattern can
/// produce comes from that branch, so forbidding `--` is exactly equivalent.
const LOOKAROUND_REWRITES: &[(&str, &str, &[&str])] = &[(
    "^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$",
    "^[a-z0-9]([a-z0-9]|-){1,61}[a-z0-9]$",
    &["--"],
)];

pub(super) fn compile(java: &str) -> Result<CompiledPattern, PatternTranslateError> {
    let (source, forbidden) = match LOOKAROUND_REWRITES
        .iter()
        .find(|(from, _, _)| *from == java)
    {
        Some((_, to, forbidden)) => (*to, forbidden.to_vec()),
        None => (java, Vec::new()),
    };
    let translated = translate_java_pattern(source)?;
    // Java's `String.matches` requires the whole value to match.
    let anchored = format!("^(?:{translated})$");
    let full_match = Regex::new(&anchored).map_err(|e| PatternTranslateError::Compile {
        translated: anchored.clone(),
        reason: e.to_string(),
    })?;
    Ok(CompiledPattern {
        full_match,
        forbidden,
    })
}

/// Rewrites the Java-specific parts of `java` for the `regex` crate:
/// - `\w`, `\d`, `\s` are ASCII-only in Java but Unicode-aware in `regex`; an IAM user name with
///   `é` must be rejected as AWS rejects it, so they become the ASCII POSIX classes;
/// - `\uXXXX` always takes exactly four hex digits in Java (`\u10000` is U+1000 then `0`), made
///   explicit as `\x{XXXX}`;
/// - lookaround is refused (see [`LOOKAROUND_REWRITES`]).
pub fn translate_java_pattern(java: &str) -> Result<String, PatternTranslateError> {
    let unsupported = |construct: &str| PatternTranslateError::Unsupported {
        pattern: java.to_owned(),
        construct: construct.to_owned(),
    };
    let chars: Vec<char> = java.chars().collect();
    let mut out = String::with_capacity(java.len() + 16);
    let mut class_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    return Err(unsupported("trailing backslash"));
                };
                i += 2;
                let in_class = class_depth > 0;
                let posix = |name: &str, negated: bool| match (in_class, negated) {
                    (true, false) => Ok(format!("[:{name}:]")),
                    (false, false) => Ok(format!("[[:{name}:]]")),
                    (false, true) => Ok(format!("[^[:{name}:]]")),
                    (true, true) => Err(unsupported(&format!("\\{next} inside a class"))),
                };
                match next {
                    'w' => out.push_str(&posix("word", false)?),
                    'W' => out.push_str(&posix("word", true)?),
                    'd' => out.push_str(&posix("digit", false)?),
                    'D' => out.push_str(&posix("digit", true)?),
                    's' => out.push_str(&posix("space", false)?),
                    'S' => out.push_str(&posix("space", true)?),
                    'u' => {
                        let hex: String = chars.iter().skip(i).take(4).collect();
                        let code = (hex.len() == 4)
                            .then(|| u32::from_str_radix(&hex, 16).ok())
                            .flatten()
                            .ok_or_else(|| unsupported(&format!("\\u{hex}")))?;
                        if char::from_u32(code).is_none() {
                            return Err(unsupported(&format!("surrogate \\u{hex}")));
                        }
                        out.push_str(&format!("\\x{{{code:04X}}}"));
                        i += 4;
                    }
                    'Q' | 'E' | 'G' | 'Z' | 'k' => return Err(unsupported(&format!("\\{next}"))),
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
                continue;
            }
            '[' => class_depth += 1,
            ']' if class_depth > 0 => class_depth -= 1,
            '(' if class_depth == 0 && chars.get(i + 1) == Some(&'?') => {
                if matches!(chars.get(i + 2), Some('=' | '!' | '<')) {
                    return Err(unsupported("lookaround"));
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(java: &str, value: &str) -> bool {
        compile(java).expect("compiles").is_match(value)
    }

    #[test]
    fn word_class_is_ascii_like_java() {
        assert!(matches(r"[\w+=,.@-]+", "bob_1+=,.@-"));
        assert!(!matches(r"[\w+=,.@-]+", "bób"));
        assert!(!matches(r"[\w+=,.@-]+", "a b"));
        assert!(!matches(r"\d{12}", "١٢٣٤٥٦٧٨٩٠١٢"));
        assert!(matches(r"\d{12}", "123456789012"));
    }

    #[test]
    fn patterns_match_the_whole_value() {
        assert!(!matches(r"[\w+=,.@-]+", "ok\n"));
        assert!(!matches("^[a-zA-Z0-9:_.-]+$", "ok\n"));
        assert!(matches(r"\u002F[\u0021-\u007F]*", "/a/b/"));
        assert!(!matches(r"\u002F[\u0021-\u007F]*", "a/"));
    }

    #[test]
    fn unicode_escapes_take_four_digits() {
        assert_eq!(
            translate_java_pattern(r"[\u10000]").unwrap(),
            r"[\x{1000}0]"
        );
    }

    #[test]
    fn lookahead_rewrite_forbids_double_hyphen() {
        let p = "^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$";
        assert!(matches(p, "my-bucket-1"));
        assert!(!matches(p, "my--bucket"));
        assert!(!matches(p, "-bucket"));
        assert!(translate_java_pattern("a(?!b)").is_err());
    }

    #[test]
    fn unicode_property_classes_pass_through() {
        let tag = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*";
        assert!(matches(tag, "Équipe 1: a/b=c+d-e@f"));
        assert!(!matches(tag, "MOJ D&T"));
    }
}
