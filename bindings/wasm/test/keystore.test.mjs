// PKCS#12 key stores in wasm: the real KalkanCrypt store signs a request that verifies against
// the real NCA test root and CA; OpenSSL stores; wrong password; several entries.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { REPO, egov } from './fixtures.mjs';

const TESTDATA = join(REPO, 'testdata');
const read = (f) => new Uint8Array(readFileSync(join(TESTDATA, f)));
const AT = new Date('2024-01-01T00:00:00Z');

function kalkanRequest() {
  const doc = JSON.parse(readFileSync(join(TESTDATA, 'pki', 'request.json'), 'utf8'));
  doc.applicant.iin = '123456789011';
  doc.created_at = '2023-12-31T09:00:00Z';
  return egov.buildRequest(doc, { iinChecksum: 'lenient' });
}

test('the KalkanCrypt store signs a request that verifies against the NCA test CA', () => {
  const ks = new egov.KeyStore(read('nca/kalkan_individual_2023.p12'), 'Qwerty12');
  const [entry, ...rest] = ks.entries();
  assert.equal(rest.length, 0);
  assert.equal(entry.alias, '8147287582df9bb4710e461804acd49b88bf45c4');
  assert.match(entry.algorithm, /GOST 34\.10-2015/);
  assert.equal(entry.certificate.iin, '123456789011');
  const env = ks.sign(kalkanRequest(), undefined, { signingTime: AT });
  ks.free();
  const v = new egov.Verifier({
    anchors: read('nca/root_test_gost_2022.cer'),
    intermediates: read('nca/nca_gost2015_test.cer'),
    revocation: 'none',
    iinChecksum: 'lenient',
  });
  const r = v.verifyRequestSync(env, { at: AT });
  assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
  assert.equal(r.signer.iin, '123456789011');
});

test('wrong password, damaged store', () => {
  const data = read('nca/kalkan_individual_2023.p12');
  assert.throws(() => new egov.KeyStore(data, 'qwerty12'), (e) => e.code === 'KEY_PASSWORD');
  assert.throws(() => new egov.KeyStore(data.slice(0, 900), 'Qwerty12'), (e) => e.code === 'MALFORMED');
});

test('OpenSSL stores and several entries', () => {
  for (const alg of ['rsa', 'p256', 'ed25519']) {
    for (const kind of ['pbes2', 'legacy']) {
      const ks = new egov.KeyStore(read(`p12/${alg}_${kind}.p12`), 'test-pass');
      assert.equal(ks.entries()[0].alias, alg);
      assert.match(ks.sign(new TextEncoder().encode('hello'), undefined, { pem: true }), /^-----BEGIN CMS-----/);
      ks.free();
    }
  }
  const two = new egov.KeyStore(read('p12/two_entries.p12'), 'test-pass');
  assert.deepEqual(two.entries().map((e) => e.alias), ['rsa', 'p256']);
  assert.throws(() => two.sign(new Uint8Array([1]), undefined), /choose one by alias/);
  assert.ok(two.sign(new Uint8Array([1]), 'p256') instanceof Uint8Array);
});
