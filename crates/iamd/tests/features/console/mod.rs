//! The web console's security properties over HTTP, without a browser (the browser suite is
//! `tests/e2e/test_console.py`): a small HTTP/1.1 client with a cookie jar against the loopback
//! server, and the Rust SDK to set up and to check what a page did.
mod admin;
mod findings;
mod pages;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first form's CSRF token on the page.
    pub fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .unwrap_or_else(|| panic!("no CSRF token in {}", self.body));
        let rest = &self.body[at + "name=\"csrf\" value=\"".len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }

    /// The text of the element with this id (first occurrence, tags stripped).
    pub fn text_of(&self, id: &str) -> Option<String> {
        let at = self.body.find(&format!("id=\"{id}\""))?;
        let rest = &self.body[at..];
        let start = rest.find('>')? + 1;
        let end = rest[start..].find('<')?;
        Some(html_unescape(&rest[start..start + end]))
    }
}

pub fn html_unescape(s: &str) -> String {
    s.replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A browser's minimum: a cookie jar, extra headers, form posts.
pub struct Browser {
    pub addr: SocketAddr,
    pub cookies: BTreeMap<String, String>,
    pub extra_headers: Vec<(String, String)>,
}

pub fn form(fields: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

impl Browser {
    pub fn new(addr: SocketAddr) -> Self {
        Browser {
            addr,
            cookies: BTreeMap::new(),
            extra_headers: Vec::new(),
        }
    }

    pub async fn get(&mut self, target: &str) -> Answer {
        self.send("GET", target, None).await
    }

    pub async fn post(&mut self, target: &str, fields: &[(&str, &str)]) -> Answer {
        self.send("POST", target, Some(form(fields))).await
    }

    pub async fn send(&mut self, method: &str, target: &str, body: Option<String>) -> Answer {
        let mut s = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let mut req = format!(
            "{method} {target} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\nuser-agent: console-test\r\n",
            self.addr
        );
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req.push_str(&format!("cookie: {}\r\n", jar.join("; ")));
        }
        for (k, v) in &self.extra_headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        let body = body.unwrap_or_default();
        if method == "POST" {
            req.push_str("content-type: application/x-www-form-urlencoded\r\n");
        }
        req.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
        s.write_all(req.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let answer = Answer {
            status,
            headers,
            body: body.to_string(),
        };
        for c in answer.set_cookies() {
            let pair = c.split(';').next().unwrap_or_default();
            if let Some((k, v)) = pair.split_once('=') {
                if c.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        answer
    }

    /// Signs in as an IAM user (`mfa`: the code for the second step).
    pub async fn sign_in(
        &mut self,
        account: &str,
        user: &str,
        password: &str,
        mfa: Option<&str>,
    ) -> Answer {
        let page = self.get("/console/signin").await;
        let csrf = page.csrf();
        let first = self
            .post(
                "/console/signin",
                &[
                    ("csrf", &csrf),
                    ("kind", "iam"),
                    ("account", account),
                    ("username", user),
                    ("password", password),
                ],
            )
            .await;
        match mfa {
            Some(code) if first.status == 200 => {
                let csrf = first.csrf();
                self.post(
                    "/console/signin",
                    &[("csrf", &csrf), ("kind", "iam"), ("mfa_code", code)],
                )
                .await
            }
            _ => first,
        }
    }
}
