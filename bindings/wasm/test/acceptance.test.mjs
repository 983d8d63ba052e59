// The core's acceptance scenarios (crates/egov-sign/tests/acceptance.rs), from JS.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { both, codes, egov, sign, testPki, verifier } from './fixtures.mjs';

const P256 = testPki('p256');
const RSA = testPki('rsa');
const FAMILIES = [P256, RSA];
const days = (n) => n * 24 * 3600 * 1000;
const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

// Every scenario runs both ways: the asynchronous report (WebCrypto) must equal the
// synchronous one (wasm only).
function verifyReq(v, p, env, opts = {}) {
  return both(v, 'verifyRequest', env, { at: p.now, ...opts });
}

test('valid portal request (P-256 and RSA): report fields in camelCase', async () => {
  for (const p of FAMILIES) {
    const env = sign(p, 'citizen_sign', p.request());
    assert.ok(env instanceof Uint8Array);
    const r = await verifyReq(verifier(p), p, env);
    assert.equal(r.indication, 'valid', `${p.family}: ${JSON.stringify(r.findings)}`);
    assert.equal(r.valid, true);
    assert.deepEqual(r.findings, []);
    assert.equal(r.refusal, null);
    assert.equal(r.signer.iin, p.info('citizen_sign').iin);
    assert.equal(r.signer.role, 'individual');
    assert.equal(r.signer.key, 'sign');
    assert.equal(r.chain.length, 3);
    assert.equal(r.document.channel, 'portal');
    assert.equal(r.document.applicant.iin, p.info('citizen_sign').iin);
    assert.match(r.envelopeSha256, /^[0-9a-f]{64}$/);
    assert.equal(r.envelopeSha256, createHash('sha256').update(env).digest('hex'));
    assert.equal(r.signingTime, iso(p.now));
    assert.equal(r.verificationTime, iso(p.now));
    assert.ok(r.signatureAlgorithm);
  }
});

test('PEM and base64 envelopes verify like DER', async () => {
  const p = P256;
  const v = verifier(p);
  const pem = sign(p, 'citizen_sign', p.request(), { pem: true });
  assert.equal(typeof pem, 'string');
  assert.match(pem, /^-----BEGIN CMS-----/);
  assert.equal((await verifyReq(v, p, pem)).indication, 'valid');
  const der = sign(p, 'citizen_sign', p.request());
  assert.equal((await verifyReq(v, p, Buffer.from(der).toString('base64'))).indication, 'valid');
  assert.equal((await verifyReq(v, p, der.buffer.slice(der.byteOffset, der.byteOffset + der.length))).indication, 'valid');
});

test('IIN mismatch: invalid, with texts in ru / kk / en', async () => {
  const p = P256;
  const doc = p.request();
  doc.applicant.iin = p.info('citizen2_sign').iin;
  const r = await verifyReq(verifier(p), p, sign(p, 'citizen_sign', doc));
  assert.equal(r.indication, 'invalid');
  assert.deepEqual(codes(r), ['IIN_MISMATCH']);
  const m = r.findings[0].message;
  assert.match(m.ru, /ИИН/);
  assert.match(m.kk, /ЖСН/);
  assert.match(m.en, /IIN/);
  assert.equal(r.refusal.ru, m.ru);
  assert.equal(r.refusal.en, m.en);
});

test('revoked: invalid now, valid at an earlier time; delta CRL; on hold', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const env = sign(p, 'revoked_sign', p.request());
    assert.deepEqual(codes(await verifyReq(v, p, env)), ['CERT_REVOKED']);
    const earlier = new Date(p.now.getTime() - days(20));
    assert.equal((await both(v, 'verifyRequest', env, { at: earlier })).indication, 'valid');
    // Milliseconds work as well as a Date.
    assert.equal((await both(v, 'verifyRequest', env, { at: earlier.getTime() })).indication, 'valid');
    assert.deepEqual(codes(await verifyReq(v, p, sign(p, 'delta_revoked_sign', p.request()))), ['CERT_REVOKED']);
    assert.deepEqual(codes(await verifyReq(v, p, sign(p, 'on_hold_sign', p.request()))), ['CERT_ON_HOLD']);
  }
});

