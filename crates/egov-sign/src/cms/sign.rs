//! Signing: a new SignedData ([`sign`], [RFC 5652 §5]) and one more SignerInfo on an existing
//! one ([`cosign`], written through [`super::edit_signed_data`]).
//!
//! [RFC 5652 §5]: https://www.rfc-editor.org/rfc/rfc5652#section-5

use super::*;

/// Options for [`sign`].
#[derive(Debug, Clone, Default)]
pub struct SignOptions {
    /// Leave the content out of the envelope.
    pub detached: bool,
    /// The signingTime attribute; `None` omits it.
    pub signing_time: Option<Time>,
    /// Identify the signer by the certificate's subjectKeyIdentifier extension (SignerInfo
    /// version 3, SignedData version 3) instead of issuerAndSerialNumber.
    pub sid_by_ski: bool,
}

/// Sign `content` with `key`, embedding `cert` (the signer's certificate, DER) and `chain`.
/// Returns the ContentInfo DER.
///
/// The digest algorithm is the key's ([`SignatureAlgorithm::digest`]); the signed
/// attributes are contentType (id-data), messageDigest and, if requested, signingTime, in
/// DER order. Certificates are deduplicated and sorted in DER order.
///
/// Errors: [`Error::CertificateKeyMismatch`] (the certificate's key is not `key`'s),
/// [`Error::TooLarge`] (content, certificates), [`Error::Malformed`] (the certificate does
/// not parse ([`Certificate::from_der`]), no subjectKeyIdentifier with `sid_by_ski`),
/// [`Error::Crypto`].
pub fn sign(
    content: &[u8],
    key: &SigningKey,
    cert: &[u8],
    chain: &[Vec<u8>],
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    if !options.detached && content.len() > MAX_ENVELOPE_SIZE {
        return Err(Error::TooLarge {
            what: "content",
            size: content.len(),
            limit: MAX_ENVELOPE_SIZE,
        });
    }
    if chain.len() + 1 > MAX_ENVELOPE_CERTIFICATES {
        return Err(Error::TooLarge {
            what: "envelope certificates",
            size: chain.len() + 1,
            limit: MAX_ENVELOPE_CERTIFICATES,
        });
    }
    for c in core::iter::once(cert).chain(chain.iter().map(Vec::as_slice)) {
        if c.len() > MAX_CERTIFICATE_SIZE {
            return Err(Error::TooLarge {
                what: "certificate",
                size: c.len(),
                limit: MAX_CERTIFICATE_SIZE,
            });
        }
    }
    let parsed = Certificate::from_der(cert)?;
    let new = new_signer_info(content, &oid::ID_DATA, key, &parsed, options)?;
    let (version, digest_id, signer_info) = (new.version, new.digest_id, new.der);

    let mut certs: Vec<&[u8]> = core::iter::once(cert)
        .chain(chain.iter().map(Vec::as_slice))
        .collect();
    certs.sort();
    certs.dedup();
    let econtent = if options.detached {
        Vec::new()
    } else {
        tlv(TAG_CTX0, &tlv(TAG_OCTET_STRING, content))
    };
    let eci = tlv_parts(TAG_SEQUENCE, &[&oid_der(&oid::ID_DATA), &econtent]);
    let signed_data = tlv_parts(
        TAG_SEQUENCE,
        &[
            &tlv(TAG_INTEGER, &[version]),
            &tlv(TAG_SET, &digest_id),
            &eci,
            &tlv(TAG_CTX0, &certs.concat()),
            &tlv(TAG_SET, &signer_info),
        ],
    );
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
    Ok(der)
}

/// A SignerInfo made by [`new_signer_info`].
pub(crate) struct NewSignerInfo {
    /// The SignerInfo version (1 or 3).
    pub(super) version: u8,
    /// Its digestAlgorithm, DER AlgorithmIdentifier.
    pub(super) digest_id: Vec<u8>,
    /// The SignerInfo DER.
    pub(super) der: Vec<u8>,
}

/// A SignerInfo by `key` (certificate `cert`) over `content` whose eContentType is
/// `content_type`: signed attributes contentType, messageDigest and (optionally)
/// signingTime, in DER order.
pub(super) fn new_signer_info(
    content: &[u8],
    content_type: &ObjectIdentifier,
    key: &SigningKey,
    cert: &Certificate,
    options: &SignOptions,
) -> Result<NewSignerInfo, Error> {
    if !key.matches_spki(cert.spki()) {
        return Err(Error::CertificateKeyMismatch);
    }
    let alg = key.algorithm();
    let digest = alg.digest();

    // Signed attributes, DER-sorted (a complete TLV is never a prefix of another, so plain
    // byte order is the DER SET OF order).
    let attribute = |id: ObjectIdentifier, value: &[u8]| -> Result<Vec<u8>, Error> {
        Ok(tlv_parts(
            TAG_SEQUENCE,
            &[&oid_der(&id), &tlv(TAG_SET, value)],
        ))
    };
    let mut attrs = vec![
        attribute(oid::ID_CONTENT_TYPE, &oid_der(content_type))?,
        attribute(
            oid::ID_MESSAGE_DIGEST,
            &tlv(TAG_OCTET_STRING, &digest.digest(content)),
        )?,
    ];
    if let Some(t) = options.signing_time {
        attrs.push(attribute(oid::ID_SIGNING_TIME, &encode_time(t)?)?);
    }
    attrs.sort();
    let attrs_body = attrs.concat();
    let signed_set = tlv(TAG_SET, &attrs_body);
    let signature = key.sign(&signed_set)?;

    let (version, sid) = if options.sid_by_ski {
        let ski = cert
            .ski()
            .ok_or_else(|| Error::malformed("certificate", "no subjectKeyIdentifier extension"))?;
        (3u8, tlv(TAG_CTX0_PRIM, ski))
    } else {
        let issuer = cert.issuer_raw();
        let serial = tlv(TAG_INTEGER, cert.serial());
        (1u8, tlv_parts(TAG_SEQUENCE, &[issuer, &serial]))
    };
    let digest_id = digest.algorithm_identifier().to_der()?;
    let der = tlv_parts(
        TAG_SEQUENCE,
        &[
            &tlv(TAG_INTEGER, &[version]),
            &sid,
            &digest_id,
            &tlv(TAG_CTX0, &attrs_body),
            &alg.algorithm_identifier_der()?,
            &tlv(TAG_OCTET_STRING, &signature),
        ],
    );
    Ok(NewSignerInfo {
        version,
        digest_id,
        der,
    })
}

