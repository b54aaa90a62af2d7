//! Paging as AWS pages list results: an opaque marker (ours: the sort key of the next page's
//! first item) and `MaxItems` between 1 and 1000, 100 unless given.

/// AWS pages by an opaque marker; ours is the sort key of the next page's first item.
pub fn page<K: AsRef<str>, T>(
    items: impl Iterator<Item = (K, T)>,
    marker: Option<&str>,
    max_items: usize,
) -> (Vec<T>, Option<String>) {
    let start = marker.map(decode_marker);
    let mut out = Vec::new();
    for (key, item) in items {
        if let Some(s) = &start
            && key.as_ref() < s.as_str()
        {
            continue;
        }
        if out.len() == max_items {
            return (out, Some(encode_marker(key.as_ref())));
        }
        out.push(item);
    }
    (out, None)
}

fn encode_marker(key: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.as_bytes())
}

fn decode_marker(m: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(m.as_bytes())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| m.to_string())
}

/// A list request's `MaxItems`: 100 unless given, within 1..=1000.
pub fn max_items(requested: Option<i32>) -> usize {
    requested.map_or(100, |n| n.clamp(1, 1000) as usize)
}
