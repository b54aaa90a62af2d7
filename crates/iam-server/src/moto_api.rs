//! moto's server-mode control endpoints, served in open mode only (elsewhere these paths answer
//! as any unknown path): `POST /moto-api/reset` forgets everything, `POST /moto-api/reset-auth`
//! lets the next N requests through unauthenticated and authenticates every later one.
//!
//! The counter follows moto 5.2 (`moto/moto_api/_internal/responses.py` `reset_auth_response`,
//! `moto/core/authorization.py` `ActionAuthenticatorMixin`, `moto/settings.py`): the limit is
//! a float read with Python's `float()` (`inf` and `nan`: no end), it starts at `inf`, setting
//! it restarts the count at 0, and every API request while `count < limit` is let through and
//! counted; the reply gives the previous limit as Python's `str()` of it ("inf", "4.0").
use crate::errors;
use crate::handler::{Request, Response, ServerConfig};
use iam_core::Iam;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// moto's `INITIAL_NO_AUTH_ACTION_COUNT` and its `request_count`, as requests still let through.
#[derive(Debug)]
pub struct NoAuthActionCount {
    /// The limit last set (its f64 bits), reported by the next reset-auth.
    limit: AtomicU64,
    /// Requests still let through unauthenticated; `u64::MAX`: no end.
    remaining: AtomicU64,
    /// Serializes setters, so `limit` and `remaining` always come from the same call.
    set: Mutex<()>,
}

impl Default for NoAuthActionCount {
    /// moto's initial value: `inf`, every request let through.
    fn default() -> Self {
        Self::new(f64::INFINITY)
    }
}

impl NoAuthActionCount {
    pub fn new(limit: f64) -> Self {
        Self {
            limit: AtomicU64::new(limit.to_bits()),
            remaining: AtomicU64::new(passes(limit)),
            set: Mutex::new(()),
        }
    }

    /// The limit last set.
    pub fn limit(&self) -> f64 {
        f64::from_bits(self.limit.load(Ordering::Acquire))
    }

    /// Sets a new limit and restarts the count; returns the previous limit.
    pub fn set(&self, limit: f64) -> f64 {
        let _serial = self.set.lock().unwrap_or_else(|e| e.into_inner());
        self.remaining.store(passes(limit), Ordering::Release);
        f64::from_bits(self.limit.swap(limit.to_bits(), Ordering::AcqRel))
    }

    /// One API request: whether it is let through unauthenticated (and counted), or must be
    /// authenticated (moto: `request_count >= INITIAL_NO_AUTH_ACTION_COUNT`).
    pub fn take(&self) -> bool {
        let mut left = self.remaining.load(Ordering::Acquire);
        loop {
            match left {
                u64::MAX => return true,
                0 => return false,
                n => match self.remaining.compare_exchange_weak(
                    n,
                    n - 1,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                ) {
                    Ok(_) => return true,
                    Err(now) => left = now,
                },
            }
        }
    }
}

/// How many requests moto lets through for `limit`: the counts 0, 1, … below it (`inf` and
/// `nan`, which no count reaches or compares with: no end).
fn passes(limit: f64) -> u64 {
    if limit.is_nan() || limit >= u64::MAX as f64 {
        u64::MAX
    } else if limit <= 0.0 {
        0
    } else {
        // In range: 0 < limit < 2^64.
        limit.ceil() as u64
    }
}

/// `float(text)` as Python reads it (moto: `float(request.data.decode())`): surrounding
/// whitespace, a sign, `inf`/`infinity`/`nan` in any letter case, underscores between digits.
pub fn parse_python_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let b = t.as_bytes();
    let digit_at = |i: Option<usize>| i.and_then(|i| b.get(i)).is_some_and(u8::is_ascii_digit);
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' && !(digit_at(i.checked_sub(1)) && digit_at(Some(i + 1))) {
            return None;
        }
    }
    // Rust's grammar is Python's without the underscores.
    t.replace('_', "").parse().ok()
}

