//! Bounded file reading.

use std::io::Read;
use std::path::Path;

use crate::Failure;

pub fn read_bounded(path: &Path, limit: usize) -> Result<Vec<u8>, Failure> {
    let f = std::fs::File::open(path).map_err(|e| Failure {
        code: crate::EXIT_USAGE,
        message: format!("cannot read {}: {e}", path.display()),
    })?;
    let mut buf = Vec::new();
    f.take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Failure {
            code: crate::EXIT_USAGE,
            message: format!("cannot read {}: {e}", path.display()),
        })?;
    if buf.len() > limit {
        return Err(Failure {
            code: crate::EXIT_MALFORMED,
            message: format!(
                "{} is larger than the limit of {limit} bytes",
                path.display()
            ),
        });
    }
    Ok(buf)
}

/// Read an input file (envelope, certificate, key, document), bounded by the text limit.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    read_bounded(path, egov_sign::limits::MAX_TEXT_INPUT_SIZE)
}

/// Read a CRL file, bounded by the CRL limit (CRLs may be larger than other inputs).
pub fn read_crl(path: &Path) -> Result<Vec<u8>, Failure> {
    read_bounded(
        path,
        egov_sign::limits::MAX_CRL_SIZE.max(egov_sign::limits::MAX_TEXT_INPUT_SIZE),
    )
}
