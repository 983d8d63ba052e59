// The asynchronous API on the WebCrypto path (crypto.subtle; the default in browsers, forced
// here with `crypto: 'webcrypto'` since Node defaults to node:crypto): the core's two-pass
// protocol, fallback to wasm for anything WebCrypto cannot answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { codes, egov, scenarios, sign, testPki, verifier } from './fixtures.mjs';

const FAMILIES = [testPki('p256'), testPki('rsa')];
const Subtle = Object.getPrototypeOf(globalThis.crypto.subtle);
/** The verification options of these tests: the instant of the test PKI, WebCrypto forced. */
const at = (p) => ({ at: p.now, crypto: 'webcrypto' });

/** Replace `SubtleCrypto.prototype[name]` while `fn` runs; restore it after. */
async function patched(name, replacement, fn) {
  const original = Subtle[name];
  Subtle[name] = function (...args) { return replacement.call(this, original, ...args); };
  try {
    return await fn();
  } finally {
    Subtle[name] = original;
  }
}

/**
 * Count (and record the algorithm arguments of) the calls to `subtle[name]` while `fn` runs;
 * `fn` sees the list as it grows.
 */
async function counting(name, fn) {
  const calls = [];
  await patched(name, function (original, ...args) {
    calls.push(args[name === 'importKey' ? 2 : 0]);
    return original.apply(this, args);
  }, () => fn(calls));
  return calls;
}

test('async (WebCrypto) reports deep-equal the sync (wasm) reports: valid, tampered, revoked, wrong IIN, expired', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    for (const [name, [env, indication, want]] of Object.entries(scenarios(p))) {
      const sync = v.verifyRequestSync(env, { at: p.now });
      assert.equal(sync.indication, indication, `${p.family} ${name}: ${JSON.stringify(sync.findings)}`);
      assert.deepEqual(codes(sync), want, `${p.family} ${name}`);
      const calls = await counting('verify', async () => {
        const promise = v.verifyRequest(env, at(p));
        assert.ok(promise instanceof Promise);
        assert.deepEqual(await promise, sync, `${p.family} ${name}`);
      });
      assert.ok(calls.length >= 1, `${p.family} ${name}: WebCrypto was used`);
      // Forced wasm: same report, no WebCrypto.
      const none = await counting('verify', async () => {
        assert.deepEqual(await v.verifyRequest(env, { at: p.now, crypto: 'wasm' }), sync);
      });
      assert.deepEqual(none, []);
    }
  }
});

test('a valid request: exactly two WebCrypto verifications (document, citizen certificate), none in the Sync variant', async () => {
  const expected = { p256: { name: 'ECDSA', hash: 'SHA-256' }, rsa: { name: 'RSASSA-PKCS1-v1_5' } };
  for (const p of FAMILIES) {
    const v = verifier(p);
    const env = sign(p, 'citizen_sign', p.request());
    const calls = await counting('verify', async () => {
      assert.equal((await v.verifyRequest(env, at(p))).indication, 'valid');
    });
    assert.equal(calls.length, 2, `${p.family}: ${JSON.stringify(calls)}`);
    for (const alg of calls) assert.deepEqual(alg, expected[p.family]);
    const sync = await counting('verify', async () => {
      assert.equal(v.verifyRequestSync(env, { at: p.now }).indication, 'valid');
    });
    assert.deepEqual(sync, []);
  }
});

test('WebCrypto decides: a `false` from crypto.subtle.verify makes the report invalid (SIGNATURE_INVALID)', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const env = sign(p, 'citizen_sign', p.request());
    const r = await patched('verify', async () => false, () => v.verifyRequest(env, at(p)));
    assert.equal(r.indication, 'invalid', p.family);
    assert.ok(codes(r).includes('SIGNATURE_INVALID'), `${p.family}: ${codes(r)}`);
    assert.equal(r.valid, false);
    // The wasm path is unaffected.
    assert.equal(v.verifyRequestSync(env, { at: p.now }).indication, 'valid');
  }
});

test('a tampered signature: WebCrypto says false, the second pass gives the wasm report', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const { tampered: [env] } = scenarios(p);
    const results = [];
    await patched('verify', async function (original, ...args) {
      const i = results.push(undefined) - 1; // in call order
      results[i] = await original.apply(this, args);
      return results[i];
    }, async () => {
      assert.deepEqual(await v.verifyRequest(env, at(p)), v.verifyRequestSync(env, { at: p.now }));
    });
    // Pass 1 asked for the document signature and the certificate; WebCrypto refuted the first.
    assert.deepEqual(results, [false, true], p.family);
  }
});

test('WebCrypto failures fall back to wasm: rejection, throw, failed import, non-boolean answers', async () => {
  for (const [p, keyCacheSize] of FAMILIES.flatMap((p) => [[p, 0], [p, 16]])) {
    const v = verifier(p, { keyCacheSize });
    const env = sign(p, 'citizen_sign', p.request());
    await v.verifyRequest(env, at(p)); // with a cache: the keys are imported
    const { tampered: [bad] } = scenarios(p);
    const want = v.verifyRequestSync(env, { at: p.now });
    const wantBad = v.verifyRequestSync(bad, { at: p.now });
    assert.equal(want.indication, 'valid');
    const failures = {
      rejects: async () => { throw new DOMException('nope', 'OperationError'); },
      throws: () => { throw new TypeError('broken'); },
      truthy: async () => 1,
      undefined: async () => undefined,
      notAPromise: () => 'yes',
    };
    for (const [what, replacement] of Object.entries(failures)) {
      for (const method of ['verify', 'importKey']) {
        const r = await patched(method, replacement, () => v.verifyRequest(env, at(p)));
        assert.deepEqual(r, want, `${p.family} (cache ${keyCacheSize}): ${method} ${what}`);
        // Unknown is never valid: a tampered signature stays invalid.
        const rb = await patched(method, replacement, () => v.verifyRequest(bad, at(p)));
        assert.deepEqual(rb, wantBad, `${p.family} (cache ${keyCacheSize}): ${method} ${what} (tampered)`);
      }
    }
  }
});

