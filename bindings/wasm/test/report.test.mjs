// The report conversion: the binding's report is the native core's (`egov-sign verify --json`)
// with camelCase keys (not inside `document`), plus `valid` and `refusal`; `envelopeSha256`
// is the SHA-256 of the envelope DER on every path (node:crypto computes it in Node); the
// certificate summaries kept between reports never leak from one report into another.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { egov, OUT, REPO, scenarios, sign, testPki, verifier } from './fixtures.mjs';

const FAMILIES = [testPki('p256'), testPki('rsa')];
const nodeCrypto = process.getBuiltinModule('node:crypto');
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** The native CLI's JSON report of `env` (verified as `verifier(p)` does, at `p.now`). */
function nativeReport(p, name, env) {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `report-${p.family}-${name}.p7s`);
  writeFileSync(file, env);
  const cli = process.env.EGOV_SIGN_CLI;
  const [cmd, pre] = cli ? [cli, []] : ['cargo', ['run', '-q', '-p', 'egov-sign-cli', '--']];
  const args = [
    ...pre, 'verify', '--json', '--at', p.manifest.generated_at,
    '--anchor', join(p.dir, 'root.pem'), '--intermediate', join(p.dir, 'ca.pem'),
    ...['root_full', 'ca_full', 'ca_delta'].flatMap((c) => ['--crl', join(p.dir, `${c}.crl`)]),
    '--operator-bin', p.info('operator_sign').bin, '--provider-bin', p.info('provider_head_sign').bin,
    file,
  ];
  const out = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8' });
  return JSON.parse(out.stdout);
}

const camel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
/** Object keys in camelCase, except inside `document`. */
function camelKeys(v) {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), k === 'document' ? x : camelKeys(x)]));
}

/** What the binding must return for the core's report `r`. */
function expected(r) {
  const out = camelKeys(r);
  out.valid = r.indication === 'valid';
  const lines = (lang) => [...new Map(r.findings.map((f) => [f.code, f.message[lang]])).values()].join('\n');
  out.refusal = out.valid ? null : { ru: lines('ru'), kk: lines('kk'), en: lines('en') };
  return out;
}

/** The DER of an envelope given as DER, PEM or base64. */
function derOf(input) {
  if (input instanceof Uint8Array) return input;
  return new Uint8Array(Buffer.from(input.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}

test('the report is the native core report (camelCase, valid, refusal), on every path, valid and invalid', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    for (const [name, [env, indication]] of Object.entries(scenarios(p))) {
      const want = expected(nativeReport(p, name, env));
      assert.equal(want.indication, indication, `${p.family} ${name}`);
      assert.ok(want.chain.length > 0 || name === 'expired', `${p.family} ${name}: a chain to compare`);
      assert.ok(want.signer && want.document !== undefined, `${p.family} ${name}`);
      for (const crypto of ['node', 'webcrypto', 'wasm']) {
        const opts = { at: p.now, crypto };
        // Twice: the first report may build the kept summaries, the second reuses them.
        for (let i = 0; i < 2; i++) {
          assert.deepEqual(await v.verifyRequest(env, opts), want, `${p.family} ${name} ${crypto} async #${i}`);
          if (crypto !== 'webcrypto') {
            assert.deepEqual(v.verifyRequestSync(env, opts), want, `${p.family} ${name} ${crypto} sync #${i}`);
          }
        }
      }
    }
  }
});

test('envelopeSha256 is the SHA-256 of the envelope DER on every path, for DER, PEM and base64 input', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const der = sign(p, 'citizen_sign', p.request());
    const pem = sign(p, 'citizen_sign', p.request(), { pem: true });
    const b64 = Buffer.from(der).toString('base64');
    for (const input of [der, pem, b64]) {
      const want = sha256(derOf(input));
      for (const crypto of ['node', 'webcrypto', 'wasm']) {
        const r = await v.verifyRequest(input, { at: p.now, crypto });
        assert.equal(r.indication, 'valid', `${p.family} ${crypto}`);
        assert.equal(r.envelopeSha256, want, `${p.family} ${crypto} async`);
        if (crypto !== 'webcrypto') {
          assert.equal(v.verifyRequestSync(input, { at: p.now, crypto }).envelopeSha256, want, `${p.family} ${crypto} sync`);
        }
      }
    }
    // An invalid envelope has its fingerprint too.
    const { tampered: [bad] } = scenarios(p);
    assert.equal(v.verifyRequestSync(bad, { at: p.now }).envelopeSha256, sha256(bad));
  }
});