test('expired: invalid now, valid at an earlier time; the signer\'s claimed signing time proves nothing', async () => {
  const p = RSA;
  const v = verifier(p);
  const signedAt = new Date(p.now.getTime() - days(2 * 365));
  const env = sign(p, 'expired_sign', p.request(), { signingTime: signedAt });
  assert.deepEqual(codes(await verifyReq(v, p, env)), ['CERT_EXPIRED']);
  assert.equal((await both(v, 'verifyRequest', env, { at: signedAt })).indication, 'valid');
  // Issue 16: at the signer's own (unproven) signingTime a signature that is not valid now
  // is at best indeterminate.
  const r = await both(v, 'verifyRequest', env, { at: 'signing-time' });
  assert.equal(r.indication, 'indeterminate', JSON.stringify(r.findings));
  assert.deepEqual(codes(r), ['SIGNING_TIME_UNPROVEN']);
  // No signingTime attribute with the signing-time mode: not valid.
  const noTime = egov.signEnvelope(egov.buildRequest(p.request()), p.key('citizen_sign'), p.cert('citizen_sign'), [p.cert('ca')]);
  const r2 = await both(v, 'verifyRequest', noTime, { at: 'signing-time' });
  assert.ok(codes(r2).includes('SIGNING_TIME_MISSING'));
  assert.notEqual(r2.indication, 'valid');
});

test('revocation data problems: no CRL, stale CRL, CRL with a wrong signature', async () => {
  const p = P256;
  const env = sign(p, 'citizen_sign', p.request());
  let r = await verifyReq(verifier(p, { crls: [] }), p, env);
  assert.deepEqual([r.indication, codes(r)], ['indeterminate', ['REVOCATION_UNKNOWN']]);
  r = await verifyReq(verifier(p, { crls: [p.crl('root_full'), p.crl('ca_stale')] }), p, env);
  assert.deepEqual([r.indication, codes(r)], ['indeterminate', ['CRL_EXPIRED']]);
  const wrong = verifier(p, { crls: [p.crl('root_full'), p.crl('ca_wrong_signature')] });
  assert.deepEqual(wrong.rejectedCrls.map((c) => c.code), ['CRL_SIGNATURE_INVALID']);
  r = await verifyReq(wrong, p, env);
  assert.equal(r.valid, false);
  assert.ok(codes(r).includes('CRL_SIGNATURE_INVALID'));
  // Relaxed explicitly: no revocation checks.
  r = await verifyReq(verifier(p, { crls: [], revocation: 'none' }), p, env);
  assert.equal(r.indication, 'valid');
});

test('one content byte → DIGEST_MISMATCH; one signature byte → SIGNATURE_INVALID', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const content = egov.buildRequest(p.request());
    const env = sign(p, 'citizen_sign', content);
    const pos = Buffer.from(env).indexOf(Buffer.from(content));
    assert.ok(pos > 0);
    const t = env.slice();
    t[pos + content.indexOf('q'.charCodeAt(0))] = 'Q'.charCodeAt(0);
    let r = await verifyReq(v, p, t);
    assert.ok(codes(r).includes('DIGEST_MISMATCH'), JSON.stringify(r.findings));
    assert.equal(r.indication, 'invalid');
    const s = env.slice();
    s[s.length - 5] ^= 0x01;
    r = await verifyReq(v, p, s);
    assert.ok(codes(r).includes('SIGNATURE_INVALID'), JSON.stringify(r.findings));
    assert.equal(r.indication, 'invalid');
  }
});

test('untrusted root: indeterminate; authentication key: invalid', async () => {
  const p = P256;
  const v = verifier(p);
  const env = egov.signEnvelope(egov.buildRequest(p.request()), p.key('untrusted_sign'), p.cert('untrusted_sign'), p.cert('other_root'));
  let r = await verifyReq(v, p, env);
  assert.deepEqual([r.indication, codes(r)], ['indeterminate', ['CHAIN_UNTRUSTED']]);
  r = await verifyReq(v, p, sign(p, 'citizen_auth', p.request()));
  assert.deepEqual([r.indication, codes(r)], ['invalid', ['KEY_USAGE']]);
});