/** Run `fn` as in a browser: without `process.getBuiltinModule` (no node:crypto). */
async function withoutNodeCrypto(fn) {
  const original = process.getBuiltinModule;
  process.getBuiltinModule = undefined;
  try {
    return await fn();
  } finally {
    process.getBuiltinModule = original;
  }
}

test('as in a browser (no node:crypto): auto uses WebCrypto in the async methods, wasm in the Sync ones', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const env = sign(p, 'citizen_sign', p.request());
    const want = v.verifyRequestSync(env, { at: p.now, crypto: 'wasm' });
    await withoutNodeCrypto(async () => {
      const calls = await counting('verify', async () => {
        assert.deepEqual(await v.verifyRequest(env, { at: p.now }), want);
      });
      assert.equal(calls.length, 2, p.family);
      const sync = await counting('verify', async () => {
        assert.deepEqual(v.verifyRequestSync(env, { at: p.now }), want);
      });
      assert.deepEqual(sync, []);
      // Forcing node:crypto where there is none is an error, not a silent fallback.
      await assert.rejects(v.verifyRequest(env, { at: p.now, crypto: 'node' }), { code: 'CONFIG' });
      assert.throws(() => v.verifyRequestSync(env, { at: p.now, crypto: 'node' }), { code: 'CONFIG' });
    });
  }
});

test('no node:crypto and no crypto.subtle: the asynchronous methods run in wasm', async () => {
  const p = FAMILIES[0];
  const v = verifier(p);
  const env = sign(p, 'citizen_sign', p.request());
  const want = v.verifyRequestSync(env, { at: p.now, crypto: 'wasm' });
  const res = sign(p, 'citizen_sign', p.request());
  const wantRes = v.verifyEnvelopeSync(res, { at: p.now, crypto: 'wasm' });
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  for (const replacement of [undefined, {}, { subtle: null }]) {
    Object.defineProperty(globalThis, 'crypto', { value: replacement, configurable: true, writable: true });
    try {
      await withoutNodeCrypto(async () => {
        assert.deepEqual(await v.verifyRequest(env, { at: p.now }), want);
        assert.deepEqual(await v.verifyEnvelope(res, { at: p.now }), wantRes);
        // Forced WebCrypto without WebCrypto: an error.
        await assert.rejects(v.verifyRequest(env, at(p)), { code: 'CONFIG' });
      });
    } finally {
      Object.defineProperty(globalThis, 'crypto', descriptor);
    }
  }
  assert.equal(typeof globalThis.crypto.subtle.verify, 'function');
});

test('imported keys are cached per verifier (keyCacheSize), not re-imported', async () => {
  for (const p of FAMILIES) {
    const env = sign(p, 'citizen_sign', p.request());
    const cached = verifier(p);
    const imports = await counting('importKey', async () => {
      await cached.verifyRequest(env, at(p));
      await cached.verifyRequest(env, at(p));
      await cached.verifyRequest(env, at(p));
    });
    assert.equal(imports.length, 2, `${p.family}: citizen and CA keys, once`);
    const uncached = verifier(p, { keyCacheSize: 0 });
    const again = await counting('importKey', async () => {
      await uncached.verifyRequest(env, at(p));
      await uncached.verifyRequest(env, at(p));
    });
    assert.equal(again.length, 4, p.family);
    // A key of another signer: one more import, the CA key still cached.
    const other = sign(p, 'citizen2_sign', p.request());
    const more = await counting('importKey', () => cached.verifyRequest(other, at(p)));
    assert.equal(more.length, 1, p.family);
  }
});

test('concurrent verifications on one verifier stay independent', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const all = Object.values(scenarios(p));
    const envs = Array.from({ length: 20 }, (_, i) => all[i % all.length]);
    const reports = await Promise.all(envs.map(([env]) => v.verifyRequest(env, at(p))));
    reports.forEach((r, i) => {
      assert.equal(r.indication, envs[i][1], `${p.family} #${i}`);
      assert.deepEqual(codes(r), envs[i][2], `${p.family} #${i}`);
    });
  }
});

test('GOST goes through the asynchronous path without WebCrypto', async () => {
  const p = testPki('gost2015');
  const v = verifier(p);
  const env = sign(p, 'citizen_sign', p.request());
  const calls = await counting('verify', async () => {
    const r = await v.verifyRequest(env, at(p));
    assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
    assert.deepEqual(r, v.verifyRequestSync(env, { at: p.now }));
  });
  assert.deepEqual(calls, []);
  const bad = env.slice();
  bad[bad.length - 3] ^= 1;
  assert.ok(codes(await v.verifyRequest(bad, at(p))).includes('SIGNATURE_INVALID'));
});

test('results: verifyResult is asynchronous too and binds to the request', async () => {
  const p = FAMILIES[0];
  const v = verifier(p);
  const req = sign(p, 'citizen_sign', p.request());
  // A result signed by the citizen is not a valid result (wrong signer role), but the
  // verification runs: both paths agree.
  const res = sign(p, 'citizen_sign', egov.buildRequest(p.request()));
  const promise = v.verifyResult(res, { request: req, ...at(p) });
  assert.ok(promise instanceof Promise);
  assert.deepEqual(await promise, v.verifyResultSync(res, { request: req, at: p.now }));
});
