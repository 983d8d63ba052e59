// verifyRequest time: the nodejs wasm build vs the native Rust core, on the same envelope.
// Usage: node bench/compare.mjs [ITERATIONS]   (needs pkg/nodejs; builds the native tool)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { egov, OUT, REPO, sign, testPki } from '../test/fixtures.mjs';

const iterations = Number(process.argv[2] ?? 300);
// The same release profile as the wasm build in scripts/test-wasm.sh.
const env = {
  CARGO_PROFILE_RELEASE_LTO: 'true', CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '1',
  CARGO_PROFILE_RELEASE_PANIC: 'abort', CARGO_PROFILE_RELEASE_OPT_LEVEL: '3',
  ...process.env,
};

for (const family of ['p256', 'rsa']) {
  const p = testPki(family);
  const envelope = sign(p, 'citizen_sign', p.request());
  mkdirSync(OUT, { recursive: true });
  const envFile = join(OUT, `bench-${family}.p7s`);
  writeFileSync(envFile, envelope);
  const crls = ['root_full', 'ca_full', 'ca_delta'].map((c) => join(p.dir, `${c}.crl`));

  // Native, release (same LTO settings as the wasm build).
  const out = execFileSync('cargo', [
    'run', '-q', '--release', '-p', 'egov-sign-wasm', '--example', 'native_bench', '--',
    envFile, join(p.dir, 'root.pem'), join(p.dir, 'ca.pem'), p.manifest.generated_at, String(iterations), ...crls,
  ], { cwd: REPO, env, encoding: 'utf8' });
  const native = JSON.parse(out.trim().split('\n').pop());

  // wasm in node.
  const v = new egov.Verifier({
    anchors: p.cert('root'), intermediates: p.cert('ca'),
    crls: ['root_full', 'ca_full', 'ca_delta'].map((c) => p.crl(c)),
  });
  const opts = { at: p.now };
  const first = v.verifyRequest(envelope, opts);
  for (let i = 0; i < Math.min(iterations, 20); i++) v.verifyRequest(envelope, opts);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) v.verifyRequest(envelope, opts);
  const wasmUs = Number(process.hrtime.bigint() - t0) / 1000 / iterations;

  if (first.indication !== 'valid' || native.indication !== 'valid') {
    throw new Error(`expected valid envelopes: wasm ${first.indication}, native ${native.indication}`);
  }
  const ratio = wasmUs / native.us_per_verify;
  console.log(`${family.padEnd(5)} verifyRequest: native ${native.us_per_verify.toFixed(1)} µs, wasm (node ${process.version}) ${wasmUs.toFixed(1)} µs, ratio ${ratio.toFixed(2)}× (goal ≤ 2.5×), ${iterations} iterations`);
}
