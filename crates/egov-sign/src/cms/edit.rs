//! Editing an existing SignedData: the one writer that keeps everything already there byte
//! for byte ([`edit_signed_data`]: co-signing, time-stamping a signer, embedding revocation
//! evidence — [`add_revocation_evidence`], the long-term form).

use super::*;

/// What [`edit_signed_data`] adds or replaces; everything else is copied byte for byte.
#[derive(Default)]
pub(crate) struct SignedDataEdit<'a> {
    /// Certificates (DER each) to add to `certificates` when not already there.
    pub(crate) certificates: &'a [Vec<u8>],
    /// RevocationInfoChoice TLVs (a CertificateList, or an `[1]` OtherRevocationInfoFormat)
    /// to add to `crls` when not already there.
    pub(crate) revocation_choices: &'a [Vec<u8>],
    /// (index, new SignerInfo DER): the SignerInfo at that position is replaced, the others
    /// and their order are kept.
    pub(crate) signer: Option<(usize, &'a [u8])>,
    /// A SignerInfo to add after the others (a co-signature, [`cosign`]); its digest
    /// algorithm joins digestAlgorithms when no entry has its OID.
    pub(crate) added_signer: Option<&'a NewSignerInfo>,
}

/// Elements of a SET/SEQUENCE content, each TLV as received.
fn elements(content: &[u8]) -> Result<Vec<&[u8]>, Error> {
    let mut r = DerReader::new(content, "CMS")?;
    let mut out = Vec::new();
    while !r.is_finished() {
        out.push(r.next_raw()?.1);
    }
    Ok(out)
}

