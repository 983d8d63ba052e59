//! `egov-sign`: sign and verify the request and result documents of Kazakhstan's housing
//! e-services from the command line.
//!
//! Exit codes: 0 valid, 1 invalid, 2 indeterminate, 64 usage error, 65 malformed input.

mod demo;
mod io;

use egov_sign::CoreBackend;
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use egov_sign::cms::{self, Envelope, SignOptions};
use egov_sign::tsp::TsaRevocation;
use egov_sign::{Bin, ChecksumPolicy};
use egov_sign::{DocumentKind, Verifier, VerifyOptions};
use egov_sign::{Error, Time};
use egov_sign::{Indication, Lang, Report};
use egov_sign::{
    KeyUsageRequirement, Policy, RevocationScope, RevocationSource, UnknownName, VerificationTime,
};

/// Exit code: usage error (EX_USAGE).
pub const EXIT_USAGE: u8 = 64;
/// Exit code: malformed input (EX_DATAERR).
pub const EXIT_MALFORMED: u8 = 65;

#[derive(Parser)]
#[command(
    name = "egov-sign",
    version,
    about = "Sign and verify e-gov housing service documents (CMS, Kazakh NCA profile)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Cms,
    Xml,
}

/// The values of an option the core names (`NAMES` and `FromStr`): `--help` lists the
/// core's names and the argument is the core's enum, so the CLI keeps no table of its own.
fn core_names<T>(names: &'static [&'static str]) -> impl TypedValueParser<Value = T>
where
    T: FromStr<Err = UnknownName> + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(names).try_map(|s| s.parse::<T>())
}

#[derive(clap::Args)]
struct TrustArgs {
    /// Trust anchor certificate(s) (PEM or DER; a PEM file may hold several).
    #[arg(long = "anchor", required = true)]
    anchors: Vec<PathBuf>,
    /// Intermediate CA certificate(s), used for paths and to verify CRLs.
    #[arg(long = "intermediate")]
    intermediates: Vec<PathBuf>,
    /// CRL file(s) (DER or PEM; full and delta CRLs).
    #[arg(long = "crl")]
    crls: Vec<PathBuf>,
    /// Which certificates need revocation status (default: the whole chain; fail closed).
    #[arg(long, value_parser = core_names::<RevocationScope>(RevocationScope::NAMES), default_value = "chain")]
    revocation: RevocationScope,
    /// IIN/BIN check-digit strictness.
    #[arg(long = "iin-checksum", value_parser = core_names::<ChecksumPolicy>(ChecksumPolicy::NAMES), default_value = "strict")]
    iin_checksum: ChecksumPolicy,
    /// BIN of a ЦОН operator organisation allowed to sign `con` requests (repeatable).
    #[arg(long = "operator-bin")]
    operator_bins: Vec<String>,
    /// BIN of a provider organisation (signs `provider` requests and results; repeatable).
    #[arg(long = "provider-bin")]
    provider_bins: Vec<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Language of the refusal texts in the human-readable output.
    #[arg(long, value_parser = core_names::<Lang>(Lang::NAMES), default_value = "en")]
    lang: Lang,
    /// TSA trust anchor(s) for signature time-stamp tokens (RFC 3161), separate from
    /// --anchor: a token verified to one proves the signing time of `--at signing-time`.
    #[arg(long = "tsa-anchor")]
    tsa_anchors: Vec<PathBuf>,
    /// TSA intermediate CA or TSA certificate(s).
    #[arg(long = "tsa-intermediate")]
    tsa_intermediates: Vec<PathBuf>,
    /// OCSP response file(s) (DER OCSPResponse, RFC 6960), fetched by the caller.
    #[arg(long = "ocsp")]
    ocsp: Vec<PathBuf>,
    /// Revocation evidence: crl, ocsp, or any (a good answer from either is enough, a
    /// revocation from either wins).
    #[arg(long = "revocation-source", value_parser = core_names::<RevocationSource>(RevocationSource::NAMES), default_value = "any")]
    revocation_source: RevocationSource,
    /// When the revocation status of a time-stamp's TSA certificate at genTime is not
    /// established: warn (TSA_REVOCATION_UNKNOWN warning), require (the token proves
    /// nothing), or skip. A TSA certificate shown revoked always voids its tokens.
    #[arg(long = "tsa-revocation", value_parser = core_names::<TsaRevocation>(TsaRevocation::NAMES), default_value = "warn")]
    tsa_revocation: TsaRevocation,
}

