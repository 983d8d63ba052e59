//! The `demo` and `testpki` commands, and the human-readable rendering of reports.

use std::fmt::Write as _;
use std::path::Path;

use egov_sign::report::{Lang, Report};

use crate::{Failure, Family};

/// Render a report for a terminal.
pub fn render_report(report: &Report, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "indication: {}", report.indication.as_str().to_uppercase());
    if let Some(signer) = &report.signer {
        let _ = writeln!(
            s,
            "signer:     {} (IIN {}, BIN {}, role {}, {:?} key, serial {})",
            signer.name.as_deref().unwrap_or("?"),
            signer.iin.as_deref().unwrap_or("-"),
            signer.bin.as_deref().unwrap_or("-"),
            signer.role.as_str(),
            signer.key,
            signer.serial
        );
    }
    if let Some(t) = &report.signing_time {
        let _ = writeln!(s, "signed at:  {t}");
    }
    let _ = writeln!(s, "checked at: {}", report.verification_time);
    if let Some(a) = &report.signature_algorithm {
        let _ = writeln!(s, "algorithm:  {a}");
    }
    for (i, c) in report.chain.iter().enumerate() {
        let _ = writeln!(s, "chain[{i}]:   {}", c.subject);
    }
    for f in &report.findings {
        let _ = writeln!(s, "  ✗ {} — {}", f.code, f.message.get(lang));
        let subject = f.subject.as_deref().map(|x| format!(" [{x}]")).unwrap_or_default();
        let _ = writeln!(s, "      {}{}", f.detail, subject);
    }
    s
}

/// Render a JSON value as indented `key: value` lines.
pub fn render_value(v: &serde_json::Value, indent: usize) -> String {
    let pad = "  ".repeat(indent);
    let mut s = String::new();
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                if v.is_object() || v.is_array() {
                    let _ = writeln!(s, "{pad}{k}:");
                    s.push_str(&render_value(v, indent + 1));
                } else {
                    let _ = writeln!(s, "{pad}{k}: {}", scalar(v));
                }
            }
        }
        serde_json::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                let _ = writeln!(s, "{pad}[{i}]");
                s.push_str(&render_value(v, indent + 1));
            }
        }
        other => {
            let _ = writeln!(s, "{pad}{}", scalar(other));
        }
    }
    s
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `testpki --out DIR`.
pub fn write_test_pki(out: &Path, family: Family) -> Result<u8, Failure> {
    let _ = (out, family);
    Err(Failure { code: 70, message: "not yet".into() })
}

/// `demo`.
pub fn run() -> Result<u8, Failure> {
    Err(Failure { code: 70, message: "not yet".into() })
}
