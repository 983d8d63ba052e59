//! The field checks shared by requests, results, receipts and rules.

use time::{Date, OffsetDateTime, UtcOffset};

use super::{
    Attachment, Person, RefusalGround, RefusalReason, MAX_ATTACHMENT_SIZE, MAX_CODE_LEN,
    MAX_FILE_NAME_LEN, MAX_LIST_ITEMS, MAX_LONG_TEXT_LEN, MAX_MEDIA_TYPE_LEN, MAX_TEXT_LEN,
};
use crate::iin::{Bin, ChecksumPolicy, Iin};
use crate::Error;

pub(super) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::InvalidDocument {
        field: field.into(),
        reason: reason.into(),
    }
}

pub(super) fn truncate(s: &str) -> String {
    s.chars().take(32).collect()
}

pub(super) fn check_iin(iin: &Iin, policy: ChecksumPolicy) -> Result<(), Error> {
    Iin::parse_with(iin.as_str(), policy).map(|_| ())
}

pub(super) fn check_bin(bin: &Bin, policy: ChecksumPolicy) -> Result<(), Error> {
    Bin::parse_with(bin.as_str(), policy).map(|_| ())
}

pub(super) fn check_person(p: &Person, field: &str, policy: ChecksumPolicy) -> Result<(), Error> {
    check_iin(&p.iin, policy)?;
    check_text(&p.name, &format!("{field}.name"), MAX_TEXT_LEN)
}

/// Non-blank, at most `max` characters, no control characters, no surrounding whitespace.
pub(super) fn check_text(s: &str, field: &str, max: usize) -> Result<(), Error> {
    if s.trim().is_empty() {
        return Err(invalid(field, "empty"));
    }
    if s.chars().count() > max {
        return Err(invalid(field, format!("longer than {max} characters")));
    }
    if s.chars().any(char::is_control) {
        return Err(invalid(field, "contains control characters"));
    }
    if s.trim() != s {
        return Err(invalid(field, "leading or trailing whitespace"));
    }
    Ok(())
}

/// 1 ..= [`MAX_CODE_LEN`] characters: letters (any script), digits, `-`, `/`, `_`, `.`.
pub(super) fn check_code(s: &str, field: &str) -> Result<(), Error> {
    if s.is_empty() {
        return Err(invalid(field, "empty"));
    }
    if s.chars().count() > MAX_CODE_LEN {
        return Err(invalid(
            field,
            format!("longer than {MAX_CODE_LEN} characters"),
        ));
    }
    if !s
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '_' | '.'))
    {
        return Err(invalid(
            field,
            "only letters, digits, '-', '/', '_' and '.' are allowed",
        ));
    }
    Ok(())
}

/// 1 ..= [`MAX_LIST_ITEMS`] grounds, each a [`RefusalGround`] or verification code with a
/// text.
pub(super) fn check_reasons(reasons: &[RefusalReason]) -> Result<(), Error> {
    check_list_len(reasons.len(), "outcome.reasons")?;
    for (i, r) in reasons.iter().enumerate() {
        if RefusalGround::parse(&r.code).is_none() && crate::report::Code::parse(&r.code).is_none()
        {
            return Err(invalid(
                format!("outcome.reasons[{i}].code"),
                format!(
                    "{:?} is not a ground of refusal (EDS_NOT_CONFIRMED, DOCUMENT_VIOLATIONS, \
                     APPLICANT_NOT_IN_GBD_FL, POWER_OF_ATTORNEY_NOT_IN_ENIS, INCOMPLETE_PACKAGE, \
                     UNRELIABLE_DOCUMENTS or a verification code)",
                    truncate(&r.code)
                ),
            ));
        }
        check_text(
            &r.text,
            &format!("outcome.reasons[{i}].text"),
            MAX_LONG_TEXT_LEN,
        )?;
    }
    Ok(())
}

pub(super) fn check_list_len(n: usize, field: &str) -> Result<(), Error> {
    if n == 0 {
        return Err(invalid(field, "must not be empty"));
    }
    if n > MAX_LIST_ITEMS {
        return Err(invalid(field, format!("more than {MAX_LIST_ITEMS} items")));
    }
    Ok(())
}

pub(super) fn check_attachment(a: &Attachment, i: usize) -> Result<(), Error> {
    let f = |name: &str| format!("attachments[{i}].{name}");
    check_text(&a.file_name, &f("file_name"), MAX_FILE_NAME_LEN)?;
    if a.file_name.contains(['/', '\\']) || a.file_name == "." || a.file_name == ".." {
        return Err(invalid(f("file_name"), "must not contain a directory part"));
    }
    let mt = &a.media_type;
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    let ok = mt.len() <= MAX_MEDIA_TYPE_LEN
        && match mt.split_once('/') {
            Some((t, s)) => token(t) && token(s),
            None => false,
        };
    if !ok {
        return Err(invalid(f("media_type"), "not a media type (type/subtype)"));
    }
    if a.size == 0 || a.size > MAX_ATTACHMENT_SIZE {
        return Err(invalid(
            f("size"),
            format!("must be between 1 and {MAX_ATTACHMENT_SIZE} bytes"),
        ));
    }
    Ok(())
}

/// `"54"`, `"54.3"`, `"54.30"`: 1–4 integer digits without a leading zero (unless `0.x`),
/// at most two fraction digits, greater than zero.
pub(super) fn check_area(s: &str) -> Result<(), Error> {
    let bad = || {
        invalid(
            "form.total_area_m2",
            "not a decimal area in m² (e.g. \"54.3\")",
        )
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || int.len() > 4 || (int.len() > 1 && int.starts_with('0')) {
        return Err(bad());
    }
    if let Some(f) = frac {
        if !digits(f) || f.len() > 2 {
            return Err(bad());
        }
    }
    if s.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(invalid("form.total_area_m2", "must be greater than zero"));
    }
    Ok(())
}

/// An amount in tenge: 1–13 integer digits without a leading zero (unless `0.x`), at most
/// two fraction digits, greater than zero.
pub(super) fn check_amount(s: &str, field: &str) -> Result<(), Error> {
    let bad = || invalid(field, "not an amount in tenge (e.g. \"4250000.50\")");
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || int.len() > 13 || (int.len() > 1 && int.starts_with('0')) {
        return Err(bad());
    }
    if let Some(f) = frac {
        if !digits(f) || f.len() > 2 {
            return Err(bad());
        }
    }
    if s.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(invalid(field, "must be greater than zero"));
    }
    Ok(())
}

/// UTC, and a year [RFC 3339] can carry.
///
/// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
pub(super) fn check_instant(t: &OffsetDateTime, field: &str) -> Result<(), Error> {
    if t.offset() != UtcOffset::UTC {
        return Err(invalid(field, "must be in UTC"));
    }
    if !(1..=9999).contains(&t.year()) {
        return Err(invalid(field, "year out of range"));
    }
    Ok(())
}

pub(super) fn fmt_ymd(d: Date) -> String {
    super::json::ymd::format(d)
}
