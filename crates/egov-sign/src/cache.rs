//! A bounded memo of parsed end-entity certificates, keyed by their exact DER.
//!
//! Parsing the signer's certificate is the largest piece of per-call work besides the two
//! signature checks (the TBSCertificate reader, the subject/issuer strings, the SHA-256
//! fingerprint, the report summary). Citizens sign once, but operators of a Government-for-Citizens centre
//! and the provider's officials sign many documents with the same certificate, so a
//! [`crate::verifier::Verifier`] keeps the certificates it parsed.
//!
//! What is cached is only the *parse*: a pure function of the bytes. A hit is found by
//! comparing the whole DER byte for byte (the hash only picks the bucket), and everything
//! that decides a verification — the signature of the issuer over the certificate, the
//! validity period at the verification time, revocation, key usage, the identity checks —
//! still runs on every call. A certificate that does not parse is never cached.
//!
//! Bounds (hostile input can only churn the cache, never grow it):
//! - at most `capacity` certificates, in two generations: new entries go to the young
//!   generation; when it is full the old one is dropped and the young one becomes old; a
//!   hit in the old generation moves the entry back to the young one (an approximate LRU,
//!   O(1) per call);
//! - certificates larger than [`MAX_CACHED_CERTIFICATE`] are parsed but not kept;
//! - at most [`MAX_BUCKET`] certificates per hash bucket (colliding inputs are parsed
//!   and not kept).

use std::collections::hash_map::{HashMap, RandomState};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};

use crate::certificate::Certificate;
use crate::Error;

/// Certificates larger than this (DER bytes) are not cached. NCA end-entity certificates
/// are 1–2 KiB.
pub const MAX_CACHED_CERTIFICATE: usize = 16 * 1024;

/// Most certificates kept under one hash value.
pub const MAX_BUCKET: usize = 4;

/// Default capacity of a verifier's certificate cache (a few hundred KiB at NCA sizes).
pub const DEFAULT_CERTIFICATE_CACHE: usize = 256;

type Generation = HashMap<u64, Vec<Arc<Certificate>>>;

#[derive(Debug, Default)]
struct Generations {
    young: Generation,
    young_len: usize,
    old: Generation,
    old_len: usize,
}

impl Generations {
    fn find(map: &Generation, hash: u64, der: &[u8]) -> Option<usize> {
        map.get(&hash)?.iter().position(|c| c.der() == der)
    }
}

/// A bounded, thread-safe memo of parsed certificates.
#[derive(Debug)]
pub(crate) struct CertificateCache {
    /// Entries per generation (0: caching off).
    per_generation: usize,
    /// Largest DER kept.
    max_der: usize,
    hasher: RandomState,
    state: Mutex<Generations>,
}

impl CertificateCache {
    /// A cache holding at most `capacity` certificates (0 turns caching off).
    pub(crate) fn new(capacity: usize) -> Self {
        Self::with_limits(capacity, MAX_CACHED_CERTIFICATE)
    }

    fn with_limits(capacity: usize, max_der: usize) -> Self {
        CertificateCache {
            per_generation: capacity / 2 + capacity % 2,
            max_der,
            hasher: RandomState::new(),
            state: Mutex::new(Generations::default()),
        }
    }

    /// Most certificates the cache holds: two generations (`capacity` rounded up to even).
    pub(crate) fn capacity(&self) -> usize {
        self.per_generation * 2
    }

    /// Certificates held now.
    pub(crate) fn len(&self) -> usize {
        self.state
            .lock()
            .map(|s| s.young_len + s.old_len)
            .unwrap_or(0)
    }

    /// The parsed certificate for `der`: from the cache, or parsed now (and kept if it
    /// parses and fits the bounds).
    pub(crate) fn get_or_parse(&self, der: &[u8]) -> Result<Arc<Certificate>, Error> {
        if self.per_generation == 0 || der.len() > self.max_der {
            return Certificate::from_der(der).map(Arc::new);
        }
        let hash = self.bucket_of(der);
        if let Some(hit) = self.lookup(hash, der) {
            return Ok(hit);
        }
        // Parse outside the lock: other threads keep verifying meanwhile.
        let cert = Arc::new(Certificate::from_der(der)?);
        self.insert(hash, &cert);
        Ok(cert)
    }

    /// The bucket key: a keyed hash of the length and the last 64 octets — the end of the
    /// certificate's signature value, which differs between any two certificates an issuer
    /// signed. Certificates crafted to share it only share a bucket ([`MAX_BUCKET`] bounds
    /// that), since a hit compares the whole DER.
    fn bucket_of(&self, der: &[u8]) -> u64 {
        let tail = der.get(der.len().saturating_sub(64)..).unwrap_or(der);
        self.hasher.hash_one((der.len(), tail))
    }

    fn lookup(&self, hash: u64, der: &[u8]) -> Option<Arc<Certificate>> {
        // A poisoned lock (a panic elsewhere while holding it) only disables the cache.
        let mut s = self.state.lock().ok()?;
        if let Some(i) = Generations::find(&s.young, hash, der) {
            return s.young.get(&hash).and_then(|b| b.get(i)).cloned();
        }
        let i = Generations::find(&s.old, hash, der)?;
        // Promote: take it out of the old generation, put it in the young one.
        let cert = {
            let bucket = s.old.get_mut(&hash)?;
            let cert = bucket.swap_remove(i);
            if bucket.is_empty() {
                s.old.remove(&hash);
            }
            cert
        };
        s.old_len = s.old_len.saturating_sub(1);
        self.push_young(&mut s, hash, Arc::clone(&cert));
        Some(cert)
    }