/// Rewrite `env`'s SignedData with `edit` applied ([RFC 5652 §5.1]) — the one writer of an
/// existing SignedData (co-signing, time-stamping a signer, embedding evidence): the
/// encapContentInfo, the digestAlgorithms already there, the other SignerInfos (their
/// unsigned attributes, e.g. earlier signers' time-stamps, included) and the evidence
/// already there stay byte for byte as received; new certificates, revocation values, a
/// new SignerInfo and its digest algorithm are appended after the existing ones.
///
/// The version is not covered by any signature; it becomes 3 when an added SignerInfo is
/// version 3 ("IF ... any SignerInfo structures are version 3 ... THEN version MUST be
/// 3") and 5 when `crls` holds an `other` choice ("IF ... (crls is present) AND (any crls
/// with a type of other are present) THEN version MUST be 5"), [RFC 5652 §5.1]; a higher
/// version received is kept.
///
/// Errors: [`Error::TooLarge`] (more than [`MAX_SIGNERS`] SignerInfos,
/// [`MAX_DIGEST_ALGORITHMS`] digest algorithms or [`MAX_ENVELOPE_CERTIFICATES`]
/// certificates, counted up to the first over the limit; a certificate over
/// [`MAX_CERTIFICATE_SIZE`]; a result over [`MAX_ENVELOPE_SIZE`]), [`Error::Config`] (no
/// SignerInfo at the index to replace), and those of [`Envelope::parse`] on the result,
/// which is read back before it is returned.
///
/// [RFC 5652 §5.1]: https://www.rfc-editor.org/rfc/rfc5652#section-5.1
pub(crate) fn edit_signed_data(
    env: &Envelope,
    edit: &SignedDataEdit<'_>,
) -> Result<Vec<u8>, Error> {
    const WHAT: &str = "CMS";
    let mut r = DerReader::new(&env.der, WHAT)?;
    let ci = r.expect(TAG_SEQUENCE, "ContentInfo")?;
    let mut r = DerReader::new(ci.value(), WHAT)?;
    r.expect(TAG_OID, "contentType")?;
    let explicit = r.expect(TAG_CTX0, "content")?;
    let mut r = DerReader::new(explicit.value(), WHAT)?;
    let sd = r.expect(TAG_SEQUENCE, "SignedData")?;
    let mut r = DerReader::new(sd.value(), WHAT)?;
    r.expect(TAG_INTEGER, "version")?;
    let digests = r.expect(TAG_SET, "digestAlgorithms")?;
    let (_, eci) = r.next_raw()?;
    let certificates = r.optional(TAG_CTX0)?;
    let crls = r.optional(TAG_CTX1)?;
    let signer_infos = r.expect(TAG_SET, "signerInfos")?;
    r.finish("SignedData")?;

    let mut digest_set = digests.value().to_vec();
    if let Some(added) = edit.added_signer {
        if env.signers.len() >= MAX_SIGNERS {
            return Err(Error::TooLarge {
                what: "SignerInfos",
                size: env.signers.len() + 1,
                limit: MAX_SIGNERS,
            });
        }
        let oid = AlgorithmIdentifier::from_der(&added.digest_id)?.oid;
        if !env.digest_algorithms.contains(&oid) {
            if env.digest_algorithms.len() >= MAX_DIGEST_ALGORITHMS {
                return Err(Error::TooLarge {
                    what: "digestAlgorithms",
                    size: env.digest_algorithms.len() + 1,
                    limit: MAX_DIGEST_ALGORITHMS,
                });
            }
            digest_set.extend_from_slice(&added.digest_id);
        }
    }
    let mut certs: Vec<&[u8]> = match certificates {
        Some(c) => elements(c.value())?,
        None => Vec::new(),
    };
    for c in edit.certificates {
        if c.len() > MAX_CERTIFICATE_SIZE {
            return Err(Error::TooLarge {
                what: "certificate",
                size: c.len(),
                limit: MAX_CERTIFICATE_SIZE,
            });
        }
        if !certs.contains(&c.as_slice()) {
            certs.push(c);
            // Counted up to the first over the limit, as the reader counts.
            if certs.len() > MAX_ENVELOPE_CERTIFICATES {
                return Err(Error::TooLarge {
                    what: "envelope certificates",
                    size: certs.len(),
                    limit: MAX_ENVELOPE_CERTIFICATES,
                });
            }
        }
    }
    let mut revs: Vec<&[u8]> = match crls {
        Some(c) => elements(c.value())?,
        None => Vec::new(),
    };
    for v in edit.revocation_choices {
        if !revs.contains(&v.as_slice()) {
            revs.push(v);
        }
    }
    let mut infos = elements(signer_infos.value())?;
    if let Some((i, new)) = edit.signer {
        let slot = infos.get_mut(i).ok_or_else(|| Error::Config {
            detail: format!("no SignerInfo #{i}"),
        })?;
        *slot = new;
    }
    let mut version = env.version;
    if let Some(added) = edit.added_signer {
        infos.push(&added.der);
        if added.version == 3 {
            version = version.max(3);
        }
    }
    if revs.iter().any(|v| v.first() == Some(&TAG_CTX1)) {
        version = 5;
    }
    let mut parts: Vec<Vec<u8>> = vec![
        tlv(TAG_INTEGER, &[version]),
        tlv(TAG_SET, &digest_set),
        eci.to_vec(),
    ];
    if !certs.is_empty() {
        parts.push(tlv(TAG_CTX0, &certs.concat()));
    }
    if !revs.is_empty() {
        parts.push(tlv(TAG_CTX1, &revs.concat()));
    }
    parts.push(tlv(TAG_SET, &infos.concat()));
    let signed_data = tlv(TAG_SEQUENCE, &parts.concat());
    let der = tlv_parts(
        TAG_SEQUENCE,
        &[&oid_der(&oid::ID_SIGNED_DATA), &tlv(TAG_CTX0, &signed_data)],
    );
    if der.len() > MAX_ENVELOPE_SIZE {
        return Err(Error::TooLarge {
            what: "envelope",
            size: der.len(),
            limit: MAX_ENVELOPE_SIZE,
        });
    }
    // What is written must read back (and stay within every limit of the reader).
    Envelope::parse_der(der.clone())?;
    Ok(der)
}

