// The node:crypto path (the default in Node): the core's signature checks answered
// synchronously by Node's crypto.verify, one pass, in verifyRequest and verifyRequestSync.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { codes, egov, scenarios, sign, testPki, verifier } from './fixtures.mjs';

const FAMILIES = [testPki('p256'), testPki('rsa')];
// The module object the binding gets from process.getBuiltinModule('node:crypto').
const nodeCrypto = process.getBuiltinModule('node:crypto');
const Subtle = Object.getPrototypeOf(globalThis.crypto.subtle);

/** Replace `nodeCrypto[name]` while `fn` runs (synchronous or not); restore it after. */
async function patched(name, replacement, fn) {
  const original = nodeCrypto[name];
  nodeCrypto[name] = function (...args) { return replacement.call(this, original, ...args); };
  try {
    return await fn();
  } finally {
    nodeCrypto[name] = original;
  }
}

/** The arguments of every `nodeCrypto[name]` call while `fn` runs, and their results. */
async function counting(name, fn) {
  const calls = [];
  await patched(name, function (original, ...args) {
    const result = original.apply(this, args);
    calls.push({ args, result });
    return result;
  }, fn);
  return calls;
}

/** Count the WebCrypto verifications while `fn` runs. */
async function subtleCalls(fn) {
  const original = Subtle.verify;
  let n = 0;
  Subtle.verify = function (...args) { n++; return original.apply(this, args); };
  try {
    await fn();
  } finally {
    Subtle.verify = original;
  }
  return n;
}

test('node:crypto reports (async and Sync, auto and forced) deep-equal the wasm reports: valid, tampered, revoked, wrong IIN, expired', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    for (const [name, [env, indication, want]] of Object.entries(scenarios(p))) {
      const wasm = v.verifyRequestSync(env, { at: p.now, crypto: 'wasm' });
      assert.equal(wasm.indication, indication, `${p.family} ${name}: ${JSON.stringify(wasm.findings)}`);
      assert.deepEqual(codes(wasm), want, `${p.family} ${name}`);
      for (const crypto of [undefined, 'auto', 'node']) {
        const calls = await counting('verify', async () => {
          assert.deepEqual(v.verifyRequestSync(env, { at: p.now, crypto }), wasm, `${p.family} ${name} sync ${crypto}`);
          const promise = v.verifyRequest(env, { at: p.now, crypto });
          assert.ok(promise instanceof Promise);
          assert.deepEqual(await promise, wasm, `${p.family} ${name} async ${crypto}`);
        });
        assert.ok(calls.length >= 2, `${p.family} ${name} ${crypto}: node:crypto was used by both`);
      }
      // Forced wasm: no node:crypto.
      const none = await counting('verify', async () => {
        assert.deepEqual(await v.verifyRequest(env, { at: p.now, crypto: 'wasm' }), wasm);
      });
      assert.deepEqual(none, []);
    }
  }
});

test('a valid request: exactly two node:crypto verifications (document, citizen certificate), both true, no WebCrypto', async () => {
  const expected = { p256: 'sha256', rsa: 'sha256' };
  for (const p of FAMILIES) {
    const env = sign(p, 'citizen_sign', p.request());
    for (const method of ['verifyRequestSync', 'verifyRequest']) {
      const v = verifier(p);
      let calls;
      const webcrypto = await subtleCalls(async () => {
        calls = await counting('verify', async () => {
          assert.equal((await v[method](env, { at: p.now })).indication, 'valid');
        });
      });
      assert.equal(webcrypto, 0, `${p.family} ${method}`);
      assert.equal(calls.length, 2, `${p.family} ${method}`);
      for (const { args: [hash, , options], result } of calls) {
        assert.equal(hash, expected[p.family]);
        assert.equal(result, true);
        assert.equal(options.key.type, 'public');
        assert.equal(options.key.asymmetricKeyType, p.family === 'rsa' ? 'rsa' : 'ec');
        if (p.family === 'rsa') assert.equal(options.padding, nodeCrypto.constants.RSA_PKCS1_PADDING);
        else assert.equal(options.dsaEncoding, 'der');
      }
    }
  }
});

