// Issue 16 in wasm: RFC 3161 time-stamps and RFC 6960 OCSP responses the page is given (no
// network I/O). The tokens and responses come from the core's test TSA and responder
// (examples/evidence_fixtures.rs, native), with the native reports the wasm ones must
// equal; the real NCA token and response from testdata/nca.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { codes, egov, OUT, REPO, both } from './fixtures.mjs';

/** The fixtures of examples/evidence_fixtures.rs (made once per directory). */
function evidence(family) {
  const dir = process.env.EGOV_EVIDENCE_DIR && family === 'p256'
    ? process.env.EGOV_EVIDENCE_DIR
    : join(OUT, `evidence-${family}`);
  if (!existsSync(join(dir, 'report_ocsp.json'))) {
    execFileSync('cargo', ['run', '-q', '-p', 'egov-sign-wasm', '--example', 'evidence_fixtures', '--', dir, family], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const bytes = (f) => new Uint8Array(readFileSync(join(dir, f)));
  const text = (f) => readFileSync(join(dir, f), 'utf8');
  return {
    family,
    now: new Date(manifest.generated_at),
    bytes,
    cert: (name) => text(`${name}.pem`),
    json: (f) => JSON.parse(text(f)),
  };
}

const nca = (name) => new Uint8Array(readFileSync(join(REPO, 'testdata', 'nca', name)));
const DAY = 24 * 3600 * 1000;

const camel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
function camelKeys(v) {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), k === 'document' ? x : camelKeys(x)]));
}
/** What the binding must return for the core's report `r` (as test/report.test.mjs). */
function expected(r) {
  const out = camelKeys(r);
  out.valid = r.indication === 'valid';
  const lines = (lang) => [...new Map(r.findings.map((f) => [f.code, f.message[lang]])).values()].join('\n');
  out.refusal = out.valid ? null : { ru: lines('ru'), kk: lines('kk'), en: lines('en') };
  return out;
}

function tsaVerifier(e, over = {}) {
  return new egov.Verifier({
    anchors: e.cert('root'),
    intermediates: e.cert('ca'),
    crls: [e.bytes('root_full.crl'), e.bytes('ca_full.crl'), e.bytes('ca_delta.crl')],
    tsaAnchors: e.cert('root'),
    tsaIntermediates: [e.cert('ca')],
    ...over,
  });
}

const FAMILIES = [evidence('p256'), evidence('rsa')];

test('timestampRequest and embedTimestamp are the core\'s, byte for byte', () => {
  for (const e of FAMILIES) {
    const env = e.bytes('citizen.p7s');
    assert.deepEqual(egov.timestampRequest(env), e.bytes('citizen.tsq'), e.family);
    const { envelope, timestamp } = egov.embedTimestamp(env, e.bytes('citizen.tsr'), {
      tsaAnchors: e.cert('root'),
      tsaIntermediates: e.cert('ca'),
    });
    assert.deepEqual(envelope, e.bytes('citizen_stamped.p7s'), e.family);
    assert.deepEqual(timestamp, camelKeys(e.json('timestamp_check.json')), e.family);
    assert.equal(timestamp.policyName, 'tsa_gost2015_policy');
    assert.equal(timestamp.accuracyMicros, 1_000_000);
    // The embedded token verifies on its own, over the signer's signature value.
    const [token] = egov.signatureTimestampTokens(envelope);
    assert.deepEqual(
      egov.verifyTimestampToken(token, { envelope, tsaAnchors: e.cert('root'), tsaIntermediates: e.cert('ca') }),
      timestamp,
    );
    // Options: another hash, a nonce, a policy.
    const other = egov.timestampRequest(env, { hash: 'sha512', nonce: new Uint8Array([1, 2]), policy: '1.2.398.3.3.2.6.4' });
    assert.notDeepEqual(other, e.bytes('citizen.tsq'));
    assert.throws(() => egov.timestampRequest(env, { signerIndex: 1 }), { code: 'CONFIG' });
    assert.throws(() => egov.timestampRequest(env, { hash: 'md5' }), { code: 'CONFIG' });
  }
});

