// End to end: serve www/ on 127.0.0.1, drive Debian's chromium headless with playwright-core,
// load a valid and a tampered envelope, assert what the page shows, save screenshots.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { egov, OUT, ROOT, testPki } from './fixtures.mjs';
import { serve } from '../tools/serve.mjs';

const WWW = join(ROOT, 'www');
const DEMO = join(WWW, 'demo');
const SHOTS = OUT;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let browser, server, url, profile;

before(async () => {
  if (!existsSync(join(DEMO, 'config.json')) || !existsSync(join(WWW, 'pkg', 'egov_sign_wasm.js'))) {
    execFileSync(process.execPath, [join(ROOT, 'tools', 'make-demo.mjs'), testPki('p256').dir], { stdio: 'inherit' });
  }
  mkdirSync(SHOTS, { recursive: true });
  ({ server, url } = await serve(WWW));
  profile = mkdtempSync(join(tmpdir(), 'egov-chromium-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    // playwright gives every launch a fresh temporary --user-data-dir of its own.
    env: { ...process.env, HOME: profile },
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** A page that records errors and every request it makes. */
async function open(viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  const requests = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return { page, problems, requests };
}

async function choose(page, file) {
  await page.setInputFiles('#envelope-file', join(DEMO, file));
  await page.waitForFunction((name) => document.getElementById('envelope-name').textContent === name
    && document.getElementById('verdict').dataset.indication !== '', file);
}

const shown = (page) => page.evaluate(() => ({
  indication: document.getElementById('verdict').dataset.indication,
  title: document.getElementById('indication').textContent,
  iin: document.getElementById('signer-iin')?.textContent ?? null,
  codes: [...document.querySelectorAll('#findings li[data-code]')].map((li) => li.dataset.code),
  texts: [...document.querySelectorAll('#findings .finding__text')].map((p) => p.textContent),
}));

/** What the wasm module says about the same file with the page's default configuration. */
function expected(file) {
  const cfg = JSON.parse(readFileSync(join(DEMO, 'config.json'), 'utf8'));
  const read = (f) => new Uint8Array(readFileSync(join(DEMO, f)));
  const v = new egov.Verifier({
    anchors: cfg.anchors.map(read), intermediates: cfg.intermediates.map(read), crls: cfg.crls.map(read),
    operatorBins: cfg.operatorBins, providerBins: cfg.providerBins,
  });
  return v.verifyRequestSync(read(file), { at: new Date() });
}

test('valid and tampered envelopes in the page, three languages, offline', async () => {
  const { page, problems, requests } = await open();
  const citizenIin = testPki('p256').info('citizen_sign').iin;

  // The page verifies asynchronously with the browser's WebCrypto (127.0.0.1 is a secure
  // context): count the primitives it asks for.
  assert.equal(await page.evaluate(() => window.isSecureContext && typeof crypto.subtle?.verify), 'function');
  await page.evaluate(() => {
    const original = SubtleCrypto.prototype.verify;
    window.webCryptoVerifications = [];
    SubtleCrypto.prototype.verify = async function (...args) {
      const ok = await original.apply(this, args);
      window.webCryptoVerifications.push([args[0].name, ok]);
      return ok;
    };
  });
  await choose(page, 'request-valid.pem');
  assert.deepEqual(await page.evaluate(() => window.webCryptoVerifications), [['ECDSA', true], ['ECDSA', true]]);
  let s = await shown(page);
  assert.equal(s.indication, 'valid');
  assert.equal(s.title, 'Подпись действительна');
  assert.equal(s.iin, citizenIin);
  assert.deepEqual(s.codes, []);
  assert.equal(await page.textContent('#signer-role'), 'физическое лицо');
  await page.screenshot({ path: join(SHOTS, 'valid-ru.png'), fullPage: true });

  await choose(page, 'request-tampered.p7s');
  s = await shown(page);
  const want = expected('request-tampered.p7s');
  assert.equal(s.indication, 'invalid');
  assert.equal(s.title, 'Подпись недействительна');
  assert.ok(s.codes.includes('DIGEST_MISMATCH'), s.codes.join());
  assert.deepEqual(s.codes, want.findings.map((f) => f.code));
  assert.deepEqual(s.texts, want.findings.map((f) => f.message.ru));
  await page.screenshot({ path: join(SHOTS, 'tampered-ru.png'), fullPage: true });

  await page.click('button[data-lang="kk"]');
  s = await shown(page);
  assert.equal(s.title, 'Қолтаңба жарамсыз');
  assert.deepEqual(s.texts, want.findings.map((f) => f.message.kk));
  assert.equal(await page.getAttribute('html', 'lang'), 'kk');
  await page.click('button[data-lang="en"]');
  s = await shown(page);
  assert.equal(s.title, 'Signature invalid');
  assert.deepEqual(s.texts, want.findings.map((f) => f.message.en));
  await page.screenshot({ path: join(SHOTS, 'tampered-en.png'), fullPage: true });

  // A sample button: the revoked certificate.
  await page.click('button[data-sample="revoked"]');
  await page.waitForFunction(() => document.getElementById('envelope-name').textContent === 'request-revoked.b64');
  await page.waitForFunction(() => document.querySelector('#findings li[data-code]') !== null);
  s = await shown(page);
  assert.equal(s.indication, 'invalid');
  assert.deepEqual(s.codes, ['CERT_REVOKED']);

  // A signed XML file (detected by content), two sequential signatures over /request.
  await page.click('button[data-sample="xmlTwo"]');
  await page.waitForFunction(() => document.getElementById('envelope-name').textContent === 'request-cosigned.xml');
  await page.waitForFunction(() => document.querySelectorAll('#signers li[data-signer]').length === 2);
  s = await shown(page);
  assert.equal(s.indication, 'valid');
  const xmlSigners = await page.evaluate(() => [...document.querySelectorAll('#signers li[data-signer]')]
    .map((li) => ({ indication: li.dataset.indication, text: li.textContent })));
  assert.deepEqual(xmlSigners.map((x) => x.indication), ['valid', 'valid']);
  assert.match(xmlSigners[0].text, /\/request/);
  await page.screenshot({ path: join(SHOTS, 'xml-two-signers.png'), fullPage: true });

  // Nothing but the loopback server was contacted; no script errors.
  assert.deepEqual(requests.filter((r) => !r.startsWith(url) && !r.startsWith('data:')), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the real NCA path: NCA test trust settings and a real KalkanCrypt envelope with two signers', async () => {
  const { page, problems, requests } = await open();
  // The sample switches to the NCA test trust settings (root, GOST and RSA CAs, their CRLs),
  // checks the envelope as a document (its content is "test123") at 2022-09-27T21:30Z.
  await page.click('button[data-sample="kalkanTwo"]');
  await page.waitForFunction(() => document.querySelectorAll('#signers li[data-signer]').length === 2, null, { timeout: 30000 });
  assert.match(await page.textContent('#trust-state'), /НУЦ/);
  const signers = await page.evaluate(() => [...document.querySelectorAll('#signers li[data-signer]')]
    .map((li) => ({ indication: li.dataset.indication, text: li.textContent })));
  // The GOST-2015 signer is valid then (its CA's CRL of 2022 is current); the RSA signer's
  // certificate had expired on 2022-01-18, so the envelope is not valid.
  assert.equal(signers[0].indication, 'valid', signers[0].text);
  assert.match(signers[0].text, /GOST/);
  assert.equal(signers[1].indication, 'invalid', signers[1].text);
  assert.match(signers[1].text, /CERT_EXPIRED/);
  const s = await shown(page);
  assert.equal(s.indication, 'invalid');
  assert.ok(s.codes.includes('CERT_EXPIRED'), s.codes.join());
  assert.equal(s.iin, '123456789012');
  await page.screenshot({ path: join(SHOTS, 'kalkan-two-signers-ru.png'), fullPage: true });
  assert.deepEqual(requests.filter((r) => !r.startsWith(url) && !r.startsWith('data:')), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('narrow (phone) layout, garbage input is reported, not thrown', async () => {
  const { page, problems } = await open({ width: 390, height: 844 });
  await page.setInputFiles('#envelope-file', { name: 'garbage.p7s', mimeType: 'application/octet-stream', buffer: Buffer.from('garbage garbage') });
  await page.waitForFunction(() => document.getElementById('status').classList.contains('is-error'));
  assert.match(await page.textContent('#status'), /MALFORMED/);
  assert.equal(await page.isHidden('#report'), true);
  await choose(page, 'request-other-signer.pem');
  const s = await shown(page);
  assert.equal(s.indication, 'invalid');
  assert.ok(s.codes.includes('IIN_MISMATCH'), s.codes.join());
  // Nothing overflows horizontally on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  await page.screenshot({ path: join(SHOTS, 'other-signer-phone.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a citizen signs with their KalkanCrypt .p12 in the page; nothing leaves it', async () => {
  const { page, problems, requests } = await open();
  const testdata = join(ROOT, '..', '..', 'testdata');
  const doc = JSON.parse(readFileSync(join(testdata, 'pki', 'request.json'), 'utf8'));
  doc.applicant.iin = '123456789011';
  const before = requests.length;
  await page.setInputFiles('#p12-file', join(testdata, 'nca', 'kalkan_individual_2023.p12'));
  await page.setInputFiles('#doc-file', { name: 'request.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.check('#sign-lenient');
  await page.fill('#p12-password', 'Qwerty13');
  await page.click('#sign');
  await page.waitForFunction(() => /KEY_PASSWORD/.test(document.getElementById('sign-status').textContent));
  await page.fill('#p12-password', 'Qwerty12');
  await page.click('#sign');
  await page.waitForFunction(() => document.getElementById('envelope-name').textContent === 'request.p7s', null, { timeout: 30000 });
  assert.match(await page.textContent('#sign-status'), /GOST 34\.10-2015/);
  assert.equal(await page.isHidden('#signed-download'), false);
  // The page checks what it signed: trusting the real NCA GOST CA (the page has no CRL for it,
  // so not VALID), the signature and digest hold and the signer is the store's holder.
  await page.waitForFunction(() => document.getElementById('verdict').dataset.indication !== '');
  await page.setInputFiles('#anchor-file', join(testdata, 'nca', 'nca_gost2015_test.cer'));
  await page.waitForFunction(() => document.getElementById('signer-iin')?.textContent === '123456789011', null, { timeout: 30000 });
  const s = await shown(page);
  for (const bad of ['SIGNATURE_INVALID', 'DIGEST_MISMATCH', 'CHAIN_UNTRUSTED']) assert.ok(!s.codes.includes(bad), s.codes.join());
  await page.screenshot({ path: join(SHOTS, 'signed-p12-ru.png'), fullPage: true });
  // No request at all while signing (the key store, password and document stay in the page).
  assert.deepEqual(requests.slice(before).filter((r) => !r.startsWith('data:')), []);
  assert.deepEqual(problems, []);
  await page.close();
});
