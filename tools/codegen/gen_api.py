#!/usr/bin/env python3
"""Generates crates/iam-api/src/{iam,sts,organizations,cloudtrail}.rs from the botocore service models
embedded in crates/iam-wire/models/ (the same models the wire layer validates against).

Every structure shape reachable from an operation's input or output becomes a Rust struct with
its members as fields (snake_case, `#[serde(rename = "MemberName")]`), required members as
plain types and the others as `Option<…>`, each with the first paragraph of the model's
documentation. Scalars map to Rust primitives: string, enum, timestamp and blob to `String`
(the Query protocol carries timestamps as ISO 8601 text, blobs as base64; JSON 1.1
timestamps are epoch seconds, `i64`), integer to `i32`,
long to `i64`, boolean to `bool`, float and double to `f64`; lists to `Vec`, maps to
`BTreeMap<String, …>`.

A service may be generated for some of its operations only (CloudTrail: iamd serves
LookupEvents, the event history, and none of the trail, Lake or channel operations), and may
read JSON timestamps as `f64` (CloudTrail's are inputs, which SDKs send with fractions).

Usage:
    python3 tools/codegen/gen_api.py          # rewrite the files
    python3 tools/codegen/gen_api.py --check  # exit 1 if a file would change (CI)
"""
import gzip
import html
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "crates" / "iam-wire" / "models"
OUT = ROOT / "crates" / "iam-api" / "src"

SERVICES = [
    ("iam", "iam-2010-05-08.json.gz"),
    ("sts", "sts-2011-06-15.json.gz"),
    ("organizations", "organizations-2016-11-28.json.gz"),
    ("cloudtrail", "cloudtrail-2013-11-01.json.gz"),
]

# The operations generated per service (all when absent).
ONLY_OPERATIONS = {
    "cloudtrail": {"LookupEvents"},
}

# The Rust type of a JSON 1.1 timestamp per service: Organizations' are outputs iamd writes in
# whole seconds; CloudTrail's are inputs (StartTime, EndTime) that SDKs send with fractions.
JSON_TIMESTAMP = {
    "organizations": "i64",
    "cloudtrail": "f64",
}

# Members the model marks required that AWS leaves out in some answers (the recordings win over the
# model): GetUser called by the root user answers a `User` with only UserId, Arn and CreateDate;
# CreateAccessKey called by the root user for its own key answers an `AccessKey` without
# UserName (the key belongs to no IAM user).
LEFT_OUT_BY_AWS = {
    ("iam", "User"): {"Path", "UserName"},
    ("iam", "AccessKey"): {"UserName"},
}

RUST_KEYWORDS = {
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
}


def snake(name):
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = s.lower()
    return f"r#{s}" if s in RUST_KEYWORDS else s


def pascal(name):
    return name[:1].upper() + name[1:]


def first_paragraph(doc):
    """The model's documentation, first paragraph, as plain text wrapped for `///`."""
    if not doc:
        return []
    m = re.search(r"<p>(.*?)</p>", doc, re.S)
    text = m.group(1) if m else doc
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    text = " ".join(text.split())
    # Keep rustdoc quiet: no bare URLs or stray brackets read as links or HTML.
    text = text.replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"(https?://\S+)", r"<\1>", text)
    if not text:
        return []
    words, lines, line = text.split(" "), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 92:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return lines


