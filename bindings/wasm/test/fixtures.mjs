// Shared fixtures: the core's test PKI (written by the native CLI `egov-sign testpki`), the
// nodejs build of the binding, and small signing helpers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(ROOT, '..', '..');
export const OUT = join(ROOT, 'test-output');

// The nodejs target is CommonJS.
const require = createRequire(import.meta.url);
export const egov = require(join(ROOT, 'pkg', 'nodejs', 'egov_sign_wasm.js'));

/** Write a fresh test PKI with the native CLI (once per directory). */
export function testPki(family = 'p256') {
  const dir = process.env.EGOV_TESTPKI_DIR && family === 'p256'
    ? process.env.EGOV_TESTPKI_DIR
    : join(OUT, `pki-${family}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    const cli = process.env.EGOV_SIGN_CLI;
    const [cmd, args] = cli
      ? [cli, []]
      : ['cargo', ['run', '-q', '-p', 'egov-sign-cli', '--']];
    execFileSync(cmd, [...args, 'testpki', '--out', dir, '--family', family], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const text = (f) => readFileSync(join(dir, f), 'utf8');
  const bytes = (f) => new Uint8Array(readFileSync(join(dir, f)));
  const info = (name) => manifest.certificates.find((c) => c.name === name);
  return {
    dir,
    family,
    manifest,
    now: new Date(manifest.generated_at),
    cert: (name) => text(`${name}.pem`),
    key: (name) => text(`${name}.key.pem`),
    crl: (name) => bytes(`${name}.crl`),
    info,
    request: () => JSON.parse(text('request.json')),
    conRequest: () => JSON.parse(text('request_con.json')),
  };
}

/** Sign a document (object → core-validated JSON) as `who`, CA chain embedded. */
export function sign(p, who, content, opts = {}) {
  const bytes = content instanceof Uint8Array ? content : egov.buildRequest(content);
  return egov.signEnvelope(bytes, p.key(who), p.cert(who), [p.cert('ca')], {
    signingTime: p.now,
    ...opts,
  });
}

/** The normal verifier: root anchor, CA intermediate, root + CA full CRLs and the CA delta. */
export function verifier(p, over = {}) {
  return new egov.Verifier({
    anchors: p.cert('root'),
    intermediates: p.cert('ca'),
    crls: [p.crl('root_full'), p.crl('ca_full'), p.crl('ca_delta')],
    operatorBins: [p.info('operator_sign').bin],
    providerBins: [p.info('provider_head_sign').bin],
    ...over,
  });
}

/** The distinct finding codes, in order (like the core's `Report::codes`). */
export const codes = (r) => [...new Set(r.findings.map((f) => f.code))];

/**
 * `v[method](env, opts)` every way: the asynchronous report and the synchronous one
 * (`${method}Sync`) with the default path (node:crypto in Node), and the reports with the
 * signature primitives in wasm and in WebCrypto, must all deep-equal; returns it.
 */
export async function both(v, method, env, opts) {
  const sync = v[`${method}Sync`](env, opts);
  const report = await v[method](env, opts);
  assert.deepEqual(report, sync);
  if (opts?.crypto === undefined) {
    assert.deepEqual(v[`${method}Sync`](env, { ...opts, crypto: 'wasm' }), sync);
    assert.deepEqual(await v[method](env, { ...opts, crypto: 'webcrypto' }), sync);
  }
  return report;
}

/** The envelopes of the acceptance scenarios for one family: name → [envelope, indication, codes]. */
export function scenarios(p) {
  const valid = sign(p, 'citizen_sign', p.request());
  const tampered = valid.slice();
  tampered[tampered.length - 5] ^= 0x01; // inside the signature value
  const otherIin = p.request();
  otherIin.applicant.iin = p.info('citizen2_sign').iin;
  const signedAt = new Date(p.now.getTime() - 2 * 365 * 24 * 3600 * 1000);
  return {
    valid: [valid, 'valid', []],
    tampered: [tampered, 'invalid', ['SIGNATURE_INVALID']],
    revoked: [sign(p, 'revoked_sign', p.request()), 'invalid', ['CERT_REVOKED']],
    wrongIin: [sign(p, 'citizen_sign', otherIin), 'invalid', ['IIN_MISMATCH']],
    expired: [sign(p, 'expired_sign', p.request(), { signingTime: signedAt }), 'invalid', ['CERT_EXPIRED']],
  };
}
