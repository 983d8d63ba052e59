// The JS surface: errors with stable codes, certificates, chains, document builders.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { egov, sign, testPki, verifier } from './fixtures.mjs';

const p = testPki('p256');

function throwsCode(fn, code) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'an Error');
    assert.equal(e.code, code, `${e.message}`);
    return true;
  });
}

async function rejectsCode(promise, code) {
  assert.ok(promise instanceof Promise, 'a Promise');
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error, 'an Error');
    assert.equal(e.code, code, `${e.message}`);
    return true;
  });
}

test('bad input is an Error with a stable code (thrown by Sync, a rejection otherwise)', async () => {
  const v = verifier(p);
  const env = sign(p, 'citizen_sign', p.request());
  const bad = [
    [new TextEncoder().encode('garbage garbage'), { at: p.now }, 'MALFORMED'],
    ['garbage garbage', { at: p.now }, 'MALFORMED'],
    [42, { at: p.now }, 'MALFORMED'],
    ...[0, 1, 10, env.length >> 1, env.length - 1].map((len) => [env.slice(0, len), { at: p.now }, 'MALFORMED']),
    [new Uint8Array(16 * 1024 * 1024 + 1).fill(0x30), { at: p.now }, 'TOO_LARGE'],
    [env, { at: new Date('nope') }, 'MALFORMED'],
    [env, { at: 'yesterday' }, 'MALFORMED'],
    [env, { at: p.now, crypto: 'gpu' }, 'MALFORMED'],
    [env, 'not options', 'MALFORMED'],
  ];
  for (const [input, opts, code] of bad) {
    throwsCode(() => v.verifyRequestSync(input, opts), code);
    await rejectsCode(v.verifyRequest(input, opts), code);
    if (typeof opts === 'object' && !opts.crypto) await rejectsCode(v.verifyRequest(input, { ...opts, crypto: 'wasm' }), code);
  }
  // A bad request-envelope argument is an error, not a silently unbound result.
  throwsCode(() => v.verifyResultSync(env, { request: 'not an envelope', at: p.now }), 'MALFORMED');
  await rejectsCode(v.verifyResult(env, { request: 'not an envelope', at: p.now }), 'MALFORMED');
});

test('Verifier configuration errors', () => {
  throwsCode(() => new egov.Verifier({}), 'CONFIG');
  throwsCode(() => new egov.Verifier(undefined), 'CONFIG');
  throwsCode(() => new egov.Verifier({ anchors: 'not a certificate' }), 'MALFORMED');
  throwsCode(() => new egov.Verifier({ anchors: p.cert('root'), revocation: 'sometimes' }), 'CONFIG');
  throwsCode(() => new egov.Verifier({ anchors: p.cert('root'), operatorBins: ['123456789012'] }), 'BIN_INVALID');
  for (const keyCacheSize of [-1, 1.5, 'many', 100000]) {
    throwsCode(() => new egov.Verifier({ anchors: p.cert('root'), keyCacheSize }), 'CONFIG');
  }
  // Lenient check digits accept the NCA test BIN.
  const v = new egov.Verifier({ anchors: p.cert('root'), iinChecksum: 'lenient', operatorBins: ['123456789021'] });
  assert.ok(v instanceof egov.Verifier);
});

test('document builders validate with the core', () => {
  const json = egov.buildRequest(p.request());
  assert.ok(json instanceof Uint8Array);
  const back = JSON.parse(Buffer.from(json).toString('utf8'));
  assert.deepEqual(back, p.request());
  // JSON text is accepted too, and gives the same canonical bytes.
  assert.deepEqual(egov.buildRequest(JSON.stringify(p.request())), json);
  const unknown = { ...p.request(), extra: 1 };
  throwsCode(() => egov.buildRequest(unknown), 'JSON_INVALID');
  const badIin = p.request();
  badIin.applicant.iin = '123456789011';
  throwsCode(() => egov.buildRequest(badIin), 'IIN_INVALID');
  assert.ok(egov.buildRequest(badIin, { iinChecksum: 'lenient' }) instanceof Uint8Array);
  throwsCode(() => egov.buildRequest('{'), 'JSON_INVALID');
  throwsCode(() => egov.buildResult({ schema_version: '1' }), 'JSON_INVALID');
});