#[derive(Subcommand)]
enum Command {
    /// Run the demo on the built-in test PKI (no set-up needed).
    Demo,
    /// Write the test PKI (PEM certificates, PKCS#8 keys, DER CRLs, manifest.json).
    Testpki {
        /// Output directory (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Key family.
        #[arg(long, value_enum, default_value = "p256")]
        family: Family,
    },
    /// Sign a document (or arbitrary bytes with --kind any).
    Sign {
        /// What the input is: request/result documents are validated before signing.
        #[arg(long, value_parser = core_names::<DocumentKind>(DocumentKind::NAMES), default_value = "request")]
        kind: DocumentKind,
        /// `cms`: a SignedData envelope. `xml`: the document's XML form with an enveloped
        /// XMLDSig signature (input JSON or XML); an already signed XML document gets one
        /// more signature covering the earlier ones (sequential co-signing).
        #[arg(long, value_enum, default_value = "cms")]
        format: Format,
        /// PKCS#8 private key (PEM or DER); needs --cert. Or use --p12.
        #[arg(
            long,
            required_unless_present = "p12",
            conflicts_with = "p12",
            requires = "cert"
        )]
        key: Option<PathBuf>,
        /// The signer's certificate (with --p12: chooses the store's entry holding it).
        #[arg(long)]
        cert: Option<PathBuf>,
        #[command(flatten)]
        store: KeyStoreArgs,
        /// Chain certificates to embed (repeatable).
        #[arg(long = "chain")]
        chain: Vec<PathBuf>,
        /// Leave the content out of the envelope.
        #[arg(long)]
        detached: bool,
        /// Write PEM instead of DER.
        #[arg(long)]
        pem: bool,
        /// The signingTime attribute (RFC 3339); default now.
        #[arg(long = "signing-time")]
        signing_time: Option<String>,
        /// IIN/BIN check-digit strictness for document validation.
        #[arg(long = "iin-checksum", value_parser = core_names::<ChecksumPolicy>(ChecksumPolicy::NAMES), default_value = "strict")]
        iin_checksum: ChecksumPolicy,
        /// The document to sign.
        doc: PathBuf,
        /// Output file.
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
    },
    /// Add a signature to an existing envelope (KalkanCrypt-style co-signing): the earlier
    /// signatures must verify over the content and stay byte for byte as they are.
    Cosign {
        /// PKCS#8 private key (PEM or DER); needs --cert. Or use --p12.
        #[arg(
            long,
            required_unless_present = "p12",
            conflicts_with = "p12",
            requires = "cert"
        )]
        key: Option<PathBuf>,
        /// The signer's certificate (with --p12: chooses the store's entry holding it).
        #[arg(long)]
        cert: Option<PathBuf>,
        #[command(flatten)]
        store: KeyStoreArgs,
        /// Chain certificates to embed (repeatable; those already embedded are skipped).
        #[arg(long = "chain")]
        chain: Vec<PathBuf>,
        /// The signed content, for a detached envelope.
        #[arg(long)]
        content: Option<PathBuf>,
        /// Write PEM instead of DER.
        #[arg(long)]
        pem: bool,
        /// The signingTime attribute (RFC 3339); default now.
        #[arg(long = "signing-time")]
        signing_time: Option<String>,
        /// The envelope to co-sign (DER, PEM or base64).
        envelope: PathBuf,
        /// Output file.
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
    },
    /// Verify a signed envelope (CMS) or a signed XML document (detected by content).
    Verify {
        /// What the content must be.
        #[arg(long, value_parser = core_names::<DocumentKind>(DocumentKind::NAMES), default_value = "request")]
        kind: DocumentKind,
        #[command(flatten)]
        trust: TrustArgs,
        /// Verification time: RFC 3339, `signing-time` (the signer's claim, proven only by a
        /// time-stamp token), or `timestamp` (the token's genTime; needs --tsa-anchor);
        /// default now.
        #[arg(long)]
        at: Option<String>,
        /// The content of a detached envelope.
        #[arg(long)]
        content: Option<PathBuf>,
        /// For results: the request envelope the result must be bound to.
        #[arg(long)]
        request: Option<PathBuf>,
        /// The envelope (DER, PEM or base64) or a signed XML document (detected by content).
        envelope: PathBuf,
    },
    /// Verify a certificate's chain, validity and revocation.
    Chain {
        #[command(flatten)]
        trust: TrustArgs,
        /// Verification time (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
        /// `sign` demands a signing key; `any` checks no key usage of the end certificate.
        #[arg(long, value_parser = core_names::<KeyUsageRequirement>(KeyUsageRequirement::NAMES), default_value = "sign")]
        usage: KeyUsageRequirement,
        /// The certificate (PEM or DER; further certificates in the file are intermediates).
        cert: PathBuf,
    },
    /// Write the RFC 3161 TimeStampReq (DER) for an envelope's signature value: send it to a
    /// TSA (e.g. `curl --data-binary @req.tsq -H 'Content-Type: application/timestamp-query'
    /// http://tsp.pki.gov.kz/ -o resp.tsr`), then `egov-sign timestamp --response resp.tsr`.
    TimestampRequest {
        /// Imprint hash: sha256, sha384, sha512, streebog512, gost34311 (default: the
        /// signer's digest algorithm).
        #[arg(long)]
        hash: Option<String>,
        /// A nonce (hex), echoed by the TSA and checked by `timestamp`.
        #[arg(long)]
        nonce: Option<String>,
        /// Requested TSA policy (dotted OID, e.g. 1.2.398.3.3.2.6.4).
        #[arg(long)]
        policy: Option<String>,
        /// Which SignerInfo (from 0) to time-stamp; required when the envelope has several.
        #[arg(long)]
        signer: Option<usize>,
        /// Output file (DER).
        #[arg(long, short)]
        out: PathBuf,
        /// The envelope (DER, PEM or base64).
        envelope: PathBuf,
    },
    /// Check a TSA's TimeStampResp against the envelope's signature value and the TSA
    /// anchors, then embed its token as the signer's signatureTimeStampToken (earlier tokens
    /// are kept).
    Timestamp {
        /// The TSA's response (DER TimeStampResp).
        #[arg(long)]
        response: PathBuf,
        /// TSA trust anchor(s) (PEM or DER).
        #[arg(long = "tsa-anchor", required = true)]
        tsa_anchors: Vec<PathBuf>,
        /// TSA intermediate CA or TSA certificate(s).
        #[arg(long = "tsa-intermediate")]
        tsa_intermediates: Vec<PathBuf>,
        /// The nonce (hex) sent in the request, if any.
        #[arg(long)]
        nonce: Option<String>,
        /// Which SignerInfo (from 0) the token is for; required when the envelope has
        /// several. The token's imprint must be the hash of that SignerInfo's signature.
        #[arg(long)]
        signer: Option<usize>,
        /// Output file (the envelope with the token, DER).
        #[arg(long, short)]
        out: PathBuf,
        /// The envelope (DER, PEM or base64).
        envelope: PathBuf,
    },
    /// Embed revocation evidence in an envelope — the long-term form: CRLs and OCSP
    /// responses go into SignedData.crls (RFC 5652 §10.2.1; OCSP as RFC 5940
    /// id-ri-ocsp-response), certificates into SignedData.certificates. Each item is checked
    /// against the envelope's signers first (signed by the issuer of a certificate of their
    /// chains, or its delegated responder); nothing signed changes. `verify` picks the
    /// evidence up by itself (`--at timestamp` years later needs only the anchors).
    AddEvidence {
        /// CRL file(s) (DER or PEM), e.g. the CA's CRL fresh at the time-stamp.
        #[arg(long = "crl")]
        crls: Vec<PathBuf>,
        /// OCSP response file(s) (DER OCSPResponse, RFC 6960).
        #[arg(long = "ocsp")]
        ocsp: Vec<PathBuf>,
        /// Certificate(s) to embed too: the intermediates of the signers' paths (and of the
        /// TSA's).
        #[arg(long = "cert")]
        certs: Vec<PathBuf>,
        /// Certificate(s) used only to check the evidence, not embedded (e.g. the root whose
        /// CRL covers the intermediate CA).
        #[arg(long = "issuer")]
        issuers: Vec<PathBuf>,
        /// Output file (the envelope with the evidence, DER).
        #[arg(long, short)]
        out: PathBuf,
        /// The envelope (DER, PEM or base64).
        envelope: PathBuf,
    },
    /// Write an RFC 6960 OCSPRequest (DER) for a certificate: send it to the responder
    /// (e.g. `curl --data-binary @req.ocsp -H 'Content-Type: application/ocsp-request'
    /// http://ocsp.pki.gov.kz/ -o resp.ocsp`).
    OcspRequest {
        /// The issuer's certificate (PEM or DER).
        #[arg(long)]
        issuer: PathBuf,
        /// CertID hash: sha1 (default, what responders expect) or sha256.
        #[arg(long, default_value = "sha1")]
        hash: String,
        /// A nonce (hex, 1 to 32 octets).
        #[arg(long)]
        nonce: Option<String>,
        /// Output file (DER).
        #[arg(long, short)]
        out: PathBuf,
        /// The certificate (PEM or DER).
        cert: PathBuf,
    },
    /// Show a certificate, CRL or envelope (PEM or DER), or — with --password-file or
    /// --password-env — the entries of a PKCS#12 key store (no secrets).
    Inspect {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        password: PasswordArgs,
        /// The file.
        file: PathBuf,
    },
}