test('in Node the fingerprint comes from node:crypto (hash, else createHash); anything odd falls back to the core', async () => {
  const p = FAMILIES[1];
  const v = verifier(p);
  const env = sign(p, 'citizen_sign', p.request());
  const want = sha256(env);
  /** Run `fn` with `nodeCrypto.hash` and `nodeCrypto.createHash` replaced. */
  const withHash = async ({ hash, createHash }, fn) => {
    const original = { hash: nodeCrypto.hash, createHash: nodeCrypto.createHash };
    nodeCrypto.hash = hash;
    nodeCrypto.createHash = createHash;
    try {
      return await fn();
    } finally {
      Object.assign(nodeCrypto, original);
    }
  };
  const fake = 'ab'.repeat(32);
  const fakeHash = () => ({ update() { return this; }, digest: () => fake });
  const shows = async (replacements, value, label) => withHash(replacements, async () => {
    assert.equal(v.verifyRequestSync(env, { at: p.now }).envelopeSha256, value, `${label} sync`);
    assert.equal((await v.verifyRequest(env, { at: p.now })).envelopeSha256, value, `${label} async`);
    // The wasm path never asks node:crypto.
    assert.equal(v.verifyRequestSync(env, { at: p.now, crypto: 'wasm' }).envelopeSha256, want, `${label} wasm`);
  });
  // Used: a (fake) platform answer is what the report shows, on the node path only.
  await shows({ hash: () => fake, createHash: nodeCrypto.createHash }, fake, 'hash');
  await shows({ hash: undefined, createHash: fakeHash }, fake, 'createHash');
  // Anything but 64 lowercase hex digits, or a throw: the core computes it.
  const odd = {
    throws: () => { throw new Error('no hash'); },
    upper: () => want.toUpperCase(),
    short: () => want.slice(2),
    number: () => 42,
    undefined: () => undefined,
  };
  for (const [what, answer] of Object.entries(odd)) {
    await shows({ hash: answer, createHash: fakeHash }, want, `hash ${what}`);
    await shows({ hash: undefined, createHash: () => ({ update() {}, digest: answer }) }, want, `createHash ${what}`);
  }
  await shows({ hash: undefined, createHash: () => undefined }, want, 'createHash undefined');
  await shows({ hash: undefined, createHash: () => ({ update() { throw new Error('x'); }, digest: () => fake }) }, want, 'update throws');
});

test('reports are independent objects: changing one leaves the next ones (and inspectCertificate) intact', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const env = sign(p, 'citizen_sign', p.request());
    const first = v.verifyRequestSync(env, { at: p.now });
    const pristine = structuredClone(first);
    first.signer.iin = 'changed';
    first.chain[1].isCa = false;
    first.chain[2].sha256 = 'changed';
    delete first.chain[0].subject;
    first.chain.push({});
    assert.deepEqual(v.verifyRequestSync(env, { at: p.now }), pristine, p.family);
    assert.deepEqual(await v.verifyRequest(env, { at: p.now }), pristine, p.family);
    assert.notEqual(first.signer, first.chain[0], 'signer and chain[0] are distinct objects');
    const c = egov.inspectCertificate(p.cert('ca'));
    c.isCa = false;
    assert.equal(egov.inspectCertificate(p.cert('ca')).isCa, true);
    assert.deepEqual(egov.inspectCertificate(p.cert('ca')), pristine.chain[1]);
  }
});

test('many distinct signers (more than the kept summaries): every report still has its own signer', () => {
  const p = FAMILIES[0];
  const v = verifier(p);
  const names = p.manifest.certificates.map((c) => c.name).filter((n) => /^citizen2?_sign$|^operator_sign$|^provider_head_sign$/.test(n));
  assert.ok(names.length >= 2);
  // Fill the kept summaries with the certificates of both families (more than are kept;
  // inspectCertificate keeps them too).
  for (let round = 0; round < 3; round++) {
    for (const q of FAMILIES) {
      for (const { name: n } of q.manifest.certificates) {
        const c = egov.inspectCertificate(q.cert(n));
        assert.equal(c.sha256, sha256(derOf(q.cert(n))), `${q.family} ${n}`);
      }
    }
    for (const n of names) {
      const env = sign(p, n, p.request());
      const r = v.verifyEnvelopeSync(env, { at: p.now });
      assert.equal(r.signer.sha256, sha256(derOf(p.cert(n))), `${n} round ${round}`);
      assert.equal(r.chain[0].sha256, r.signer.sha256);
    }
  }
});