class Generator:
    def __init__(self, module, model):
        self.module = module
        self.model = model
        self.shapes = model["shapes"]
        self.structs = []
        self.seen = set()

    def rust_type(self, shape_name):
        shape = self.shapes[shape_name]
        t = shape["type"]
        if t == "timestamp" and self.model["metadata"]["protocol"] == "json":
            # JSON 1.1 carries timestamps as epoch seconds.
            return JSON_TIMESTAMP.get(self.module, "i64")
        if t in ("string", "timestamp", "blob", "enum"):
            return "String"
        if t == "integer":
            return "i32"
        if t == "long":
            return "i64"
        if t == "boolean":
            return "bool"
        if t in ("float", "double"):
            return "f64"
        if t == "list":
            return f"Vec<{self.rust_type(shape['member']['shape'])}>"
        if t == "map":
            return f"BTreeMap<String, {self.rust_type(shape['value']['shape'])}>"
        if t == "structure":
            self.visit(shape_name)
            return pascal(shape_name)
        raise ValueError(f"unknown shape type {t} for {shape_name}")

    def visit(self, shape_name):
        if shape_name in self.seen:
            return
        self.seen.add(shape_name)
        self.structs.append(shape_name)
        for member in self.shapes[shape_name].get("members", {}).values():
            self.rust_type(member["shape"])

    def render_struct(self, shape_name, role):
        shape = self.shapes[shape_name]
        required = set(shape.get("required", [])) - LEFT_OUT_BY_AWS.get((self.module, shape_name), set())
        out = []
        doc = first_paragraph(shape.get("documentation", ""))
        if role:
            doc = [role] + (["", *doc] if doc else [])
        out += [f"/// {line}" for line in doc]
        out.append("#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]")
        out.append(f"pub struct {pascal(shape_name)} {{")
        for name, member in shape.get("members", {}).items():
            for line in first_paragraph(member.get("documentation", "")):
                out.append(f"    /// {line}")
            ty = self.rust_type(member["shape"])
            if name in required:
                out.append(f'    #[serde(rename = "{name}")]')
            else:
                out.append(f'    #[serde(rename = "{name}", default, skip_serializing_if = "Option::is_none")]')
                ty = f"Option<{ty}>"
            out.append(f"    pub {snake(name)}: {ty},")
        out.append("}")
        return "\n".join(out)

    def render(self, service):
        only = ONLY_OPERATIONS.get(self.module)
        ops = sorted(
            (name, op) for name, op in self.model["operations"].items() if only is None or name in only
        )
        inputs, outputs, roles = [], [], {}
        for op_name, op in ops:
            if "input" in op:
                self.visit(op["input"]["shape"])
                inputs.append(op["input"]["shape"])
                roles.setdefault(op["input"]["shape"], []).append(f"The input of {op_name}.")
            if "output" in op:
                self.visit(op["output"]["shape"])
                outputs.append(op["output"]["shape"])
                roles.setdefault(op["output"]["shape"], []).append(f"The output of {op_name}.")
        meta = self.model["metadata"]
        head = [
            f"//! {meta['serviceFullName']} ({meta['apiVersion']}): the input and output of every",
            "//! operation and the structures they contain, generated from botocore's service model",
            f"//! by `tools/codegen/gen_api.py`. Do not edit: run `python3 tools/codegen/gen_api.py`.",
            "use serde::{Deserialize, Serialize};",
        ]
        body = []
        for name in sorted(self.structs):
            role = " ".join(roles.get(name, [])) or None
            body.append(self.render_struct(name, role))
        marks = []
        marks.append("crate::inputs! {")
        marks += [f"    {pascal(n)}," for n in sorted(set(inputs))]
        marks.append("}")
        marks.append("crate::outputs! {")
        marks += [f"    {pascal(n)}," for n in sorted(set(outputs))]
        marks.append("}")
        text = "\n\n".join(body) + "\n\n" + "\n".join(marks) + "\n"
        if "BTreeMap<" in text:
            head.append("use std::collections::BTreeMap;")
        return rustfmt("\n".join(head) + "\n\n" + text)


def rustfmt(text):
    """The text as `cargo fmt` leaves it, so the CI check and the formatter agree."""
    done = subprocess.run(
        ["rustfmt", "--edition", "2024", "--emit", "stdout", "--quiet"],
        input=text, capture_output=True, text=True, check=True,
    )
    return done.stdout


def main():
    check = "--check" in sys.argv[1:]
    changed = []
    for module, file in SERVICES:
        model = json.load(gzip.open(MODELS / file))
        text = Generator(module, model).render(module)
        path = OUT / f"{module}.rs"
        if not path.exists() or path.read_text() != text:
            changed.append(path)
            if not check:
                path.write_text(text)
    if check and changed:
        for p in changed:
            print(f"{p.relative_to(ROOT)} is not what tools/codegen/gen_api.py generates", file=sys.stderr)
        print("run: python3 tools/codegen/gen_api.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
