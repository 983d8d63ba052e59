// Kazakh GOST (34.10-2015 512-bit and 34.310-2004) from JS: the core's GOST code compiled to
// wasm — signing and verification of envelopes, and the real NCA test certificates.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { REPO, both, codes, egov, sign, testPki, verifier } from './fixtures.mjs';

// ../shared next to the main checkout; a worktree under wt/ has it one level higher.
const NCA = process.env.EGOV_SIGN_NCA_DIR
  ?? [join(REPO, '..', 'shared', 'nca-test-pki'), join(REPO, '..', '..', 'shared', 'nca-test-pki')].find(existsSync)
  ?? join(REPO, '..', 'shared', 'nca-test-pki');

for (const family of ['gost2015', 'gost2004']) {
  test(`${family}: a GOST-signed request verifies; revoked and tampered do not`, async () => {
    const p = testPki(family);
    const v = verifier(p);
    const env = sign(p, 'citizen_sign', p.request());
    // The asynchronous path computes GOST in wasm (WebCrypto has no GOST): same reports.
    const r = await both(v, 'verifyRequest', env, { at: p.now });
    assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
    assert.match(r.signatureAlgorithm, /GOST/);
    const revoked = sign(p, 'revoked_sign', p.request());
    assert.deepEqual(codes(await both(v, 'verifyRequest', revoked, { at: p.now })), ['CERT_REVOKED']);
    const bad = env.slice();
    bad[bad.length - 3] ^= 1;
    assert.ok(codes(await both(v, 'verifyRequest', bad, { at: p.now })).includes('SIGNATURE_INVALID'));
  });
}

test('the real NCA GOST certificate chains to ҰКО 3.0 (GOST TEST) at 2022-06-01', () => {
  assert.ok(existsSync(NCA), `${NCA} missing: the NCA test files live in ../shared/nca-test-pki`);
  const read = (f) => new Uint8Array(readFileSync(join(NCA, f)));
  const v = new egov.Verifier({
    anchors: read('nca_gost_test.crt'),
    crls: [read('nca_gost_test.crl')],
    iinChecksum: 'lenient',
  });
  const ceo = read('ceo_valid_sign_2004_gost.cer');
  const r = v.verifyChain(ceo, { at: new Date('2022-06-01T00:00:00Z') });
  assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
  assert.equal(r.signer.role, 'first_head');
  const info = egov.inspectCertificate(ceo);
  assert.equal(info.iin, '123456789011');
  assert.equal(info.bin, '123456789021');
});