test('node:crypto decides: `false` from crypto.verify makes the report invalid (SIGNATURE_INVALID)', async () => {
  for (const p of FAMILIES) {
    const v = verifier(p);
    const env = sign(p, 'citizen_sign', p.request());
    for (const method of ['verifyRequestSync', 'verifyRequest']) {
      const r = await patched('verify', () => false, () => v[method](env, { at: p.now }));
      assert.equal(r.indication, 'invalid', `${p.family} ${method}`);
      assert.ok(codes(r).includes('SIGNATURE_INVALID'), `${p.family} ${method}: ${codes(r)}`);
      assert.equal(r.valid, false);
    }
    // The wasm path is unaffected.
    await patched('verify', () => false, () => {
      assert.equal(v.verifyRequestSync(env, { at: p.now, crypto: 'wasm' }).indication, 'valid');
    });
  }
});

test('node:crypto failures fall back to ring: throws, non-boolean answers, failed key import', async () => {
  for (const [p, keyCacheSize] of FAMILIES.flatMap((p) => [[p, 0], [p, 16]])) {
    const v = verifier(p, { keyCacheSize });
    const env = sign(p, 'citizen_sign', p.request());
    const { tampered: [bad] } = scenarios(p);
    const want = v.verifyRequestSync(env, { at: p.now, crypto: 'wasm' });
    const wantBad = v.verifyRequestSync(bad, { at: p.now, crypto: 'wasm' });
    assert.equal(want.indication, 'valid');
    v.verifyRequestSync(env, { at: p.now }); // with a cache: the keys are imported
    const failures = {
      throws: () => { throw new TypeError('broken'); },
      truthy: () => 1,
      undefined: () => undefined,
      promise: () => Promise.resolve(true),
    };
    for (const [what, replacement] of Object.entries(failures)) {
      for (const name of ['verify', 'createPublicKey']) {
        if (name === 'createPublicKey' && keyCacheSize > 0) continue; // not called: cached
        for (const method of ['verifyRequestSync', 'verifyRequest']) {
          const label = `${p.family} (cache ${keyCacheSize}): ${name} ${what}, ${method}`;
          let n = 0;
          const r = await patched(name, () => { n++; return replacement(); }, () => v[method](env, { at: p.now }));
          assert.ok(n >= 1, label);
          assert.deepEqual(r, want, label);
          // Unknown is never valid: a tampered signature stays invalid.
          const rb = await patched(name, replacement, () => v[method](bad, { at: p.now }));
          assert.deepEqual(rb, wantBad, `${label} (tampered)`);
        }
      }
    }
  }
});

test('KeyObjects are cached per verifier (keyCacheSize), not re-created', async () => {
  for (const p of FAMILIES) {
    const env = sign(p, 'citizen_sign', p.request());
    const cached = verifier(p);
    const created = await counting('createPublicKey', async () => {
      cached.verifyRequestSync(env, { at: p.now });
      await cached.verifyRequest(env, { at: p.now });
      cached.verifyRequestSync(env, { at: p.now });
    });
    assert.equal(created.length, 2, `${p.family}: citizen and CA keys, once`);
    const uncached = verifier(p, { keyCacheSize: 0 });
    const again = await counting('createPublicKey', async () => {
      uncached.verifyRequestSync(env, { at: p.now });
      await uncached.verifyRequest(env, { at: p.now });
    });
    assert.equal(again.length, 4, p.family);
    const other = sign(p, 'citizen2_sign', p.request());
    const more = await counting('createPublicKey', () => cached.verifyRequestSync(other, { at: p.now }));
    assert.equal(more.length, 1, p.family);
  }
});

test('GOST makes no node:crypto calls (the core verifies it)', async () => {
  const p = testPki('gost2015');
  const v = verifier(p);
  const env = sign(p, 'citizen_sign', p.request());
  const bad = env.slice();
  bad[bad.length - 3] ^= 1;
  const calls = await counting('verify', async () => {
    const r = v.verifyRequestSync(env, { at: p.now });
    assert.equal(r.indication, 'valid', JSON.stringify(r.findings));
    assert.deepEqual(await v.verifyRequest(env, { at: p.now }), r);
    assert.deepEqual(r, v.verifyRequestSync(env, { at: p.now, crypto: 'wasm' }));
    assert.ok(codes(v.verifyRequestSync(bad, { at: p.now })).includes('SIGNATURE_INVALID'));
  });
  assert.deepEqual(calls, []);
  const keys = await counting('createPublicKey', () => v.verifyRequestSync(env, { at: p.now }));
  assert.deepEqual(keys, []);
});