/// Where the password of a key store comes from. Never a command-line argument: those are
/// visible to other users of the machine (`ps`) and end up in shell history.
#[derive(clap::Args)]
struct PasswordArgs {
    /// A file holding the key store password (one trailing newline is ignored).
    #[arg(long = "password-file", conflicts_with = "password_env")]
    password_file: Option<PathBuf>,
    /// The name of an environment variable holding the key store password.
    #[arg(long = "password-env")]
    password_env: Option<String>,
}

/// A PKCS#12 key store to sign with.
#[derive(clap::Args)]
struct KeyStoreArgs {
    /// PKCS#12 key store (.p12 / .pfx, e.g. as KalkanCrypt issues NCA keys); needs
    /// --password-file or --password-env.
    #[arg(long)]
    p12: Option<PathBuf>,
    #[command(flatten)]
    password: PasswordArgs,
    /// The key store entry (friendlyName) to sign with, when it holds several.
    #[arg(long, requires = "p12")]
    alias: Option<String>,
}

/// The largest password file read.
const MAX_PASSWORD_FILE: usize = 4096;

impl PasswordArgs {
    fn given(&self) -> bool {
        self.password_file.is_some() || self.password_env.is_some()
    }

    /// The password, wiped from memory when dropped.
    fn read(&self) -> Result<zeroize::Zeroizing<String>, Failure> {
        use zeroize::Zeroize;
        if let Some(var) = &self.password_env {
            return std::env::var(var)
                .map(zeroize::Zeroizing::new)
                .map_err(|_| {
                    Failure::usage(format!(
                        "the environment variable {var} is not set (or not UTF-8)"
                    ))
                });
        }
        let Some(path) = &self.password_file else {
            return Err(Failure::usage(
                "a key store needs --password-file FILE or --password-env VAR",
            ));
        };
        let mut bytes = io::read_bounded(path, MAX_PASSWORD_FILE)?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => {
                let t = t.strip_suffix('\n').unwrap_or(t);
                let t = t.strip_suffix('\r').unwrap_or(t);
                Ok(zeroize::Zeroizing::new(t.to_string()))
            }
            Err(_) => Err(Failure::usage(format!(
                "the password file {} is not UTF-8",
                path.display()
            ))),
        };
        bytes.zeroize();
        text
    }
}

