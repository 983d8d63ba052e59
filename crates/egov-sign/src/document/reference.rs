//! The reference a result document makes to the request it answers ([`RequestRef`]): one
//! rule for whoever builds a result — the core's builders, the Python facade's
//! `request_ref`, tools — and the same digest the verifier checks a result's binding with
//! (`identity::check_result`).

use super::RequestRef;
use crate::Error;

impl RequestRef {
    /// The reference to the request envelope `request_envelope` (DER, PEM or base64, the
    /// first envelope of the input, as [`crate::cms::envelope_der`] decodes it), registered
    /// under `registration_number`: `envelope_sha256` is the SHA-256 of its DER — what the
    /// verifier compares with the result's `request.envelope_sha256` when it is given the
    /// request envelope.
    ///
    /// Errors: the decoding's ([`Error::Malformed`], [`Error::TooLarge`]); the envelope is
    /// not parsed further.
    pub fn of(
        registration_number: impl Into<String>,
        request_envelope: &[u8],
    ) -> Result<RequestRef, Error> {
        let der = crate::cms::envelope_der(request_envelope)?;
        Ok(RequestRef {
            registration_number: registration_number.into(),
            envelope_sha256: crate::asn1::sha256(&der),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_of_the_der_whatever_the_form() {
        // A minimal DER SEQUENCE stands in for an envelope (not parsed further).
        let der = [0x30, 0x03, 0x02, 0x01, 0x05];
        let r = RequestRef::of("KZ-1", &der).unwrap();
        assert_eq!(r.registration_number, "KZ-1");
        assert_eq!(r.envelope_sha256, crate::asn1::sha256(&der));
        let pem = crate::cms::to_pem(&der);
        assert_eq!(RequestRef::of("KZ-1", pem.as_bytes()).unwrap(), r);
        assert!(RequestRef::of("KZ-1", b"").is_err());
    }
}
