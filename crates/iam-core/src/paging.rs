//! Paging as AWS pages list results: an opaque marker (ours: the sort key of the next page's
//! first item) and `MaxItems` between 1 and 1000, 100 unless given.

use crate::error::{IamError, IamResult};

/// What every marker iamd issues encodes before the sort key, so that a made-up marker is
/// refused rather than read as a key.
const MARKER_PREFIX: &str = "iamd-marker:";

/// AWS pages by an opaque marker; ours is the sort key of the next page's first item. A marker
/// iamd did not issue is refused with AWS's `ValidationError` (`Invalid Marker.`), whatever the
/// list.
pub fn page<K: AsRef<str>, T>(
    items: impl Iterator<Item = (K, T)>,
    marker: Option<&str>,
    max_items: usize,
) -> IamResult<(Vec<T>, Option<String>)> {
    let start = marker.map(decode_marker).transpose()?;
    Ok(page_from(items, start.as_deref(), max_items))
}

/// The sort key a marker starts its page at (`None`: the first page), refusing a marker iamd
/// did not issue as `page` does: a list kept in a B-tree starts its walk there
/// (`BTreeMap::range`), so each page costs O(log n + page), not a walk from the first item.
pub fn start_key(marker: Option<&str>) -> IamResult<Option<String>> {
    marker.map(decode_marker).transpose()
}

/// Organizations' `NextToken`: as `page`, but a token iamd did not issue is read as a sort key,
/// as it always was (Organizations' answer to a made-up token is not recorded).
pub fn page_lenient<K: AsRef<str>, T>(
    items: impl Iterator<Item = (K, T)>,
    token: Option<&str>,
    max_items: usize,
) -> (Vec<T>, Option<String>) {
    let start = token.map(|t| decode_marker(t).unwrap_or_else(|_| t.to_string()));
    page_from(items, start.as_deref(), max_items)
}

/// The page of `items` from sort key `start`, and the marker of the next.
fn page_from<K: AsRef<str>, T>(
    items: impl Iterator<Item = (K, T)>,
    start: Option<&str>,
    max_items: usize,
) -> (Vec<T>, Option<String>) {
    let mut out = Vec::new();
    for (key, item) in items {
        if start.is_some_and(|s| key.as_ref() < s) {
            continue;
        }
        if out.len() == max_items {
            return (out, Some(encode_marker(key.as_ref())));
        }
        out.push(item);
    }
    (out, None)
}

/// Refuses a marker iamd did not issue, for the lists that always fit one page (AWS still
/// checks the marker of those).
pub fn check_marker(marker: Option<&str>) -> IamResult<()> {
    marker.map(decode_marker).transpose().map(|_| ())
}

/// AWS's answer to a marker it did not issue (recorded: ListVirtualMFADevices,
/// `tests/conformance/aws-recorded/iam/test_iam_mfa.snapshot.json`, `list-invalid-marker-error`).
fn invalid_marker() -> IamError {
    IamError::ValidationError("Invalid Marker.".into())
}

fn encode_marker(key: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{MARKER_PREFIX}{key}"))
}

fn decode_marker(m: &str) -> IamResult<String> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(m.as_bytes())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix(MARKER_PREFIX).map(str::to_string))
        .ok_or_else(invalid_marker)
}

/// A list request's `MaxItems`: 100 unless given, within 1..=1000.
pub fn max_items(requested: Option<i32>) -> usize {
    requested.map_or(100, |n| n.clamp(1, 1000) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyed<'a>(
        keys: &'a [&'static str],
    ) -> impl Iterator<Item = (&'static str, &'static str)> + 'a {
        keys.iter().map(|&k| (k, k))
    }

    #[test]
    fn markers_issued_page_on() {
        let (first, next) = page(keyed(&["a", "b", "c"]), None, 2).unwrap();
        assert_eq!(first, ["a", "b"]);
        let next = next.expect("truncated");
        let (second, last) = page(keyed(&["a", "b", "c"]), Some(&next), 2).unwrap();
        assert_eq!(second, ["c"]);
        assert!(last.is_none());
    }

    #[test]
    fn made_up_markers_are_refused() {
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        // Not base64; base64 of bytes that are not UTF-8; base64 of a bare key.
        for m in ["invalid-marker-value", "!!!", "AAAA", &b64("b")] {
            assert_eq!(
                page(keyed(&["a", "b"]), Some(m), 1).unwrap_err(),
                IamError::ValidationError("Invalid Marker.".into()),
                "{m}"
            );
            assert!(check_marker(Some(m)).is_err(), "{m}");
        }
        assert!(check_marker(None).is_ok());
    }
}
