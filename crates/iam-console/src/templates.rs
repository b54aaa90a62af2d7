//! The pages' templates (minijinja, auto-escaped because every name ends in `.html`), embedded
//! in the binary, and the static stylesheet and script.
use minijinja::Environment;
use std::sync::OnceLock;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("signin.html", include_str!("../templates/signin.html")),
    ("password.html", include_str!("../templates/password.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("security.html", include_str!("../templates/security.html")),
    (
        "mfa_enrol.html",
        include_str!("../templates/mfa_enrol.html"),
    ),
    (
        "key_created.html",
        include_str!("../templates/key_created.html"),
    ),
    (
        "switchrole.html",
        include_str!("../templates/switchrole.html"),
    ),
    ("list.html", include_str!("../templates/list.html")),
    ("detail.html", include_str!("../templates/detail.html")),
    ("policy.html", include_str!("../templates/policy.html")),
    ("report.html", include_str!("../templates/report.html")),
    ("findings.html", include_str!("../templates/findings.html")),
    (
        "simulator.html",
        include_str!("../templates/simulator.html"),
    ),
    ("denied.html", include_str!("../templates/denied.html")),
];

pub const STYLESHEET: &str = include_str!("../static/console.css");
pub const SCRIPT: &str = include_str!("../static/console.js");

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("template {name}: {e}"));
        }
        env
    })
}

/// Renders a page; a template error (a bug, never client input) becomes a short page.
pub fn render(name: &str, ctx: minijinja::Value) -> String {
    match env().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => html,
        Err(e) => {
            tracing::error!(template = name, error = %e, "console template failed");
            "<!doctype html><title>Error</title><p>The page could not be shown.</p>".into()
        }
    }
}

/// A template context from anything serializable.
pub fn value<T: serde::Serialize>(v: T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(v))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_compiles() {
        let env = super::env();
        for (name, _) in super::TEMPLATES {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }
}