/// Python's `str(x)` of a float: the shortest digits that read back as `x`, fixed notation
/// with at least one decimal for exponents -4 to 15, else `d.ddde±XX`.
pub fn python_float_str(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    // Rust's `{:e}` is the shortest round-trip form too: "4e0", "-1.25e-5".
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits = mantissa.replace('.', "");
    if (-4..16).contains(&exp) {
        if exp < 0 {
            let zeros = "0".repeat(exp.unsigned_abs() as usize - 1);
            return format!("{sign}0.{zeros}{digits}");
        }
        let point = exp as usize + 1;
        if digits.len() <= point {
            let zeros = "0".repeat(point - digits.len());
            format!("{sign}{digits}{zeros}.0")
        } else {
            format!("{sign}{}.{}", &digits[..point], &digits[point..])
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let exp_sign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{exp_sign}{:02}", exp.unsigned_abs())
    }
}

fn json(status: u16, request_id: &str, body: String) -> Response {
    Response {
        status,
        request_id: request_id.to_string(),
        content_type: "application/json",
        body,
        headers: Vec::new(),
    }
}

/// `{"Error": message}` in json.dumps's layout, as moto writes its refusals.
fn error_body(message: &str) -> String {
    format!(r#"{{"Error": {}}}"#, serde_json::Value::from(message))
}

/// The answer to a moto control path in open mode, `None` for any other request.
pub(crate) async fn route(
    iam: &Iam,
    config: &ServerConfig,
    req: &Request,
    request_id: &str,
) -> Option<Response> {
    match req.path.as_str() {
        "/moto-api/reset" if req.method != "POST" => Some(json(
            400,
            request_id,
            r#"{"Error": "Need to POST to reset Moto"}"#.into(),
        )),
        "/moto-api/reset" => Some(match reset(iam, config).await {
            Ok(()) => json(200, request_id, r#"{"status": "ok"}"#.into()),
            Err(e) => {
                let e = errors::from_domain(e);
                json(e.status, request_id, error_body(&e.message))
            }
        }),
        "/moto-api/reset-auth" if req.method != "POST" => Some(json(
            400,
            request_id,
            r#"{"Error": "Need to POST to reset Moto Auth"}"#.into(),
        )),
        "/moto-api/reset-auth" => {
            let text = String::from_utf8_lossy(&req.body);
            Some(match parse_python_float(&text) {
                Some(limit) => {
                    let previous = config.no_auth.set(limit);
                    tracing::info!(limit = %python_float_str(limit), "moto-api reset-auth");
                    // json.dumps's layout, as moto writes it.
                    json(
                        200,
                        request_id,
                        format!(
                            r#"{{"status": "ok", "PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT": "{}"}}"#,
                            python_float_str(previous)
                        ),
                    )
                }
                // moto's float() raises here (a 500); the count is left as it was.
                None => json(
                    400,
                    request_id,
                    error_body(&format!("could not convert string to float: '{text}'")),
                ),
            })
        }
        _ => None,
    }
}

/// Open mode's reset: everything forgotten, then `--open-as-admin-user`'s user recreated. The
/// no-auth count is left as it is (moto's reset does not touch it either).
async fn reset(iam: &Iam, config: &ServerConfig) -> iam_core::IamResult<()> {
    iam.reset().await?;
    prepare_open_mode(iam, config).await
}

/// What open mode needs before serving: the `--open-as-admin-user` user, created with
/// AdministratorAccess when missing. Nothing otherwise.
pub async fn prepare_open_mode(iam: &Iam, config: &ServerConfig) -> iam_core::IamResult<()> {
    match (&config.open_as_admin_user, config.open) {
        (Some(name), true) => iam.ensure_admin_user(name).await,
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_python_reads_them() {
        let ok = [
            ("4", 4.0),
            (" 4\n", 4.0),
            ("+4.5", 4.5),
            ("-1", -1.0),
            ("1e3", 1000.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1_000", 1000.0),
            ("inf", f64::INFINITY),
            ("Infinity", f64::INFINITY),
            ("-INF", f64::NEG_INFINITY),
        ];
        for (text, want) in ok {
            assert_eq!(parse_python_float(text), Some(want), "{text:?}");
        }
        for nan in ["nan", "NaN", "-nan"] {
            assert!(parse_python_float(nan).is_some_and(f64::is_nan), "{nan:?}");
        }
        for bad in [
            "", " ", "abc", "4 4", "1__0", "_1", "1_", "1_.5", "--4", "+-4", "0x10", "infinit",
            "in f", "4,5", "1_e5", ".", "e5",
        ] {
            assert_eq!(parse_python_float(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn floats_print_as_python_prints_them() {
        // python3 -c 'print(str(x))' for each.
        let cases = [
            (4.0, "4.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (4.5, "4.5"),
            (-3.0, "-3.0"),
            (0.1, "0.1"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (123456.789, "123456.789"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.25e16, "1.25e+16"),
            (1e100, "1e+100"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
        ];
        for (x, want) in cases {
            assert_eq!(python_float_str(x), want, "{x:e}");
        }
    }

    #[test]
    fn the_count_lets_through_what_moto_does() {
        let through = |limit: f64| {
            let c = NoAuthActionCount::new(limit);
            (0..10).take_while(|_| c.take()).count()
        };
        assert_eq!(through(0.0), 0);
        assert_eq!(through(-3.0), 0);
        assert_eq!(through(f64::NEG_INFINITY), 0);
        assert_eq!(through(4.0), 4);
        // Counts 0..=4 are below 4.5.
        assert_eq!(through(4.5), 5);
        assert_eq!(through(f64::INFINITY), 10);
        assert_eq!(through(f64::NAN), 10);
        let c = NoAuthActionCount::default();
        assert_eq!(c.set(2.0), f64::INFINITY);
        assert!(c.take() && c.take() && !c.take());
        // Setting restarts the count, even to the same limit.
        assert_eq!(c.set(2.0), 2.0);
        assert!(c.take());
        assert_eq!(c.limit(), 2.0);
    }
}
