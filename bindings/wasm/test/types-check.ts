// Compiled with `tsc --noEmit` against the generated declarations: the API's types hold.
import {
  Verifier, buildRequest, buildResult, signEnvelope, inspectCertificate, version,
  type Report, type CertSummary, type VerifierOptions, type Finding, type EgovSignError,
} from '../pkg/bundler/egov_sign_wasm.js';

const opts: VerifierOptions = { anchors: '-----BEGIN CERTIFICATE-----', crls: [new Uint8Array(1)], revocation: 'chain', operatorBins: ['940140000385'] };
const v = new Verifier(opts);
const pending: Promise<Report> = v.verifyRequest(new Uint8Array(10), { at: new Date(), crypto: 'wasm' });
const r: Report = await pending;
const s: Report = v.verifyRequestSync('PEM', { at: 'signing-time', content: new Uint8Array(1) });
const res: Report = await v.verifyResult(new Uint8Array(1), { request: 'base64', at: Date.now(), crypto: 'auto' });
const resSync: Report = v.verifyResultSync(new Uint8Array(1), { request: 'base64' });
const any: Report = await v.verifyEnvelope('PEM');
const anySync: Report = v.verifyEnvelopeSync('PEM', { at: 'now', crypto: 'node' });
const viaWeb: Promise<Report> = v.verifyEnvelope('PEM', { crypto: 'webcrypto' });
const cached = new Verifier({ ...opts, keyCacheSize: 0 });
const chain: Report = v.verifyChain('pem', { usage: 'any', at: new Date() });
const f: Finding | undefined = r.findings[0];
const ru: string | undefined = f?.message.ru;
const iin: string | null | undefined = r.signer?.iin;
const ok: boolean = r.valid && s.indication === 'valid' && res.chain.length > 0 && chain.refusal === null;
const c: CertSummary = inspectCertificate(new Uint8Array(1));
const kind: 'sign' | 'auth' | 'other' = c.key;
const json: Uint8Array = buildRequest({ schema_version: '1' }, { iinChecksum: 'lenient' });
const json2: Uint8Array = buildResult('{}');
const env: Uint8Array | string = signEnvelope(json, 'key', 'cert', ['ca'], { detached: false, signingTime: new Date(), pem: true });
const rejected: string[] = v.rejectedCrls.map((x) => x.code);
const ver: string = version();
try { buildRequest({}); } catch (e) { const code: string = (e as EgovSignError).code; void code; }
void [ru, iin, ok, kind, json2, env, rejected, ver, resSync, any, anySync, viaWeb, cached];
// @ts-expect-error: an unknown indication is a type error
const bad: Report['indication'] = 'maybe';
// @ts-expect-error: the asynchronous methods return a Promise, not a Report
const notAwaited: Report = v.verifyRequest('PEM');
// @ts-expect-error: only 'auto', 'node', 'webcrypto' and 'wasm'
void v.verifyRequest('PEM', { crypto: 'gpu' });
void [bad, notAwaited];