/// Open the key store of `args` (the caller checked `args.p12` is set).
fn open_key_store(
    path: &std::path::Path,
    password: &PasswordArgs,
) -> Result<egov_sign::KeyStore, Failure> {
    let bytes = io::read_bounded(path, egov_sign::limits::MAX_KEY_STORE_SIZE)?;
    let password = password.read()?;
    egov_sign::KeyStore::open(&bytes, &password)
        .map_err(|e| Failure::from(e).context(&path.display().to_string()))
}

#[derive(Clone, Copy, ValueEnum)]
enum Family {
    Rsa,
    P256,
    /// GOST 34.10-2015 (512) with Streebog-512.
    Gost2015,
    /// GOST 34.310-2004 with GOST 34.311-95.
    Gost2004,
}

/// A CLI failure: a message and an exit code.
pub struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }

    fn context(mut self, what: &str) -> Failure {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let code = if matches!(e, Error::CosignRefused { .. }) {
            // The envelope to co-sign holds a signature that does not verify: invalid.
            1
        } else if e.is_malformed_input()
            || matches!(
                e,
                Error::UnsupportedAlgorithm { .. } | Error::InvalidKey { .. }
            )
        {
            EXIT_MALFORMED
        } else {
            EXIT_USAGE
        };
        Failure {
            code,
            message: e.to_string(),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => EXIT_USAGE,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("egov-sign: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn parse_time(s: &str) -> Result<Time, Failure> {
    Time::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|e| Failure::usage(format!("bad RFC 3339 time {s:?}: {e}")))
}

fn build_verifier(t: &TrustArgs) -> Result<Verifier, Failure> {
    let policy_checksum = t.iin_checksum;
    let bins = |v: &[String]| -> Result<Vec<Bin>, Failure> {
        v.iter()
            .map(|b| Bin::parse_with(b, policy_checksum).map_err(|e| Failure::usage(e.to_string())))
            .collect()
    };
    let policy = Policy {
        revocation: t.revocation,
        checksum: policy_checksum,
        operator_bins: bins(&t.operator_bins)?,
        provider_bins: bins(&t.provider_bins)?,
        ..Policy::default()
    };
    let mut b = Verifier::builder().policy(policy);
    for p in &t.anchors {
        b = b.anchors(&io::read_input(p)?)?;
    }
    for p in &t.intermediates {
        b = b.intermediates(&io::read_input(p)?)?;
    }
    for p in &t.crls {
        b = b.crls(&io::read_crl(p)?)?;
    }
    for p in &t.tsa_anchors {
        b = b.tsa_anchors(&io::read_input(p)?)?;
    }
    for p in &t.ocsp {
        b = b.ocsp_response(&io::read_input(p)?)?;
    }
    b = b.revocation_source(t.revocation_source);
    for p in &t.tsa_intermediates {
        b = b.tsa_intermediates(&io::read_input(p)?)?;
    }
    b = b.tsa_revocation(t.tsa_revocation);
    Ok(b.build()?)
}

fn exit_for(report: &Report) -> u8 {
    match report.indication {
        Indication::Valid => 0,
        Indication::Invalid => 1,
        Indication::Indeterminate => 2,
    }
}

fn print_report(report: &Report, json: bool, lang: Lang) {
    if json {
        println!("{}", report.to_json());
    } else {
        print!("{}", demo::render_report(report, lang));
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    match cli.command {
        Command::Demo => demo::run(),
        Command::Testpki { out, family } => demo::write_test_pki(&out, family),
        Command::Sign {
            kind,
            format,
            key,
            cert,
            store,
            chain,
            detached,
            pem,
            signing_time,
            iin_checksum,
            doc,
            out,
        } => {
            let content = io::read_input(&doc)?;
            let policy = iin_checksum;
            if format == Format::Xml {
                if detached || pem || signing_time.is_some() || !chain.is_empty() {
                    return Err(Failure::usage(
                        "--format xml takes no --detached, --pem, --signing-time or --chain",
                    ));
                }
                let (key, cert_der, _) = signer_from_args(key, cert, &store, &chain)?;
                let xml = egov_sign::sign_document_xml(
                    &content,
                    kind,
                    &key,
                    &cert_der,
                    policy,
                    &egov_sign::xml::XmlSignOptions::default(),
                )?;
                write_out(&out, xml.as_bytes())?;
                eprintln!("signed {} → {} (XML)", doc.display(), out.display());
                return Ok(0);
            }
            match kind {
                DocumentKind::Request => {
                    egov_sign::Request::from_json(&content, policy)?;
                }
                DocumentKind::Result => {
                    egov_sign::ResultDocument::from_json(&content, policy)?;
                }
                DocumentKind::Receipt => {
                    egov_sign::document::Receipt::from_json(&content, policy)?;
                }
                DocumentKind::Any => {}
            }
            let (key, cert_der, chain_der) = signer_from_args(key, cert, &store, &chain)?;
            let options = SignOptions {
                detached,
                ..sign_options(signing_time)?
            };
            let der = cms::sign(&content, &key, &cert_der, &chain_der, &options)?;
            write_envelope(&out, der, pem)?;
            eprintln!("signed {} → {}", doc.display(), out.display());
            Ok(0)
        }
        Command::Cosign {
            key,
            cert,
            store,
            chain,
            content,
            pem,
            signing_time,
            envelope,
            out,
        } => {
            let env = io::read_input(&envelope)?;
            let content = content.as_ref().map(|p| io::read_input(p)).transpose()?;
            let (key, cert_der, chain_der) = signer_from_args(key, cert, &store, &chain)?;
            let options = sign_options(signing_time)?;
            let der = cms::cosign(
                &env,
                content.as_deref(),
                &key,
                &cert_der,
                &chain_der,
                &options,
            )?;
            write_envelope(&out, der, pem)?;
            eprintln!("co-signed {} → {}", envelope.display(), out.display());
            Ok(0)
        }
        Command::Verify {
            kind,
            trust,
            at,
            content,
            request,
            envelope,
        } => {
            let verifier = build_verifier(&trust)?;
            let time = match at.as_deref() {
                None => VerificationTime::Now,
                Some(s) => s
                    .parse::<VerificationTime>()
                    .map_err(|e| Failure::usage(format!("--at: {e}")))?,
            };
            let env = io::read_input(&envelope)?;
            let content = content.as_ref().map(|p| io::read_input(p)).transpose()?;
            let request = request.as_ref().map(|p| io::read_input(p)).transpose()?;
            let options = VerifyOptions {
                time,
                content: content.as_deref(),
                request_envelope: request.as_deref(),
                signature_backend: &CoreBackend,
            };
            // XML (by content) or CMS: one rule, in the core.
            let report = verifier.verify_any(&env, kind, &options)?;
            print_report(&report, trust.json, trust.lang);
            Ok(exit_for(&report))
        }
        Command::Chain {
            trust,
            at,
            usage,
            cert,
        } => {
            let verifier = build_verifier(&trust)?;
            let time = match at {
                Some(s) => parse_time(&s)?,
                None => Time::now_utc(),
            };
            let report = verifier.verify_chain(&io::read_input(&cert)?, &[], usage, time)?;
            print_report(&report, trust.json, trust.lang);
            Ok(exit_for(&report))
        }
        Command::TimestampRequest {
            hash,
            nonce,
            policy,
            signer,
            out,
            envelope,
        } => timestamp_request(hash, nonce, policy, signer, &out, &envelope),
        Command::Timestamp {
            response,
            tsa_anchors,
            tsa_intermediates,
            nonce,
            signer,
            out,
            envelope,
        } => timestamp(
            &response,
            &tsa_anchors,
            &tsa_intermediates,
            nonce,
            signer,
            &out,
            &envelope,
        ),
        Command::OcspRequest {
            issuer,
            hash,
            nonce,
            out,
            cert,
        } => ocsp_request(&issuer, &hash, nonce, &out, &cert),
        Command::AddEvidence {
            crls,
            ocsp,
            certs,
            issuers,
            out,
            envelope,
        } => add_evidence(&crls, &ocsp, &certs, &issuers, &out, &envelope),
        Command::Inspect {
            json,
            password,
            file,
        } => {
            let value = if password.given() {
                inspect_key_store(&open_key_store(&file, &password)?)
            } else {
                inspect(&io::read_crl(&file)?)?
            };
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                );
            } else {
                print!("{}", demo::render_value(&value, 0));
            }
            Ok(0)
        }
    }
}