test('buildRequest fills the core\'s defaults (as Python\'s build_request)', () => {
  const full = p.request();
  const bare = { ...full };
  for (const k of ['schema_version', 'family_members', 'attachments', 'created_at']) delete bare[k];
  const before = Math.floor(Date.now() / 1000) * 1000;
  const built = JSON.parse(Buffer.from(egov.buildRequest(bare)).toString('utf8'));
  const after = Date.now();
  assert.equal(built.schema_version, '1');
  assert.deepEqual(built.family_members, []);
  assert.deepEqual(built.attachments, []);
  // created_at: now, in UTC, to the second.
  assert.match(built.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const created = Date.parse(built.created_at);
  assert.ok(before <= created && created <= after, `${built.created_at} not in [${before}, ${after}]`);
  // Explicit values are kept.
  const withTime = { ...bare, created_at: '2025-03-03T09:15:07Z' };
  const kept = JSON.parse(Buffer.from(egov.buildRequest(withTime)).toString('utf8'));
  assert.equal(kept.created_at, '2025-03-03T09:15:07Z');
  assert.deepEqual(JSON.parse(Buffer.from(egov.buildRequest(full)).toString('utf8')), full);
  // null is not absent; a wrong version is refused.
  throwsCode(() => egov.buildRequest({ ...bare, created_at: null }), 'JSON_INVALID');
  throwsCode(() => egov.buildRequest({ ...bare, attachments: null }), 'JSON_INVALID');
  throwsCode(() => egov.buildRequest({ ...bare, schema_version: '2' }), 'DOCUMENT_INVALID');
});

test('signEnvelope: key / certificate mismatch and bad keys', () => {
  const content = egov.buildRequest(p.request());
  throwsCode(() => egov.signEnvelope(content, p.key('citizen2_sign'), p.cert('citizen_sign')), 'CERT_KEY_MISMATCH');
  throwsCode(() => egov.signEnvelope(content, 'not a key', p.cert('citizen_sign')), 'KEY_INVALID');
  throwsCode(() => egov.signEnvelope(content, p.key('citizen_sign'), 'not a cert'), 'MALFORMED');
});

test('inspectCertificate: IIN, BIN, name, role, key kind, validity', () => {
  const c = egov.inspectCertificate(p.cert('citizen_sign'));
  assert.equal(c.iin, p.info('citizen_sign').iin);
  assert.equal(c.bin, null);
  assert.equal(c.role, 'individual');
  assert.equal(c.key, 'sign');
  assert.equal(c.isCa, false);
  assert.equal(c.notAfter, p.info('citizen_sign').not_after);
  assert.equal(c.notBefore, p.info('citizen_sign').not_before);
  assert.ok(c.name);
  assert.equal(egov.inspectCertificate(p.cert('citizen_auth')).key, 'auth');
  const head = egov.inspectCertificate(p.cert('provider_head_sign'));
  assert.equal(head.role, 'first_head');
  assert.equal(head.bin, p.info('provider_head_sign').bin);
  assert.equal(egov.inspectCertificate(p.cert('ca')).isCa, true);
  throwsCode(() => egov.inspectCertificate('nope'), 'MALFORMED');
});

test('inspect: the core\'s description of a certificate, a CRL and an envelope (nothing verified)', () => {
  const c = egov.inspect(p.cert('citizen_sign'));
  assert.equal(c.type, 'certificate');
  assert.equal(c.iin, p.info('citizen_sign').iin);
  assert.ok(c.ekus.length > 0 && c.signatureAlgorithmName);
  const crl = egov.inspect(p.crl('ca_full'));
  assert.equal(crl.type, 'crl');
  assert.ok(crl.entries >= 3 && crl.thisUpdate.endsWith('Z'));
  assert.equal(egov.inspect(p.crl('ca_delta')).type, 'delta_crl');
  const env = egov.inspect(sign(p, 'citizen_sign', p.request()));
  assert.equal(env.type, 'envelope');
  assert.equal(env.detached, false);
  assert.equal(env.signer.iin, p.info('citizen_sign').iin);
  assert.equal(env.signers.length, 1);
  assert.ok(env.signers[0].sid.serial);
  // The JSON content keeps the document's own (snake_case) names.
  assert.equal(env.content.applicant.iin, p.info('citizen_sign').iin);
  assert.ok('registered_at' in env.content || 'created_at' in env.content, Object.keys(env.content).join());
  throwsCode(() => egov.inspect('nope'), 'MALFORMED');
});

test('verifyChain: signing key valid, auth key refused for signing, revoked, expired', () => {
  const v = verifier(p);
  const at = p.now;
  let r = v.verifyChain(p.cert('citizen_sign'), { at });
  assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
  assert.equal(r.signer.iin, p.info('citizen_sign').iin);
  assert.equal(r.chain.length, 3);
  assert.deepEqual(v.verifyChain(p.cert('citizen_auth'), { at }).findings.map((f) => f.code), ['KEY_USAGE']);
  assert.equal(v.verifyChain(p.cert('citizen_auth'), { at, usage: 'any' }).indication, 'valid');
  assert.deepEqual(v.verifyChain(p.cert('revoked_sign'), { at }).findings.map((f) => f.code), ['CERT_REVOKED']);
  assert.deepEqual(v.verifyChain(p.cert('expired_sign'), { at }).findings.map((f) => f.code), ['CERT_EXPIRED']);
  throwsCode(() => v.verifyChain(p.cert('citizen_sign'), { at: 'signing-time' }), 'MALFORMED');
  // Default time (now) works in wasm: no SystemTime panic.
  assert.ok(['valid', 'invalid', 'indeterminate'].includes(v.verifyChain(p.cert('citizen_sign')).indication));
});

test('version', () => {
  assert.match(egov.version(), /^\d+\.\d+\.\d+/);
});
