// verifyRequest time: the nodejs wasm build vs the native Rust core, on the same envelope.
// Usage: node bench/compare.mjs [ITERATIONS]   (needs pkg/nodejs; builds the native tool)
//
// Per family (p256, rsa): native µs; then, awaiting one call at a time:
//   node       verifyRequest      signature primitives in node:crypto, synchronously (default in Node)
//   nodeSync   verifyRequestSync  the same, without the promise
//   webcrypto  verifyRequest      crypto: 'webcrypto' (the browser path), default key cache
//   webcryptoNoKeyCache           the same with keyCacheSize 0
//   wasm       verifyRequestSync  crypto: 'wasm' (everything in wasm, the browser Sync path)
// and the ratios to native. Each figure is the median of 5 interleaved rounds (the machine may
// be shared), after a warm-up. With EGOV_BENCH_JSON=FILE the figures are also written there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { egov, OUT, REPO, sign, testPki } from '../test/fixtures.mjs';

const iterations = Number(process.argv[2] ?? 300);
// Native: the release profile with LTO, opt-level 3 (the wasm build in scripts/test-wasm.sh
// uses opt-level "z", the binding crate at 3 and ring at "s", for size).
// (Set after the environment, which scripts/test-wasm.sh fills with the wasm build's.)
const env = {
  ...process.env,
  CARGO_PROFILE_RELEASE_LTO: 'true', CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '1',
  CARGO_PROFILE_RELEASE_PANIC: 'abort', CARGO_PROFILE_RELEASE_OPT_LEVEL: '3',
};

const ROUNDS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * µs per call of each variant (sync or async functions): a warm-up long enough for V8 to
 * tier the hot wasm functions up (Liftoff → TurboFan, compiled in the background), then
 * ROUNDS interleaved rounds of ITERATIONS / ROUNDS calls each; the median round.
 */
async function measure(variants) {
  const entries = Object.entries(variants);
  for (const [, fn] of entries) for (let i = 0; i < Math.max(200, iterations >> 1); i++) await fn();
  const per = Object.fromEntries(entries.map(([k]) => [k, []]));
  const n = Math.max(1, Math.ceil(iterations / ROUNDS));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, fn] of entries) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await fn();
      per[k].push(Number(process.hrtime.bigint() - t0) / 1000 / n);
    }
  }
  return Object.fromEntries(entries.map(([k]) => [k, median(per[k])]));
}

const figures = { node: process.version, iterations, families: {} };
for (const family of ['p256', 'rsa']) {
  const p = testPki(family);
  const envelope = sign(p, 'citizen_sign', p.request());
  mkdirSync(OUT, { recursive: true });
  const envFile = join(OUT, `bench-${family}.p7s`);
  writeFileSync(envFile, envelope);
  const crls = ['root_full', 'ca_full', 'ca_delta'].map((c) => join(p.dir, `${c}.crl`));

  // Native, release (same LTO settings as the wasm build); the median of ROUNDS runs.
  const natives = [];
  for (let r = 0; r < ROUNDS; r++) {
    const out = execFileSync('cargo', [
      'run', '-q', '--release', '-p', 'egov-sign-wasm', '--example', 'native_bench', '--',
      envFile, join(p.dir, 'root.pem'), join(p.dir, 'ca.pem'), p.manifest.generated_at,
      String(Math.ceil(iterations / ROUNDS)), ...crls,
    ], { cwd: REPO, env, encoding: 'utf8' });
    natives.push(JSON.parse(out.trim().split('\n').pop()));
  }
  const native = { indication: natives[0].indication, us_per_verify: median(natives.map((n) => n.us_per_verify)) };

  // wasm in node.
  const make = (over = {}) => new egov.Verifier({
    anchors: p.cert('root'), intermediates: p.cert('ca'),
    crls: ['root_full', 'ca_full', 'ca_delta'].map((c) => p.crl(c)), ...over,
  });
  const v = make();
  const uncached = make({ keyCacheSize: 0 });
  const opts = { at: p.now };
  const node = { ...opts, crypto: 'node' };
  const web = { ...opts, crypto: 'webcrypto' };
  const wasm = { ...opts, crypto: 'wasm' };
  const reports = [
    native.indication,
    v.verifyRequestSync(envelope, node).indication,
    (await v.verifyRequest(envelope, node)).indication,
    (await v.verifyRequest(envelope, web)).indication,
    (await uncached.verifyRequest(envelope, web)).indication,
    v.verifyRequestSync(envelope, wasm).indication,
  ];
  if (reports.some((r) => r !== 'valid')) throw new Error(`expected valid envelopes: ${reports}`);

  const us = {
    native: native.us_per_verify,
    ...await measure({
      node: () => v.verifyRequest(envelope, node),
      nodeSync: () => v.verifyRequestSync(envelope, node),
      webcrypto: () => v.verifyRequest(envelope, web),
      webcryptoNoKeyCache: () => uncached.verifyRequest(envelope, web),
      wasm: () => v.verifyRequestSync(envelope, wasm),
    }),
  };
  figures.families[family] = us;
  const r = (x) => `${x.toFixed(1)} µs (${(x / us.native).toFixed(2)}×)`;
  console.log(`${family.padEnd(5)} verifyRequest, ${iterations} iterations (median of ${ROUNDS} rounds), node ${process.version}: native ${us.native.toFixed(1)} µs | `
    + `async/node:crypto ${r(us.node)} | sync/node:crypto ${r(us.nodeSync)} | async/WebCrypto ${r(us.webcrypto)} | `
    + `async/WebCrypto without key cache ${r(us.webcryptoNoKeyCache)} | sync/wasm ${r(us.wasm)}   (goal: async ≤ 2.5×)`);
}
if (process.env.EGOV_BENCH_JSON) writeFileSync(process.env.EGOV_BENCH_JSON, JSON.stringify(figures, null, 2));
