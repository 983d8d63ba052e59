// Compiled with `tsc --noEmit` against the generated declarations: the API's types hold.
import {
  Verifier, buildRequest, buildResult, signEnvelope, inspectCertificate, inspect, version,
  type Report, type CertSummary, type Inspection, type VerifierOptions, type Finding, type EgovSignError,
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

// Issue 16: time-stamps and OCSP responses the page is given.
import {
  verifyTimestampToken, timestampRequest, embedTimestamp, ocspRequest, verifyOcspResponse,
  signatureTimestampTokens, envelopeCertificates,
  type VerifiedTimestamp, type OcspResult, type EvidenceError,
} from '../pkg/bundler/egov_sign_wasm.js';
const tv = new Verifier({ anchors: 'pem', tsaAnchors: ['pem'], tsaIntermediates: 'pem', ocspResponses: [new Uint8Array(1)], revocationSource: 'any' });
const atTs: Report = tv.verifyRequestSync('PEM', { at: 'timestamp' });
const genTime: string | undefined = atTs.timestamp?.genTime;
const rev: ('crl' | 'ocsp' | 'none')[] = (atTs.revocation ?? []).map((e) => e.source);
const perSigner: string | undefined = atTs.signers?.[0]?.timestamp?.policy;
const reasons: (string | undefined)[] = (atTs.revocation ?? []).map((e) => e.reason);
const found: Inspection = inspect('PEM');
const foundKind: string = Array.isArray(found) ? found[0].type : found.type;
const vt: VerifiedTimestamp = verifyTimestampToken(new Uint8Array(1), { tsaAnchors: 'pem', envelope: 'PEM', signerIndex: 0, policies: ['1.2.398.3.3.2.6.4'] });
const tsPath: string[] = vt.path;
const tsq: Uint8Array = timestampRequest('PEM', { signerIndex: 0, hash: 'streebog512', nonce: new Uint8Array(8), policy: '1.2.398.3.3.2.6.4' });
const embedded: { envelope: Uint8Array; timestamp: VerifiedTimestamp } = embedTimestamp('PEM', new Uint8Array(1), { tsaAnchors: 'pem' });
const ors: Uint8Array = ocspRequest('pem', 'pem', { nonce: new Uint8Array(16) });
const or: OcspResult = verifyOcspResponse(new Uint8Array(1), 'pem', 'pem', { at: new Date(), nonce: new Uint8Array(16), maxAge: 3600 });
const st: 'good' | 'revoked' | 'unknown' = or.status;
const tokens: Uint8Array[] = signatureTimestampTokens('PEM', 0);
const certs: Uint8Array[] = envelopeCertificates(tokens[0]!);
try { verifyOcspResponse('', '', ''); } catch (e) { const reason: string = (e as EvidenceError).reason; void reason; }
void [genTime, rev, perSigner, reasons, foundKind, tsPath, tsq, embedded, ors, st, certs];

// Signed XML (issue 18).
import { signXml, toXml, fromXml, isXml, type SignXmlOptions, type VerifyOptions } from '../pkg/bundler/egov_sign_wasm.js';
const xo: SignXmlOptions = { kind: 'request', canonicalization: 'exclusive', byId: false, iinChecksum: 'lenient' };
const signedXml: Uint8Array = signXml({ schema_version: '1' }, 'PEM', 'PEM', xo);
const cosignedXml: Uint8Array = signXml(signedXml, 'PEM', 'PEM');
const vo: VerifyOptions = { kind: 'result', at: new Date(), request: 'PEM' };
const viaAuto: Report = await v.verify(cosignedXml, vo);
const viaAutoSync: Report = v.verifySync('<request/>');
const covers: string | undefined = viaAuto.signers?.[0]?.covers;
const asXml: Uint8Array = toXml({}, { kind: 'result' });
const asJson: Uint8Array = fromXml(asXml);
const detected: boolean = isXml(asJson);
void [viaAutoSync, covers, detected];