test('forcing each path: node, webcrypto, wasm; bad values and unsupported combinations', async () => {
  const p = FAMILIES[0];
  const v = verifier(p);
  const env = sign(p, 'citizen_sign', p.request());
  const want = v.verifyRequestSync(env, { at: p.now, crypto: 'wasm' });
  const paths = async (crypto, fn) => {
    let node = 0;
    const web = await subtleCalls(() => patched('verify', function (original, ...args) {
      node++;
      return original.apply(this, args);
    }, fn));
    return { node, web };
  };
  assert.deepEqual(await paths('node', async () => assert.deepEqual(await v.verifyRequest(env, { at: p.now, crypto: 'node' }), want)), { node: 2, web: 0 });
  assert.deepEqual(await paths('node', () => assert.deepEqual(v.verifyRequestSync(env, { at: p.now, crypto: 'node' }), want)), { node: 2, web: 0 });
  assert.deepEqual(await paths('webcrypto', async () => assert.deepEqual(await v.verifyRequest(env, { at: p.now, crypto: 'webcrypto' }), want)), { node: 0, web: 2 });
  assert.deepEqual(await paths('wasm', async () => assert.deepEqual(await v.verifyRequest(env, { at: p.now, crypto: 'wasm' }), want)), { node: 0, web: 0 });
  assert.deepEqual(await paths('wasm', () => assert.deepEqual(v.verifyRequestSync(env, { at: p.now, crypto: 'wasm' }), want)), { node: 0, web: 0 });
  // WebCrypto is asynchronous only.
  assert.throws(() => v.verifyRequestSync(env, { at: p.now, crypto: 'webcrypto' }), { code: 'CONFIG' });
  assert.throws(() => v.verifyEnvelopeSync(env, { at: p.now, crypto: 'webcrypto' }), { code: 'CONFIG' });
  assert.throws(() => v.verifyRequestSync(env, { at: p.now, crypto: 'openssl' }), { code: 'MALFORMED' });
  await assert.rejects(v.verifyRequest(env, { at: p.now, crypto: 'Node' }), { code: 'MALFORMED' });
  // Results and arbitrary envelopes take the same path.
  const req = env;
  const res = sign(p, 'citizen_sign', egov.buildRequest(p.request()));
  const n = await paths('node', async () => {
    assert.deepEqual(v.verifyResultSync(res, { request: req, at: p.now }), v.verifyResultSync(res, { request: req, at: p.now, crypto: 'wasm' }));
    assert.deepEqual(await v.verifyEnvelope(res, { at: p.now }), v.verifyEnvelopeSync(res, { at: p.now, crypto: 'wasm' }));
  });
  assert.ok(n.node >= 2 && n.web === 0, JSON.stringify(n));
});

test('the options of crypto.verify (with the KeyObject) are kept per key: the same object on each call, none kept with keyCacheSize 0', async () => {
  for (const p of FAMILIES) {
    const env = sign(p, 'citizen_sign', p.request());
    for (const [keyCacheSize, kept] of [[16, true], [0, false]]) {
      const v = verifier(p, { keyCacheSize });
      const calls = await counting('verify', async () => {
        v.verifyRequestSync(env, { at: p.now });
        await v.verifyRequest(env, { at: p.now });
      });
      assert.equal(calls.length, 4, p.family);
      const [a, b, c, d] = calls.map((call) => call.args[2]);
      assert.notEqual(a, b, `${p.family}: one per key (document signer, CA)`);
      assert.notEqual(a.key, b.key, p.family);
      assert.equal(a === c && b === d, kept, `${p.family} keyCacheSize ${keyCacheSize}`);
      assert.ok(calls.every((call) => call.result === true), p.family);
    }
  }
});
