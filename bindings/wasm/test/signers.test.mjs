// Several signers (issue 15) in wasm: co-signing with a key and with the real KalkanCrypt
// key store, a report per signer, the real KalkanCrypt two-signer envelope (GOST + RSA).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { REPO, egov, testPki, sign, verifier } from './fixtures.mjs';

const TESTDATA = join(REPO, 'testdata');
const read = (f) => new Uint8Array(readFileSync(join(TESTDATA, f)));

test('a co-signed request has a report per signer; the applicant is found', () => {
  const p = testPki('p256');
  const doc = p.request();
  const env = sign(p, 'citizen2_sign', doc);
  const two = egov.cosignEnvelope(env, p.key('citizen_sign'), p.cert('citizen_sign'), [p.cert('ca')], {
    signingTime: p.now,
  });
  const r = verifier(p).verifyRequestSync(two, { at: p.now });
  assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
  assert.equal(r.signers.length, 2);
  assert.deepEqual(r.signers.map((s) => s.documentSigner), [false, true]);
  assert.equal(r.signer.iin, r.signers[1].signer.iin);
  // Detached: the content is needed and checked.
  const det = sign(p, 'citizen_sign', doc, { detached: true });
  const bytes = egov.buildRequest(doc);
  const det2 = egov.cosignEnvelope(det, p.key('citizen2_sign'), p.cert('citizen2_sign'), [], {
    content: bytes,
    pem: true,
  });
  assert.match(det2, /^-----BEGIN CMS-----/);
  assert.throws(
    () => egov.cosignEnvelope(det, p.key('citizen2_sign'), p.cert('citizen2_sign'), [], {
      content: new TextEncoder().encode('other'),
    }),
    (e) => e.code === 'COSIGN_REFUSED',
  );
});

test('the KalkanCrypt store co-signs the real KalkanCrypt envelope', () => {
  const ks = new egov.KeyStore(read('nca/kalkan_individual_2023.p12'), 'Qwerty12');
  const at = new Date('2024-01-01T00:00:00Z');
  const two = ks.cosign(read('kalkan/ncanode_one_signer_rsa.p7s'), undefined, { signingTime: at });
  ks.free();
  const v = new egov.Verifier({
    anchors: [read('nca/root_test_gost_2022.cer'), read('kalkan/nca_rsa_test.crt')],
    intermediates: read('nca/nca_gost2015_test.cer'),
    revocation: 'none',
    iinChecksum: 'lenient',
  });
  const r = v.verifyEnvelopeSync(two, { at });
  assert.equal(r.signers.length, 2);
  assert.equal(r.signers[1].indication, 'valid', JSON.stringify(r.signers[1].findings));
  assert.match(r.signers[1].signatureAlgorithm, /GOST/);
  assert.ok(r.signers[0].findings.some((f) => f.code === 'CERT_EXPIRED'));
  assert.equal(r.indication, 'invalid');
});