/// A signing key, its certificate (DER) and the chain certificates to embed (DER each).
type Signer = (egov_sign::SigningKey, Vec<u8>, Vec<Vec<u8>>);

/// The signing key, its certificate and the chain to embed, from `--key`/`--cert` or
/// `--p12` (with `--cert` choosing the entry) plus `--chain` files.
fn signer_from_args(
    key: Option<PathBuf>,
    cert: Option<PathBuf>,
    store: &KeyStoreArgs,
    chain: &[PathBuf],
) -> Result<Signer, Failure> {
    let mut chain_der = Vec::new();
    let (key, cert_der) = match (&store.p12, key, cert) {
        (Some(p12), _, cert) => {
            let ks = open_key_store(p12, &store.password)?;
            let entry = match cert {
                Some(c) => {
                    let cert_der = egov_sign::Certificate::from_pem_or_der(&io::read_input(&c)?)?
                        .der()
                        .to_vec();
                    ks.into_entries()
                        .into_iter()
                        .find(|e| e.certificate_der() == Some(&cert_der[..]))
                        .ok_or_else(|| {
                            Failure::usage(format!(
                                "no entry of {} holds the certificate {}",
                                p12.display(),
                                c.display()
                            ))
                        })?
                }
                None => ks.into_entry(store.alias.as_deref())?,
            };
            let cert_der = entry.certificate_der().map(<[u8]>::to_vec).ok_or_else(|| {
                Failure::usage(format!(
                    "the key store entry has no certificate; give it with --cert ({})",
                    p12.display()
                ))
            })?;
            chain_der.extend(entry.chain().iter().cloned());
            (entry.into_signing_key(), cert_der)
        }
        (None, Some(key), Some(cert)) => (
            egov_sign::SigningKey::from_pkcs8(&io::read_input(&key)?)?,
            egov_sign::Certificate::from_pem_or_der(&io::read_input(&cert)?)?
                .der()
                .to_vec(),
        ),
        _ => return Err(Failure::usage("give --key with --cert, or --p12")),
    };
    for p in chain {
        for c in egov_sign::Certificate::parse_all(&io::read_input(p)?)? {
            chain_der.push(c.der().to_vec());
        }
    }
    Ok((key, cert_der, chain_der))
}