test('at: \'timestamp\' and the report\'s timestamp / revocation are the native report', async () => {
  for (const e of FAMILIES) {
    const v = tsaVerifier(e);
    const stamped = e.bytes('citizen_stamped.p7s');
    const want = expected(e.json('report_timestamp.json'));
    assert.equal(want.indication, 'valid');
    assert.ok(want.timestamp && want.revocation.length === 2 && want.signers[0].timestamp);
    const r = await both(v, 'verifyRequest', stamped, { at: 'timestamp' });
    assert.deepEqual(r, want, e.family);
    // No token: TIMESTAMP_MISSING; a token without TSA trust: TIMESTAMP_INVALID.
    const plain = await both(v, 'verifyRequest', e.bytes('citizen.p7s'), { at: 'timestamp' });
    assert.equal(plain.indication, 'indeterminate');
    assert.deepEqual(codes(plain), ['TIMESTAMP_MISSING']);
    const untrusted = tsaVerifier(e, { tsaAnchors: undefined, tsaIntermediates: undefined });
    const r2 = untrusted.verifyRequestSync(stamped, { at: 'timestamp' });
    assert.equal(r2.indication, 'indeterminate');
    assert.deepEqual(codes(r2), ['TIMESTAMP_INVALID']);
    assert.equal(r2.timestamp, undefined);
  }
});

test('a backdated signingTime is never valid without proof (issue 16, fact 1)', async () => {
  for (const e of FAMILIES) {
    const v = tsaVerifier(e);
    const env = e.bytes('revoked_backdated.p7s');
    assert.deepEqual(codes(v.verifyRequestSync(env, { at: e.now })), ['CERT_REVOKED']);
    const claimed = await both(v, 'verifyRequest', env, { at: 'signing-time' });
    assert.equal(claimed.indication, 'indeterminate', e.family);
    assert.deepEqual(codes(claimed), ['SIGNING_TIME_UNPROVEN']);
    const anchors = { tsaAnchors: e.cert('root'), tsaIntermediates: e.cert('ca') };
    // A time-stamp at the claimed time (before the revocation) proves it.
    const early = egov.embedTimestamp(env, e.bytes('revoked_early.tsr'), anchors).envelope;
    assert.equal((await both(v, 'verifyRequest', early, { at: 'timestamp' })).indication, 'valid');
    assert.equal(v.verifyRequestSync(early, { at: 'signing-time' }).indication, 'valid');
    // One after the revocation does not.
    const late = egov.embedTimestamp(env, e.bytes('revoked_late.tsr'), anchors).envelope;
    const r = await both(v, 'verifyRequest', late, { at: 'timestamp' });
    assert.equal(r.indication, 'invalid');
    assert.deepEqual(codes(r), ['CERT_REVOKED']);
    assert.equal(r.revocation[0].status, 'revoked');
    assert.ok(r.revocation[0].revocationTime);
    // The CRL entry's reasonCode, by its RFC 5280 name.
    assert.equal(r.revocation[0].reason, 'keyCompromise');
  }
});

test('time-stamp refusals carry code and reason', () => {
  const e = FAMILIES[0];
  const env = e.bytes('citizen.p7s');
  const stamped = e.bytes('citizen_stamped.p7s');
  const [token] = egov.signatureTimestampTokens(stamped);
  const ok = { tsaAnchors: e.cert('root'), tsaIntermediates: e.cert('ca') };
  const refused = (f, reason) => assert.throws(f, (err) => {
    assert.equal(err.name, 'EgovSignError');
    assert.equal(err.code, 'TIMESTAMP_INVALID');
    assert.equal(err.reason, reason);
    return true;
  });
  refused(() => egov.verifyTimestampToken(token, { ...ok, signatureValue: new Uint8Array([1, 2, 3]) }), 'IMPRINT_MISMATCH');
  refused(() => egov.verifyTimestampToken(token, { envelope: stamped, tsaAnchors: e.cert('other_root') }), 'TSA_PATH_INVALID');
  refused(() => egov.verifyTimestampToken(token, { ...ok, envelope: stamped, nonce: new Uint8Array([9]) }), 'NONCE_MISMATCH');
  refused(() => egov.verifyTimestampToken(token, { ...ok, envelope: stamped, policies: ['1.2.398.3.3.2.6.3'] }), 'POLICY_NOT_ACCEPTED');
  assert.throws(() => egov.verifyTimestampToken(new Uint8Array([0x30, 0]), { ...ok, envelope: stamped }), { code: 'MALFORMED' });
  assert.throws(() => egov.verifyTimestampToken(token, ok), { code: 'MALFORMED' });
  // Nothing is embedded unless the token verifies.
  refused(() => egov.embedTimestamp(env, e.bytes('citizen.tsr'), { tsaAnchors: e.cert('other_root') }), 'TSA_PATH_INVALID');
  refused(() => egov.embedTimestamp(e.bytes('revoked_backdated.p7s'), e.bytes('citizen.tsr'), ok), 'IMPRINT_MISMATCH');
});