test('ЦОН request: the configured operator is valid, another BIN is not', async () => {
  for (const p of FAMILIES) {
    const env = sign(p, 'operator_sign', p.conRequest());
    let r = await verifyReq(verifier(p), p, env);
    assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
    assert.equal(r.signer.bin, p.info('operator_sign').bin);
    r = await verifyReq(verifier(p, { operatorBins: ['950341000052'] }), p, env);
    assert.deepEqual([r.indication, codes(r)], ['invalid', ['BIN_MISMATCH']]);
    r = await verifyReq(verifier(p, { operatorBins: [] }), p, env);
    assert.ok(codes(r).includes('CHANNEL_NOT_ALLOWED'));
  }
});

function headResult(p, requestEnvelope) {
  const registered = p.now;
  return {
    schema_version: '1',
    service: 'housing_queue',
    request: {
      registration_number: 'KZ-TEST-000001',
      envelope_sha256: createHash('sha256').update(requestEnvelope).digest('hex'),
    },
    applicant: { iin: p.info('citizen_sign').iin, name: 'Ахметова Айгүл Серікқызы' },
    registered_at: iso(registered),
    outcome: { kind: 'queue_registration', queue_number: 1542, housing_source: 'state_fund' },
    issuer: { bin: p.info('provider_head_sign').bin, name: 'ГУ «Отдел жилищных отношений города Астаны» (TEST)' },
    official: { iin: p.info('provider_head_sign').iin, name: 'Серікова Әсем Қайратқызы', position: 'Руководитель отдела' },
    issued_at: iso(new Date(registered.getTime() + 3600 * 1000)),
  };
}

test('result signed by the first head: bound to its request; unbound to another', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const req = sign(p, 'citizen_sign', p.request());
    const resultJson = egov.buildResult(headResult(p, req));
    const doc = JSON.parse(Buffer.from(resultJson).toString('utf8'));
    assert.match(doc.due_by, /^\d{4}-\d{2}-\d{2}$/);
    const env = sign(p, 'provider_head_sign', resultJson);
    let r = await both(v, 'verifyResult', env, { request: req, at: p.now });
    assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
    assert.equal(r.signer.role, 'first_head');
    assert.equal(r.document.outcome.queue_number, 1542);
    // A PEM request envelope is the same request.
    const pem = egov.signEnvelope(req, p.key('citizen_sign'), p.cert('citizen_sign'), [], { pem: true });
    assert.equal(typeof pem, 'string');
    r = await both(v, 'verifyResult', env, { request: Buffer.from(req).toString('base64'), at: p.now });
    assert.equal(r.indication, 'valid');
    const other = sign(p, 'citizen_sign', p.request(), { signingTime: new Date(p.now.getTime() - 60000) });
    r = await both(v, 'verifyResult', env, { request: other, at: p.now });
    assert.deepEqual([r.indication, codes(r)], ['invalid', ['REQUEST_HASH_MISMATCH']]);
    // A request is not a result.
    assert.ok(codes(await both(v, 'verifyResult', req, { request: req, at: p.now })).includes('DOCUMENT_INVALID'));
  }
});

test('detached envelope needs its content', async () => {
  const p = P256;
  const v = verifier(p);
  const content = egov.buildRequest(p.request());
  const env = sign(p, 'citizen_sign', content, { detached: true });
  let r = await verifyReq(v, p, env);
  assert.deepEqual([r.indication, codes(r)], ['indeterminate', ['CONTENT_MISSING']]);
  assert.equal((await verifyReq(v, p, env, { content })).indication, 'valid');
  const other = content.slice();
  other[10] ^= 1;
  assert.ok(codes(await verifyReq(v, p, env, { content: other })).includes('DIGEST_MISMATCH'));
});