/// Hex (upper or lower case, even length) to bytes.
fn unhex(s: &str) -> Result<Vec<u8>, Failure> {
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Failure::usage(
            "the nonce must be an even number of hex digits",
        ));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| Failure::usage(e.to_string())))
        .collect()
}

/// The options of `sign` and `cosign`: `--signing-time` (RFC 3339), now when absent.
fn sign_options(signing_time: Option<String>) -> Result<SignOptions, Failure> {
    let at = match signing_time {
        Some(s) => parse_time(&s)?,
        None => Time::now_utc(),
    };
    Ok(SignOptions {
        signing_time: Some(at),
        ..SignOptions::default()
    })
}

/// Write a signed envelope: DER, or PEM ("CMS") with `--pem`.
fn write_envelope(out: &std::path::Path, der: Vec<u8>, pem: bool) -> Result<(), Failure> {
    if pem {
        write_out(out, cms::to_pem(&der).as_bytes())
    } else {
        write_out(out, &der)
    }
}

fn write_out(path: &std::path::Path, data: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, data)
        .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))
}

fn digest_named(name: &str) -> Result<egov_sign::DigestAlgorithm, Failure> {
    use egov_sign::DigestAlgorithm as D;
    Ok(match name {
        "sha256" => D::Sha256,
        "sha384" => D::Sha384,
        "sha512" => D::Sha512,
        "streebog512" => D::Streebog512,
        "gost34311" => D::Gost94Test,
        other => return Err(Failure::usage(format!("unknown hash {other}"))),
    })
}

