//! identity (in progress).
