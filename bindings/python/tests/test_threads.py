"""One Verifier shared between threads; verification releases the GIL."""

import sys
import threading
from concurrent.futures import ThreadPoolExecutor


def test_one_verifier_shared_by_many_threads(p256):
    p = p256
    v = p.verifier()
    good = p.sign(p.citizen_sign, p.citizen_portal_request())
    bad = p.sign(p.revoked_sign, p.citizen_portal_request())
    jobs = [(good, "valid") if i % 2 == 0 else (bad, "invalid") for i in range(200)]

    def check(job):
        env, want = job
        r = v.verify_request(env, at=p.now)
        return r.indication == want and (want == "valid" or r.codes == ["CERT_REVOKED"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(check, jobs))
    assert len(results) == 200 and all(results)


def test_verification_releases_the_gil(p256):
    """A pure-Python thread makes progress while another thread is inside verify_request.

    With the GIL held during verification, the counting thread could only run between
    calls (at the interpreter's switch interval); with it released, it runs *during* the
    native call. We record, around each call, the counter before and after, and require
    that it advanced while a call was in flight for some calls — a property of the
    behaviour, not of the timing: the switch interval is raised to 0.25 s, far longer than
    the few Python bytecodes between two calls, so a GIL held by the caller is not handed
    over between `before` and the call (and never inside a native call that keeps it).
    """
    p = p256
    v = p.verifier()
    env = p.sign(p.citizen_sign, p.citizen_portal_request())
    counter = [0]
    stop = threading.Event()
    progressed = []

    def spin():
        while not stop.is_set():
            counter[0] += 1

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.25)
    t = threading.Thread(target=spin)
    try:
        t.start()
        for _ in range(50):
            before = counter[0]
            r = v.verify_request(env, at=p.now)
            after = counter[0]
            assert r.is_valid
            progressed.append(after > before)
            if any(progressed):
                break
    finally:
        stop.set()
        sys.setswitchinterval(old)
        t.join()
    assert any(progressed), "the counting thread never ran during a verification"