fn timestamp_request(
    hash: Option<String>,
    nonce: Option<String>,
    policy: Option<String>,
    signer: Option<usize>,
    out: &std::path::Path,
    envelope: &std::path::Path,
) -> Result<u8, Failure> {
    let env = Envelope::parse(&io::read_input(envelope)?)?;
    let digest = hash.as_deref().map(digest_named).transpose()?;
    let nonce = nonce.as_deref().map(unhex).transpose()?;
    let policy = policy
        .as_deref()
        .map(egov_sign::ObjectIdentifier::new)
        .transpose()
        .map_err(|e| Failure::usage(format!("--policy: not an OID: {e}")))?;
    let req =
        egov_sign::tsp::TimeStampReq::for_signer(&env, signer, digest, nonce.as_deref(), policy)?;
    write_out(out, &req.to_der()?)?;
    Ok(0)
}

fn timestamp(
    response: &std::path::Path,
    anchors: &[PathBuf],
    intermediates: &[PathBuf],
    nonce: Option<String>,
    signer: Option<usize>,
    out: &std::path::Path,
    envelope: &std::path::Path,
) -> Result<u8, Failure> {
    use egov_sign::tsp;
    let input = io::read_input(envelope)?;
    let tsp_failure = |e: tsp::TspError| Failure {
        code: EXIT_MALFORMED,
        message: e.to_string(),
    };
    let token = tsp::token_from_response(&io::read_input(response)?).map_err(tsp_failure)?;
    let mut trust = tsp::TsaTrust::new();
    for p in anchors {
        trust = trust.anchors(&io::read_input(p)?)?;
    }
    for p in intermediates {
        trust = trust.intermediates(&io::read_input(p)?)?;
    }
    let nonce = nonce.as_deref().map(unhex).transpose()?;
    let (stamped, v) = tsp::embed_verified_timestamp(
        &input,
        signer,
        &token,
        nonce.as_deref(),
        &trust,
        &CoreBackend,
    )
    .map_err(|e| match e {
        tsp::TspError::Malformed(e) => Failure::from(e),
        e => tsp_failure(e),
    })?;
    write_out(out, &stamped)?;
    eprintln!(
        "time-stamped at {} by {} (policy {}{})",
        v.info.gen_time_rfc3339(),
        v.tsa.subject(),
        v.info.policy,
        v.policy_name.map(|n| format!(", {n}")).unwrap_or_default()
    );
    Ok(0)
}

