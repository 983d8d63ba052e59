//! crl (in progress).
