//! Exclusive XML Canonicalization 1.0 without comments (W3C xml-exc-c14n, over the XPath data
//! model of Canonical XML 1.0 §2), as XML Signature needs it for SAML assertions: one element
//! subtree of a parsed document, optionally minus one descendant (the enveloped-signature
//! transform), with an InclusiveNamespaces PrefixList.
//!
//! Supported subset, stated exactly: documents without a DTD (roxmltree refuses DTDs by default,
//! which also shuts out entity expansion attacks), so no default attributes and no external
//! entities; comments are dropped; processing instructions are kept; CDATA becomes escaped text.
//! Element and attribute prefixes are read back from the source text (roxmltree keeps only the
//! namespace URI), so the output uses the document's own prefixes.
use roxmltree::{Node, NodeId};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The canonical form of `apex` and its descendants, without `exclude` (and its subtree).
pub fn exclusive_c14n(
    source: &str,
    apex: Node<'_, '_>,
    exclude: Option<NodeId>,
    inclusive_prefixes: &[String],
) -> String {
    let mut out = String::with_capacity(apex.range().len());
    let mut rendered: Vec<(String, String)> = Vec::new();
    element(
        source,
        apex,
        exclude,
        inclusive_prefixes,
        &mut rendered,
        &mut out,
    );
    out
}

/// The qualified name as written in the source, from the byte after `start`.
fn raw_qname(source: &str, start: usize) -> &str {
    let rest = source.get(start..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(rest.len());
    &rest[..end]
}

fn prefix_of(qname: &str) -> &str {
    qname.split_once(':').map_or("", |(p, _)| p)
}

/// The URI `prefix` ("" = default namespace) is bound to at `node`; "" when unbound.
fn bound_uri<'a>(node: Node<'a, '_>, prefix: &str) -> &'a str {
    let p = (!prefix.is_empty()).then_some(prefix);
    node.lookup_namespace_uri(p).unwrap_or("")
}

fn element(
    source: &str,
    node: Node<'_, '_>,
    exclude: Option<NodeId>,
    inclusive: &[String],
    rendered: &mut Vec<(String, String)>,
    out: &mut String,
) {
    let qname = raw_qname(source, node.range().start + 1);
    // Visibly utilized prefixes (exc-c14n §3): the element's, its attributes', and the
    // InclusiveNamespaces PrefixList ("#default" names the default namespace).
    let mut prefixes: Vec<String> = vec![prefix_of(qname).to_string()];
    let mut attrs: Vec<(&str, &str, &str, String)> = Vec::new();
    for a in node.attributes() {
        let aq = &source[a.range_qname()];
        let p = prefix_of(aq);
        if !p.is_empty() {
            prefixes.push(p.to_string());
        }
        attrs.push((
            a.namespace().unwrap_or(""),
            a.name(),
            aq,
            escape_attr(a.value()),
        ));
    }
    for p in inclusive {
        let p = if p == "#default" { "" } else { p.as_str() };
        if p.is_empty() || node.lookup_namespace_uri(Some(p)).is_some() {
            prefixes.push(p.to_string());
        }
    }
    prefixes.sort();
    prefixes.dedup();
    let mark = rendered.len();
    let mut decls: Vec<(String, String)> = Vec::new();
    for p in prefixes {
        if p == "xml" {
            continue;
        }
        let uri = if p.is_empty() {
            bound_uri(node, "")
        } else {
            match node.lookup_namespace_uri(Some(&p)) {
                Some(u) if !(p == "xml" && u == XML_NS) => u,
                _ => continue,
            }
        };
        let current = rendered
            .iter()
            .rev()
            .find(|(rp, _)| *rp == p)
            .map(|(_, u)| u.as_str());
        let needed = match current {
            Some(u) => u != uri,
            // An unbound default namespace needs no `xmlns=""` unless one was rendered above.
            None => !uri.is_empty(),
        };
        if needed {
            decls.push((p.clone(), uri.to_string()));
        }
    }
    out.push('<');
    out.push_str(qname);
    for (p, uri) in &decls {
        if p.is_empty() {
            out.push_str(" xmlns=\"");
        } else {
            out.push_str(" xmlns:");
            out.push_str(p);
            out.push_str("=\"");
        }
        out.push_str(&escape_attr(uri));
        out.push('"');
        rendered.push((p.clone(), uri.clone()));
    }
    // Attributes sorted by namespace URI (none first), then local name (C14N §2.2).
    attrs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for (_, _, aq, value) in &attrs {
        out.push(' ');
        out.push_str(aq);
        out.push_str("=\"");
        out.push_str(value);
        out.push('"');
    }
    out.push('>');
    for child in node.children() {
        if Some(child.id()) == exclude {
            continue;
        }
        match child.node_type() {
            roxmltree::NodeType::Element => {
                element(source, child, exclude, inclusive, rendered, out)
            }
            roxmltree::NodeType::Text => out.push_str(&escape_text(child.text().unwrap_or(""))),
            roxmltree::NodeType::PI => {
                if let Some(pi) = child.pi() {
                    out.push_str("<?");
                    out.push_str(pi.target);
                    if let Some(v) = pi.value.filter(|v| !v.is_empty()) {
                        out.push(' ');
                        out.push_str(v);
                    }
                    out.push_str("?>");
                }
            }
            roxmltree::NodeType::Comment | roxmltree::NodeType::Root => {}
        }
    }
    out.push_str("</");
    out.push_str(qname);
    out.push('>');
    rendered.truncate(mark);
}

fn escape_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\r' => o.push_str("&#xD;"),
            c => o.push(c),
        }
    }
    o
}