fn add_evidence(
    crls: &[PathBuf],
    ocsp: &[PathBuf],
    certs: &[PathBuf],
    issuers: &[PathBuf],
    out: &std::path::Path,
    envelope: &std::path::Path,
) -> Result<u8, Failure> {
    use egov_sign::Certificate;
    let mut evidence = egov_sign::cms::Evidence::default();
    for p in crls {
        evidence.crls.extend(egov_sign::encoding::decode_der_blobs(
            &io::read_crl(p)?,
            "X509 CRL",
            egov_sign::limits::MAX_CRL_SIZE,
        )?);
    }
    for p in ocsp {
        evidence.ocsp_responses.push(io::read_input(p)?);
    }
    for p in certs {
        for c in Certificate::parse_all(&io::read_input(p)?)? {
            evidence.certificates.push(c.der().to_vec());
        }
    }
    for p in issuers {
        for c in Certificate::parse_all(&io::read_input(p)?)? {
            evidence.issuers.push(c.der().to_vec());
        }
    }
    let env = io::read_input(envelope)?;
    write_out(
        out,
        &egov_sign::cms::add_revocation_evidence(&env, &evidence)?,
    )?;
    eprintln!(
        "embedded {} CRL(s), {} OCSP response(s), {} certificate(s)",
        evidence.crls.len(),
        evidence.ocsp_responses.len(),
        evidence.certificates.len()
    );
    Ok(0)
}

fn ocsp_request(
    issuer: &std::path::Path,
    hash: &str,
    nonce: Option<String>,
    out: &std::path::Path,
    cert: &std::path::Path,
) -> Result<u8, Failure> {
    use egov_sign::ocsp::CertIdHash;
    use egov_sign::Certificate;
    let cert = Certificate::from_pem_or_der(&io::read_input(cert)?)?;
    let issuer = Certificate::from_pem_or_der(&io::read_input(issuer)?)?;
    let hash = match hash {
        "sha1" => CertIdHash::Sha1,
        other => CertIdHash::Digest(digest_named(other)?),
    };
    let nonce = nonce.as_deref().map(unhex).transpose()?;
    write_out(
        out,
        &egov_sign::ocsp::request(&cert, &issuer, hash, nonce.as_deref())?,
    )?;
    Ok(0)
}

/// Describe the entries of a key store (the core's [`egov_sign::inspect::KeyStoreSummary`]):
/// aliases, key algorithms, certificates. No secrets.
fn inspect_key_store(store: &egov_sign::KeyStore) -> serde_json::Value {
    serde_json::to_value(egov_sign::inspect::KeyStoreSummary::of(store)).unwrap_or_default()
}

/// Describe a certificate, CRL or envelope as JSON: the core's [`egov_sign::inspect::inspect`].
fn inspect(data: &[u8]) -> Result<serde_json::Value, Failure> {
    let found = egov_sign::inspect::inspect(data).map_err(|e| Failure {
        code: EXIT_MALFORMED,
        message: format!("not a certificate, CRL or envelope: {e}"),
    })?;
    Ok(serde_json::to_value(found).unwrap_or_default())
}