test('verifyOcspResponse: good, revoked with reason, non-issued, refusals', () => {
  for (const e of FAMILIES) {
    const cert = e.cert('citizen_sign');
    const ca = e.cert('ca');
    const nonce = new TextEncoder().encode('nonce-1234');
    assert.deepEqual(egov.ocspRequest(cert, ca, { nonce }), e.bytes('citizen.ors'));
    const good = e.bytes('citizen_good.ocsp');
    const r = egov.verifyOcspResponse(good, cert, ca, { at: e.now, nonce });
    assert.deepEqual(r, camelKeys(e.json('ocsp_check.json')), e.family);
    assert.equal(r.status, 'good');
    assert.ok(r.delegated && !r.responderUnchecked && r.nextUpdate);
    const refused = (f, reason) => assert.throws(f, (err) => err.code === 'OCSP_INVALID' && err.reason === reason);
    refused(() => egov.verifyOcspResponse(good, cert, ca, { at: e.now, nonce: new Uint8Array([1]) }), 'NONCE_MISMATCH');
    refused(() => egov.verifyOcspResponse(good, cert, ca, { at: new Date(e.now.getTime() + 2 * DAY) }), 'STALE');
    refused(() => egov.verifyOcspResponse(good, e.cert('citizen2_sign'), ca, { at: e.now }), 'NO_MATCHING_RESPONSE');
    const revoked = egov.verifyOcspResponse(e.bytes('citizen_revoked.ocsp'), cert, ca, { at: e.now });
    assert.equal(revoked.status, 'revoked');
    assert.equal(revoked.reason, 'keyCompromise');
    assert.equal(revoked.revocationTime, new Date(e.now.getTime() - 3 * DAY).toISOString().replace('.000Z', 'Z'));
    const ni = egov.verifyOcspResponse(e.bytes('citizen_nonissued.ocsp'), cert, ca, { at: e.now });
    assert.equal(ni.status, 'unknown');
    assert.equal(ni.nonIssued, true);
    assert.equal(ni.revocationTime, undefined);
    assert.throws(() => egov.verifyOcspResponse(good, cert, ca, { at: 'signing-time' }), { code: 'MALFORMED' });
    assert.throws(() => egov.ocspRequest(cert, ca, { nonce: new Uint8Array(33) }), { code: 'MALFORMED' });
  }
});

test('the verifier uses ocspResponses and revocationSource; the report is the native one', async () => {
  for (const e of FAMILIES) {
    const env = e.bytes('citizen.p7s');
    const base = {
      anchors: e.cert('root'),
      intermediates: e.cert('ca'),
      crls: [e.bytes('root_full.crl')],
      ocspResponses: [e.bytes('citizen_good.ocsp')],
    };
    const r = await both(new egov.Verifier(base), 'verifyRequest', env, { at: e.now });
    assert.deepEqual(r, expected(e.json('report_ocsp.json')), e.family);
    assert.equal(r.indication, 'valid');
    assert.equal(r.revocation[0].source, 'ocsp');
    assert.equal(r.revocation[0].status, 'good');
    for (const k of ['producedAt', 'thisUpdate', 'nextUpdate', 'responder']) assert.ok(r.revocation[0][k], k);
    assert.deepEqual(r.signers[0].revocation, r.revocation);
    const crlOnly = new egov.Verifier({ ...base, revocationSource: 'crl' }).verifyRequestSync(env, { at: e.now });
    assert.equal(crlOnly.indication, 'indeterminate');
    assert.deepEqual(codes(crlOnly), ['REVOCATION_UNKNOWN']);
    const revoked = new egov.Verifier({ ...base, ocspResponses: e.bytes('citizen_revoked.ocsp') }).verifyRequestSync(env, { at: e.now });
    assert.equal(revoked.indication, 'invalid');
    assert.deepEqual(codes(revoked), ['CERT_REVOKED']);
    assert.throws(() => new egov.Verifier({ ...base, revocationSource: 'ldap' }), { code: 'CONFIG' });
  }
});

