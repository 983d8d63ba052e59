//! certificate (in progress).
