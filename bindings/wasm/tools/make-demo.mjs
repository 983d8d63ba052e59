// Prepares www/ for serving: copies the `web` build into www/pkg/ and writes the demo
// material (test PKI anchor, CA, CRLs, sample envelopes) into www/demo/.
// Usage: node tools/make-demo.mjs PKI_DIR   (PKI_DIR from `egov-sign testpki --out PKI_DIR`)
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const pkiDir = resolve(process.argv[2] ?? '');
const egov = createRequire(import.meta.url)(join(ROOT, 'pkg', 'nodejs', 'egov_sign_wasm.js'));

const www = join(ROOT, 'www');
const pkg = join(www, 'pkg');
rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
for (const f of readdirSync(join(ROOT, 'pkg', 'web'))) {
  if (f.endsWith('.js') || f.endsWith('.wasm')) copyFileSync(join(ROOT, 'pkg', 'web', f), join(pkg, f));
}

const demo = join(www, 'demo');
rmSync(demo, { recursive: true, force: true });
mkdirSync(demo, { recursive: true });
const text = (f) => readFileSync(join(pkiDir, f), 'utf8');
const manifest = JSON.parse(text('manifest.json'));
const info = (name) => manifest.certificates.find((c) => c.name === name);
const now = new Date(manifest.generated_at);

copyFileSync(join(pkiDir, 'root.pem'), join(demo, 'root.pem'));
copyFileSync(join(pkiDir, 'ca.pem'), join(demo, 'ca.pem'));
const crls = ['root_full.crl', 'ca_full.crl', 'ca_delta.crl'];
for (const c of crls) copyFileSync(join(pkiDir, c), join(demo, c));

const sign = (who, doc, opts = {}) =>
  egov.signEnvelope(egov.buildRequest(doc), text(`${who}.key.pem`), text(`${who}.pem`), [text('ca.pem')], {
    signingTime: now,
    ...opts,
  });
const request = JSON.parse(text('request.json'));
const pemOf = (der) => {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CMS-----\n${b64}\n-----END CMS-----\n`;
};

// A valid portal request (PEM).
writeFileSync(join(demo, 'request-valid.pem'), sign('citizen_sign', request, { pem: true }));
// The same request with one content byte changed (DER): DIGEST_MISMATCH.
const der = sign('citizen_sign', request);
const content = egov.buildRequest(request);
const at = Buffer.from(der).indexOf(Buffer.from(content));
const tampered = der.slice();
tampered[at + content.indexOf('q'.charCodeAt(0))] = 'Q'.charCodeAt(0);
writeFileSync(join(demo, 'request-tampered.p7s'), tampered);
// Signed with a revoked certificate (base64 text).
writeFileSync(join(demo, 'request-revoked.b64'), Buffer.from(sign('revoked_sign', request)).toString('base64') + '\n');
// Signed by another person than the applicant.
writeFileSync(join(demo, 'request-other-signer.pem'), pemOf(sign('citizen2_sign', request)));

// Signed XML (issue 18): the request's XML form, signed by the applicant, then co-signed
// (a sibling ds:Signature covering the first) by a second person.
const xml1 = egov.signXml(request, text('citizen_sign.key.pem'), text('citizen_sign.pem'));
writeFileSync(
  join(demo, 'request-cosigned.xml'),
  egov.signXml(xml1, text('citizen2_sign.key.pem'), text('citizen2_sign.pem')),
);

// The real NCA test PKI (testdata/nca, testdata/kalkan: see their SOURCE.md) and a real
// KalkanCrypt envelope with two signers (GOST 2015 + RSA), for the "NCA" trust settings.
const testdata = resolve(ROOT, '..', '..', 'testdata');
mkdirSync(join(demo, 'nca'), { recursive: true });
const nca = {
  anchors: ['nca/root_test_gost_2022.cer', 'kalkan/nca_rsa_test.crt'],
  intermediates: ['nca/nca_gost2015_test.cer'],
  crls: ['nca/nca_gost2022_test.crl', 'nca/nca_gost2022_test_2026-08.crl', 'kalkan/nca_rsa_test.crl'],
};
const served = (f) => `nca/${f.split('/')[1]}`;
for (const f of [...nca.anchors, ...nca.intermediates, ...nca.crls, 'kalkan/ncanode_two_signers_gost2015_rsa.p7s']) {
  copyFileSync(join(testdata, f), join(demo, served(f)));
}

writeFileSync(
  join(demo, 'config.json'),
  JSON.stringify(
    {
      generatedAt: manifest.generated_at,
      warning: manifest.warning,
      anchors: ['root.pem'],
      intermediates: ['ca.pem'],
      crls,
      operatorBins: [info('operator_sign').bin],
      providerBins: [info('provider_head_sign').bin],
      samples: [
        { file: 'request-valid.pem', kind: 'valid' },
        { file: 'request-tampered.p7s', kind: 'tampered' },
        { file: 'request-revoked.b64', kind: 'revoked' },
        { file: 'request-other-signer.pem', kind: 'otherSigner' },
        { file: 'request-cosigned.xml', kind: 'xmlTwo' },
        // Made by KalkanCrypt on 2022-09-27 (NCANode's test material): content "test123", so
        // checked as a document (signatures only), at a date when the GOST certificate was valid.
        {
          file: 'nca/ncanode_two_signers_gost2015_rsa.p7s',
          kind: 'kalkanTwo',
          trust: 'nca',
          what: 'envelope',
          at: '2022-09-27T21:30:00Z',
        },
      ],
      nca: {
        anchors: nca.anchors.map(served),
        intermediates: nca.intermediates.map(served),
        crls: nca.crls.map(served),
        iinChecksum: 'lenient',
        // The test material has the CAs' CRLs, not the root's CRL of the CAs.
        revocation: 'end-entity',
      },
    },
    null,
    2,
  ) + '\n',
);
console.log(`demo material written to ${demo}`);
