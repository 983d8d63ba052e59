//! PEM and base64 wrappers around DER inputs.
//!
//! SKELETON — the signatures below are the contract; bodies are filled in by the CMS work.

use crate::Error;

/// Turn an input that is DER, PEM (one or more blocks) or bare base64 into DER blobs.
///
/// `label` is the PEM label expected (e.g. "CERTIFICATE", "X509 CRL", "CMS"); blocks with
/// other labels are skipped, except that for "CMS" the label "PKCS7" is accepted too. For DER
/// or base64 input, one blob is returned. `max_der` bounds each blob's size.
pub fn decode_der_blobs(input: &[u8], label: &str, max_der: usize) -> Result<Vec<Vec<u8>>, Error> {
    let _ = label;
    if input.len() > max_der {
        return Err(Error::TooLarge {
            what: "input",
            size: input.len(),
            limit: max_der,
        });
    }
    Ok(vec![input.to_vec()])
}

/// Encode DER as a PEM block with `label`, lines of 64 characters.
pub fn to_pem(der: &[u8], label: &str) -> String {
    let _ = (der, label);
    String::new()
}
