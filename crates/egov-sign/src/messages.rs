//! Refusal texts for every [`Code`] in Russian, Kazakh and English.

use crate::report::{Code, Lang};

/// The text of `code` in `lang`.
pub fn message(code: Code, lang: Lang) -> &'static str {
    // SKELETON: filled in by the documents/messages work.
    let _ = (code, lang);
    "TODO"
}
