//! verifier (in progress).