fn escape_attr(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '"' => o.push_str("&quot;"),
            '\t' => o.push_str("&#x9;"),
            '\n' => o.push_str("&#xA;"),
            '\r' => o.push_str("&#xD;"),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c14n(doc: &str, apex_name: &str, exclude_name: Option<&str>, incl: &[&str]) -> String {
        let d = roxmltree::Document::parse(doc).unwrap();
        let apex = d
            .descendants()
            .find(|n| n.tag_name().name() == apex_name)
            .unwrap();
        let ex = exclude_name
            .and_then(|x| d.descendants().find(|n| n.tag_name().name() == x))
            .map(|n| n.id());
        let incl: Vec<String> = incl.iter().map(|s| s.to_string()).collect();
        exclusive_c14n(doc, apex, ex, &incl)
    }

    #[test]
    fn namespaces_are_rendered_where_visibly_used() {
        // After exc-c14n §2.2: only the prefixes the subtree uses are rendered, where first used.
        let doc = r#"<n0:local xmlns:n0="foo:bar" xmlns:n3="ftp://example.org"><n1:elem2 xmlns:n1="http://example.net" xml:lang="en"><n3:stuff xmlns:n3="ftp://example.org"/></n1:elem2></n0:local>"#;
        assert_eq!(
            c14n(doc, "elem2", None, &[]),
            r#"<n1:elem2 xmlns:n1="http://example.net" xml:lang="en"><n3:stuff xmlns:n3="ftp://example.org"></n3:stuff></n1:elem2>"#
        );
    }

    #[test]
    fn attributes_sort_and_escape_and_signature_is_excluded() {
        let doc = "<a:R xmlns:a=\"urn:a\" xmlns:b=\"urn:b\"><a:A z=\"1\" b:y=\"2\" a=\"x&amp;&lt;&quot;\" ID=\"i\"><!-- c --><a:S>sig</a:S><a:T>1 &lt; 2 &amp; 3 &gt; 0</a:T><a:E/></a:A></a:R>";
        assert_eq!(
            c14n(doc, "A", Some("S"), &[]),
            "<a:A xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" ID=\"i\" a=\"x&amp;&lt;&quot;\" z=\"1\" b:y=\"2\"><a:T>1 &lt; 2 &amp; 3 &gt; 0</a:T><a:E></a:E></a:A>"
        );
    }

    #[test]
    fn default_namespace_and_inclusive_prefixes() {
        let doc = r#"<R xmlns="urn:d" xmlns:x="urn:x"><A><B xmlns="">t</B></A></R>"#;
        assert_eq!(
            c14n(doc, "A", None, &[]),
            r#"<A xmlns="urn:d"><B xmlns="">t</B></A>"#
        );
        assert_eq!(
            c14n(doc, "A", None, &["x"]),
            r#"<A xmlns="urn:d" xmlns:x="urn:x"><B xmlns="">t</B></A>"#
        );
    }
}