/// An `other [1] IMPLICIT OtherRevocationInfoFormat` RevocationInfoChoice holding an
/// OCSPResponse ([RFC 5940 §3.2.1], id-ri-ocsp-response).
///
/// [RFC 5940 §3.2.1]: https://www.rfc-editor.org/rfc/rfc5940#section-3.2.1
pub(super) fn ocsp_revocation_choice(ocsp_response: &[u8]) -> Vec<u8> {
    tlv_parts(
        TAG_CTX1,
        &[&oid_der(&oid::ID_RI_OCSP_RESPONSE), ocsp_response],
    )
}

/// Revocation evidence to embed with [`add_revocation_evidence`].
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// CRLs (DER `CertificateList` each).
    pub crls: Vec<Vec<u8>>,
    /// OCSP responses (DER `OCSPResponse` each, [RFC 6960 §4.2.1]).
    ///
    /// [RFC 6960 §4.2.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1
    pub ocsp_responses: Vec<Vec<u8>>,
    /// Certificates to embed (DER each): the intermediates a verifier needs for the path
    /// (and a delegated OCSP responder's, if its response does not carry it).
    pub certificates: Vec<Vec<u8>>,
    /// Certificates used only to check the evidence, not embedded (e.g. the root whose
    /// CRL covers the intermediate CA).
    pub issuers: Vec<Vec<u8>>,
}

