// Signed XML (issue 18) through the WASM binding: the core's XML form of the documents, its
// XMLDSig signing and verification, and its XML-or-CMS detection — nothing re-implemented.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { both, codes, egov, sign, testPki, verifier } from './fixtures.mjs';

const dec = new TextDecoder();
const enc = new TextEncoder();

for (const family of ['p256', 'rsa']) {
  const p = testPki(family);

  test(`${family}: signXml → verify (auto-detected), verifyRequest and verifySync agree`, async () => {
    const v = verifier(p);
    const xml = egov.signXml(p.request(), p.key('citizen_sign'), p.cert('citizen_sign'));
    assert.ok(xml instanceof Uint8Array);
    const text = dec.decode(xml);
    assert.ok(text.startsWith('<request xmlns="urn:egov-sign:housing:1">'), text.slice(0, 80));
    assert.equal(text.split('<ds:Signature ').length - 1, 1);
    assert.equal(egov.isXml(xml), true);
    assert.equal(egov.isXml(sign(p, 'citizen_sign', p.request())), false);
    const r = await both(v, 'verifyRequest', xml, { at: p.now });
    assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
    assert.deepEqual(r.signers.map((s) => s.covers), ['/request']);
    assert.equal(r.document.applicant.iin, p.request().applicant.iin);
    // Text input too, and the generic verify with a kind.
    assert.deepEqual(await v.verify(text, { at: p.now }), r);
    assert.deepEqual(v.verifySync(xml, { at: p.now, kind: 'request' }), r);
    // As a result it is not valid (the document element is <request>).
    const asResult = v.verifySync(xml, { at: p.now, kind: 'result' });
    assert.notEqual(asResult.indication, 'valid');
    assert.ok(codes(asResult).includes('DOCUMENT_INVALID'), codes(asResult).join());
    // `kind` takes the core's DocumentKind names, and nothing else.
    assert.equal(v.verifySync(xml, { at: p.now, kind: 'any' }).indication, 'valid');
    for (const kind of ['Request', 'requests', '']) {
      assert.throws(() => v.verifySync(xml, { at: p.now, kind }), (e) => e.code === 'MALFORMED' && /document kind/.test(e.message));
    }
  });

  test(`${family}: the JSON (CMS) and XML forms of a request give the same findings`, () => {
    const v = verifier(p);
    for (const who of ['citizen_sign', 'revoked_sign', 'citizen_auth', 'citizen2_sign']) {
      const cms = v.verifySync(sign(p, who, p.request()), { at: p.now });
      const xml = v.verifySync(egov.signXml(p.request(), p.key(who), p.cert(who)), { at: p.now });
      assert.equal(xml.indication, cms.indication, who);
      assert.deepEqual(codes(xml).sort(), codes(cms).sort(), who);
      assert.deepEqual(xml.document, cms.document, who);
    }
  });
}

const p = testPki('p256');

test('co-signing XML: a second sibling signature covering the first, each reported', () => {
  const v = verifier(p);
  const first = egov.signXml(p.request(), p.key('citizen_sign'), p.cert('citizen_sign'));
  const both2 = egov.signXml(first, p.key('citizen2_sign'), p.cert('citizen2_sign'));
  const r = v.verifySync(both2, { at: p.now });
  assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
  assert.deepEqual(r.signers.map((s) => [s.covers, s.indication]), [['/request', 'valid'], ['/request', 'valid']]);
  assert.notEqual(r.signers[0].signer.sha256, r.signers[1].signer.sha256);
  // Dropping the first signature breaks the second (its digest covered the first).
  const t = dec.decode(both2);
  const a = t.indexOf('<ds:Signature ');
  const b = t.indexOf('</ds:Signature>') + '</ds:Signature>'.length;
  assert.equal(v.verifySync(t.slice(0, a) + t.slice(b), { at: p.now }).indication, 'invalid');
});

test('tampered, wrapped and hostile XML is never valid', () => {
  const v = verifier(p);
  const t = dec.decode(egov.signXml(p.request(), p.key('citizen_sign'), p.cert('citizen_sign')));
  assert.ok(t.includes('<size>48213</size>'));
  const tampered = t.replace('<size>48213</size>', '<size>1</size>');
  assert.equal(v.verifySync(tampered, { at: p.now }).indication, 'invalid');
  // XSW: a forged request around the signed one.
  const open = '<request xmlns="urn:egov-sign:housing:1">';
  const sigAt = t.indexOf('<ds:Signature ');
  const wrapped = open + t.slice(open.length, sigAt).replace('<size>48213</size>', '<size>1</size>')
    + t.slice(sigAt, t.lastIndexOf('</request>')) + '<w>' + t + '</w></request>';
  let r;
  try { r = v.verifySync(wrapped, { at: p.now }); } catch (e) { assert.ok(e.code, String(e)); }
  if (r) assert.notEqual(r.indication, 'valid');
  // XXE: refused before anything is read.
  assert.throws(
    () => v.verifySync('<!DOCTYPE request [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + open + '&x;</request>', { at: p.now }),
    (e) => typeof e.code === 'string' && e.code.startsWith('XML'),
  );
});

test('toXml / fromXml: the same document, the same rules', () => {
  const xml = egov.toXml(p.request());
  assert.ok(dec.decode(xml).startsWith('<request xmlns="urn:egov-sign:housing:1">'));
  assert.deepEqual(egov.fromXml(xml), egov.buildRequest(p.request()));
  assert.deepEqual(egov.fromXml(dec.decode(xml)), egov.buildRequest(p.request()));
  const bad = dec.decode(xml).replace('<channel>portal</channel>', '<channel>moon</channel>');
  assert.throws(() => egov.fromXml(enc.encode(bad)), (e) => typeof e.code === 'string');
  assert.throws(() => egov.toXml(p.request(), { kind: 'receipt' }), (e) => e.code === 'CONFIG' && /receipt/.test(e.message));
  assert.throws(() => egov.signXml(p.request(), p.key('citizen_sign'), p.cert('citizen2_sign')), (e) => typeof e.code === 'string');
  const exc = egov.signXml(p.request(), p.key('citizen_sign'), p.cert('citizen_sign'), { canonicalization: 'exclusive' });
  assert.match(dec.decode(exc), /xml-exc-c14n/);
  // Option names are the core's (c14n::Method, DocumentKind: FromStr).
  assert.throws(() => egov.signXml(p.request(), p.key('citizen_sign'), p.cert('citizen_sign'), { canonicalization: 'c14n11' }),
    (e) => /'inclusive' or 'exclusive'/.test(e.message));
  assert.throws(() => egov.signXml(p.request(), p.key('citizen_sign'), p.cert('citizen_sign'), { kind: 'receipt' }),
    (e) => e.code === 'CONFIG' && /receipt/.test(e.message));
  assert.equal(verifier(p).verifySync(exc, { at: p.now }).indication, 'valid');
});