    fn insert(&self, hash: u64, cert: &Arc<Certificate>) {
        let Ok(mut s) = self.state.lock() else {
            return;
        };
        // Another thread may have inserted it meanwhile.
        if Generations::find(&s.young, hash, cert.der()).is_some()
            || Generations::find(&s.old, hash, cert.der()).is_some()
        {
            return;
        }
        self.push_young(&mut s, hash, Arc::clone(cert));
    }

    fn push_young(&self, s: &mut Generations, hash: u64, cert: Arc<Certificate>) {
        if s.young.get(&hash).map_or(0, Vec::len) >= MAX_BUCKET {
            return;
        }
        if s.young_len >= self.per_generation {
            s.old = std::mem::take(&mut s.young);
            s.old_len = s.young_len;
            s.young_len = 0;
        }
        s.young.entry(hash).or_default().push(cert);
        s.young_len += 1;
    }
}

#[cfg(all(test, feature = "test-pki"))]
mod tests {
    use super::*;
    use crate::test_pki::{KeyFamily, TestPki};

    fn certs() -> Vec<Vec<u8>> {
        let pki = TestPki::generate(KeyFamily::P256, crate::Time::now_utc()).expect("pki");
        vec![
            pki.root.cert_der.clone(),
            pki.ca.cert_der.clone(),
            pki.citizen_sign.cert_der.clone(),
            pki.citizen_auth.cert_der.clone(),
            pki.operator_sign.cert_der.clone(),
        ]
    }

    #[test]
    fn a_hit_is_the_same_parse_and_is_shared() {
        let ders = certs();
        let cache = CertificateCache::new(8);
        let a = cache.get_or_parse(&ders[2]).expect("parses");
        let b = cache.get_or_parse(&ders[2]).expect("parses");
        assert!(Arc::ptr_eq(&a, &b), "second call must be a hit");
        assert_eq!(a.der(), ders[2].as_slice());
        let c = cache.get_or_parse(&ders[3]).expect("parses");
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(c.der(), ders[3].as_slice());
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn capacity_bounds_the_cache_and_recent_entries_survive() {
        let ders = certs();
        let cache = CertificateCache::new(2);
        assert_eq!(cache.capacity(), 2);
        let first = cache.get_or_parse(&ders[0]).expect("parses");
        for round in 0..3 {
            for d in &ders {
                cache.get_or_parse(d).expect("parses");
                assert!(cache.len() <= 2, "round {round}: {} entries", cache.len());
            }
        }
        // The most recent one is a hit; the first one was evicted long ago.
        let last = ders.last().expect("certs");
        let x = cache.get_or_parse(last).expect("parses");
        let y = cache.get_or_parse(last).expect("parses");
        assert!(Arc::ptr_eq(&x, &y));
        let again = cache.get_or_parse(&ders[0]).expect("parses");
        assert!(!Arc::ptr_eq(&first, &again));
    }

    #[test]
    fn old_generation_hits_are_promoted() {
        let ders = certs();
        let cache = CertificateCache::new(4); // two per generation
        let a = cache.get_or_parse(&ders[0]).expect("parses");
        cache.get_or_parse(&ders[1]).expect("parses");
        cache.get_or_parse(&ders[2]).expect("parses"); // rotates: {0,1} become old
        let a2 = cache.get_or_parse(&ders[0]).expect("parses"); // old hit → young
        assert!(Arc::ptr_eq(&a, &a2));
        cache.get_or_parse(&ders[3]).expect("parses"); // rotates: {2,0} old, 1 dropped
        let a3 = cache.get_or_parse(&ders[0]).expect("parses");
        assert!(
            Arc::ptr_eq(&a, &a3),
            "a promoted entry survives the next rotation"
        );
        assert!(cache.len() <= 4);
    }

    #[test]
    fn off_when_capacity_is_zero_and_failures_are_not_cached() {
        let ders = certs();
        let off = CertificateCache::new(0);
        let a = off.get_or_parse(&ders[2]).expect("parses");
        let b = off.get_or_parse(&ders[2]).expect("parses");
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(off.len(), 0);

        let cache = CertificateCache::new(8);
        let mut bad = ders[2].clone();
        bad.truncate(bad.len() - 1);
        for _ in 0..3 {
            assert!(cache.get_or_parse(&bad).is_err());
        }
        assert_eq!(cache.len(), 0);
        // Same length, one byte different: a different certificate (or none).
        let mut flipped = ders[2].clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        let good = cache.get_or_parse(&ders[2]).expect("parses");
        if let Ok(other) = cache.get_or_parse(&flipped) {
            assert!(!Arc::ptr_eq(&good, &other));
            assert_eq!(other.der(), flipped.as_slice());
        }
    }

    #[test]
    fn oversize_certificates_are_parsed_but_not_kept() {
        let ders = certs();
        let cache = CertificateCache::with_limits(8, ders[2].len() - 1);
        let a = cache.get_or_parse(&ders[2]).expect("parses");
        let b = cache.get_or_parse(&ders[2]).expect("parses");
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(a.der(), b.der());
        assert_eq!(cache.len(), 0);
        let small = ders
            .iter()
            .find(|d| d.len() < ders[2].len())
            .expect("a smaller one");
        cache.get_or_parse(small).expect("parses");
        assert_eq!(cache.len(), 1);
    }
}