/// Add a signature by `key` (certificate `cert`, DER; `chain` embedded too) to an existing
/// envelope (DER, PEM or base64), as KalkanCrypt co-signs: one more SignerInfo in the same
/// SignedData ([RFC 5652 §5.1]: "any number of signers in parallel"). Returns the new
/// ContentInfo DER.
///
/// Every SignerInfo already there must verify over the same content first — its
/// certificate embedded in the envelope, its messageDigest and signature checked as
/// [`Envelope::verify_signature`] does, its signingCertificate(V2) attribute naming that
/// certificate (the certificate's path and revocation are the
/// verifier's business, not this function's) — else [`Error::CosignRefused`] names the
/// signer and why. `content` is the signed content of a detached envelope (for an attached
/// one it may be given and must then be equal to the encapsulated content).
///
/// What stays byte for byte as it was: encapContentInfo (an attached envelope stays
/// attached, a detached one detached), every earlier SignerInfo (signed and unsigned
/// attributes, e.g. signature timestamps, included), the certificates and the crls. What
/// is added: the new SignerInfo after the others (the SignerInfos keep their order, so the
/// first signer stays first), the new signer's certificate and `chain` where not already
/// embedded (compared byte for byte), the digest algorithm in digestAlgorithms when no
/// entry has its OID. The version becomes 3 when the new SignerInfo is version 3, 5 when
/// the crls hold an `other` choice ([RFC 5652 §5.1]). The new SignerInfo signs the envelope's eContentType. `options.detached` is
/// ignored.
///
/// Errors: [`Error::CosignRefused`], [`Error::ContentMissing`] (detached without
/// `content`), [`Error::DigestMismatch`] (`content` differs from the encapsulated
/// content), [`Error::TooLarge`] (more than [`MAX_SIGNERS`] signers or
/// [`MAX_ENVELOPE_CERTIFICATES`] certificates, an envelope over [`MAX_ENVELOPE_SIZE`]),
/// [`Error::CertificateKeyMismatch`], the errors of [`Envelope::parse`] and [`sign`].
///
/// [RFC 5652 §5.1]: https://www.rfc-editor.org/rfc/rfc5652#section-5.1
pub fn cosign(
    envelope: &[u8],
    content: Option<&[u8]>,
    key: &SigningKey,
    cert: &[u8],
    chain: &[Vec<u8>],
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    let env = Envelope::parse(envelope)?;
    let signed = match (content, env.content.as_deref()) {
        (Some(external), Some(encapsulated)) if external != encapsulated => {
            return Err(Error::DigestMismatch)
        }
        (_, Some(c)) | (Some(c), None) => c,
        (None, None) => return Err(Error::ContentMissing),
    };
    if env.signers.len() >= MAX_SIGNERS {
        return Err(Error::TooLarge {
            what: "SignerInfos",
            size: env.signers.len() + 1,
            limit: MAX_SIGNERS,
        });
    }
    for c in core::iter::once(cert).chain(chain.iter().map(Vec::as_slice)) {
        if c.len() > MAX_CERTIFICATE_SIZE {
            return Err(Error::TooLarge {
                what: "certificate",
                size: c.len(),
                limit: MAX_CERTIFICATE_SIZE,
            });
        }
    }

    // The earlier signatures must hold over this content.
    for (i, (si, signer)) in env
        .signers
        .iter()
        .zip(env.signer_certificates())
        .enumerate()
    {
        let refused = |cause: Error| Error::CosignRefused {
            signer: i,
            cause: Box::new(cause),
        };
        let signer = signer.ok_or_else(|| {
            refused(malformed(
                "its certificate is not embedded in the envelope: its signature cannot be checked",
            ))
        })?;
        si.verify_signature_by(&env, Some(signed), &signer, &algorithm::CoreBackend)
            .map_err(refused)?;
        match si.check_signing_certificate(&signer) {
            Ok(()) => {}
            Err(SigningCertificateError::Mismatch(detail)) => {
                return Err(refused(malformed(detail)))
            }
            Err(SigningCertificateError::UnsupportedAlgorithm(algorithm)) => {
                return Err(refused(Error::UnsupportedAlgorithm { algorithm }))
            }
        }
    }

    let parsed = Certificate::from_der(cert)?;
    let new = new_signer_info(signed, &env.content_type, key, &parsed, options)?;
    let certificates: Vec<Vec<u8>> = core::iter::once(cert)
        .chain(chain.iter().map(Vec::as_slice))
        .map(<[u8]>::to_vec)
        .collect();
    edit_signed_data(
        &env,
        &SignedDataEdit {
            certificates: &certificates,
            added_signer: Some(&new),
            ..Default::default()
        },
    )
}