/// Embed revocation evidence in `envelope` — the long-term form: CRLs as
/// `crl CertificateList` and OCSP responses as `other` id-ri-ocsp-response
/// RevocationInfoChoices of SignedData.crls ([RFC 5652 §10.2.1], [RFC 5940 §3.2.1]):
///
/// ```text
/// SignedData ::= SEQUENCE { ...,
///   certificates [0] IMPLICIT CertificateSet OPTIONAL,
///   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
///   signerInfos SignerInfos }
/// RevocationInfoChoice ::= CHOICE {
///   crl CertificateList,
///   other [1] IMPLICIT OtherRevocationInfoFormat }
/// OtherRevocationInfoFormat ::= SEQUENCE {
///   otherRevInfoFormat OBJECT IDENTIFIER,       -- id-ri-ocsp-response 1.3.6.1.5.5.7.16.2
///   otherRevInfo ANY DEFINED BY otherRevInfoFormat }   -- OCSPResponse
/// ```
///
/// and `evidence.certificates` in SignedData.certificates. Nothing signed changes (the
/// SignerInfos are copied byte for byte; the SignedData version becomes 5, [RFC 5652 §5.1]),
/// so the result verifies as before, with the evidence picked up by the verifier.
///
/// Each item is checked first against the envelope's signers: the certificate chains of
/// the signers are followed by issuer name and signature through the envelope's and the
/// given certificates; a CRL must verify against the issuer of a certificate of one of
/// those chains, an OCSP response ([`crate::ocsp::verify_basic`] at its producedAt) must
/// answer about one of those certificates, signed by its issuer or that issuer's
/// delegated responder. Evidence about nobody here is refused ([`Error::Config`]): it would
/// only make the envelope larger. (Freshness is the verifier's business: it depends on the
/// verification time.)
///
/// [RFC 5652 §10.2.1]: https://www.rfc-editor.org/rfc/rfc5652#section-10.2.1
/// [RFC 5652 §5.1]: https://www.rfc-editor.org/rfc/rfc5652#section-5.1
/// [RFC 5940 §3.2.1]: https://www.rfc-editor.org/rfc/rfc5940#section-3.2.1
pub fn add_revocation_evidence(envelope: &[u8], evidence: &Evidence) -> Result<Vec<u8>, Error> {
    let env = Envelope::parse(envelope)?;
    let mut all: Vec<Certificate> = Vec::new();
    for der in env
        .certificates
        .iter()
        .chain(&evidence.certificates)
        .chain(&evidence.issuers)
    {
        if all.len() >= MAX_ENVELOPE_CERTIFICATES * 2 {
            return Err(Error::TooLarge {
                what: "certificates",
                size: all.len() + 1,
                limit: MAX_ENVELOPE_CERTIFICATES * 2,
            });
        }
        all.push(Certificate::from_der(der)?);
    }
    // (certificate, issuer) pairs of the signers' chains. Each certificate's issuer is
    // searched once, among at most MAX_EMBEDDED_CRL_ISSUER_CANDIDATES same-named
    // certificates (a bound on the signature checks a hostile envelope can cost).
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut searched: Vec<usize> = Vec::new();
    for si in &env.signers {
        let Some(mut at) = all.iter().position(|c| si.sid.matches(c)) else {
            return Err(Error::Config {
                detail: "a signer's certificate is neither embedded nor given (--cert)".into(),
            });
        };
        for _ in 0..crate::limits::MAX_PATH_DEPTH {
            if searched.contains(&at) {
                break;
            }
            searched.push(at);
            let cert = &all[at];
            if crate::name::names_match(cert.subject_raw(), cert.issuer_raw()) {
                break; // self-issued: a root
            }
            let Some(issuer) = all
                .iter()
                .enumerate()
                .filter(|(_, c)| crate::name::names_match(c.subject_raw(), cert.issuer_raw()))
                .take(crate::limits::MAX_EMBEDDED_CRL_ISSUER_CANDIDATES)
                .find(|(_, c)| cert.verify_signed_by(c, &algorithm::CoreBackend).is_ok())
                .map(|(i, _)| i)
            else {
                break;
            };
            pairs.push((at, issuer));
            at = issuer;
        }
    }
    let mut choices = Vec::new();
    for der in &evidence.crls {
        let parsed = crate::crl::ParsedCrl::parse(der)?;
        let ok = pairs
            .iter()
            .any(|&(_, i)| parsed.check_der(der, &all[i]).is_ok());
        if !ok {
            return Err(Error::Config {
                detail: format!(
                    "the CRL of {} does not verify against the issuer of any certificate of \
                     the signers' chains (give the issuer with --issuer, or the intermediate \
                     with --cert)",
                    parsed.issuer()
                ),
            });
        }
        choices.push(der.clone());
    }
    for (n, input) in evidence.ocsp_responses.iter().enumerate() {
        let blobs = encoding::decode_der_blobs(
            input,
            "OCSP RESPONSE",
            crate::limits::MAX_OCSP_RESPONSE_SIZE,
        )?;
        let [der] = blobs.as_slice() else {
            return Err(malformed(format!(
                "OCSP response #{n}: one OCSPResponse expected"
            )));
        };
        let basic = crate::ocsp::BasicResponse::from_der(der).map_err(|e| Error::Config {
            detail: format!("OCSP response #{n}: {e}"),
        })?;
        let opts = crate::ocsp::CheckOptions {
            at: basic.produced_at,
            ..Default::default()
        };
        let mut why = Vec::new();
        let ok = pairs.iter().any(|&(c, i)| {
            match crate::ocsp::verify_basic(
                &basic,
                &all[c],
                &all[i],
                &opts,
                &algorithm::CoreBackend,
            ) {
                Ok(_) => true,
                Err(crate::ocsp::OcspError::NoMatchingResponse) => false,
                Err(e) => {
                    why.push(e.to_string());
                    false
                }
            }
        });
        if !ok {
            return Err(Error::Config {
                detail: format!(
                    "OCSP response #{n} answers about no certificate of the signers' chains \
                     with a valid signature{}",
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", why.join("; "))
                    }
                ),
            });
        }
        choices.push(ocsp_revocation_choice(der));
    }
    edit_signed_data(
        &env,
        &SignedDataEdit {
            certificates: &evidence.certificates,
            revocation_choices: &choices,
            ..Default::default()
        },
    )
}