test('real NCA material: a CAdES-T token, a GOST 2004 token, an OCSP response', () => {
  // A CAdES-T made with NCALayer: the production TSA (GOST 34.10-2015), pinned.
  const p7s = nca('nca_cades_t_2025-06-26.p7s');
  const [token] = egov.signatureTimestampTokens(p7s);
  const [tsa] = egov.envelopeCertificates(token);
  const t = egov.verifyTimestampToken(token, { envelope: p7s, tsaAnchors: tsa });
  assert.equal(t.genTime, '2025-06-26T18:25:13Z');
  assert.equal(t.policyName, 'tsa_gost2015_policy');
  assert.match(t.tsa, /TIME-STAMPING AUTHORITY/);
  assert.match(t.signatureAlgorithm, /2015/);
  assert.equal(t.nonce, '7e225391dac4e22d');
  const tampered = token.slice();
  tampered[tampered.length - 5] ^= 1;
  assert.throws(() => egov.verifyTimestampToken(tampered, { envelope: p7s, tsaAnchors: tsa }), { reason: 'SIGNATURE_INVALID' });
  // GOST 34.310-2004 TSA, GOST 34.311-95 imprint of a hex text.
  const g = nca('nca_tsa_token_gost2004_2023-11-12.tst');
  const datum = new TextEncoder().encode('1F5453A137690E2DA81AA5C552AE9D2D7E175E53F131A89DB338F0E7184B862721DB25FC77E18CF373ACD529AE397F32A37634A21F6DBD0A2E9D98F39E08221C');
  const t2 = egov.verifyTimestampToken(g, { signatureValue: datum, tsaAnchors: egov.envelopeCertificates(g)[0] });
  assert.equal(t2.policyName, 'tsa_gost_policy');
  assert.equal(t2.genTime, '2023-11-12T21:36:41Z');
  // The NCA test responder (delegated, id-pkix-ocsp-nocheck, GOST 34.10-2015).
  const der = nca('nca_ocsp_test2022_2026-09-02.ocsp');
  const cert = nca('test2022_individual_2026.cer');
  const ca = nca('nca_gost2015_test.cer');
  const at = new Date('2026-09-02T11:00:00Z');
  const nonce = new Uint8Array(Buffer.from('3e42c9bb201a62d02fa4a4756fe3256c', 'hex'));
  const o = egov.verifyOcspResponse(der, cert, ca, { at, nonce });
  assert.equal(o.status, 'good');
  assert.ok(o.delegated && !o.responderUnchecked);
  assert.match(o.responder, /CN=OCSP/);
  assert.equal(o.thisUpdate, '2026-09-02T10:26:32Z');
  assert.throws(() => egov.verifyOcspResponse(der, cert, ca, { at: new Date(at.getTime() + 3600e3) }), { reason: 'STALE' });
  assert.equal(egov.verifyOcspResponse(der, cert, ca, { at: new Date(at.getTime() + 3600e3), maxAge: 7200 }).status, 'good');
  // As the only revocation evidence of a verifier (end entity).
  const v = new egov.Verifier({
    anchors: nca('root_test_gost_2022.cer'),
    intermediates: ca,
    ocspResponses: der,
    revocation: 'end-entity',
    iinChecksum: 'lenient',
  });
  const rep = v.verifyChain(cert, { at });
  assert.equal(rep.indication, 'valid', JSON.stringify(rep.findings));
  assert.deepEqual(rep.revocation.map((x) => [x.source, x.status]), [['ocsp', 'good']]);
});
