"""Per-call overhead of the Python binding over native Rust for verify_request.

Same verifier configuration (test PKI root + CA, root/CA/delta CRLs, ЦОН/provider BINs),
same envelope, same verification time. Runs the native example (release) and the installed
egov_sign, prints both times and the ratio (goal: <= 1.2x).

    python bench/overhead.py [--iterations N] [--family p256|rsa] [--native-cmd CMD]
"""

import argparse
import json
import os
import pathlib
import shlex
import subprocess
import statistics
import sys
import tempfile
import time

import egov_sign
from egov_sign.testing import TestPki

ROOT = pathlib.Path(__file__).resolve().parents[3]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--family", default="p256", choices=["p256", "rsa"])
    ap.add_argument(
        "--native-cmd",
        default="cargo run -q --release -p egov-sign-python --example overhead_native --",
        help="command running the native timer (DIR and ITERATIONS are appended)",
    )
    args = ap.parse_args()
    pki = TestPki(args.family)
    crls = [pki.crls.root_full, pki.crls.ca_full, pki.crls.ca_delta]
    env = pki.sign(pki.citizen_sign, pki.citizen_portal_request())
    v = egov_sign.Verifier([pki.root.cert], [pki.ca.cert], crls,
                           operator_bins=[pki.CON_BIN], provider_bins=[pki.PROVIDER_BIN])
    n = args.iterations
    for _ in range(min(n, 50)):
        r = v.verify_request(env, at=pki.now)
    assert r.is_valid, r.findings

    def python_round(read_report: bool) -> float:
        start = time.perf_counter_ns()
        for _ in range(n):
            r = v.verify_request(env, at=pki.now)
            if read_report:  # also parse the report's contents from its JSON
                _ = r.signer["iin"], r.findings
        return (time.perf_counter_ns() - start) / n

    # The machine is shared: alternate native and Python rounds, compare minima and medians.
    native_ns, py_ns, py_read_ns = [], [], []
    with tempfile.TemporaryDirectory() as d:
        dp = pathlib.Path(d)
        (dp / "anchor.der").write_bytes(pki.root.cert)
        (dp / "intermediate.der").write_bytes(pki.ca.cert)
        for i, c in enumerate(crls):
            (dp / f"crl-{i}.der").write_bytes(c)
        (dp / "envelope.der").write_bytes(env)
        (dp / "at.txt").write_text(str(int(pki.now.timestamp())))
        (dp / "operator_bins.txt").write_text(pki.CON_BIN + "\n")
        (dp / "provider_bins.txt").write_text(pki.PROVIDER_BIN + "\n")
        cmd = shlex.split(args.native_cmd) + [str(dp), str(n)]
        for _ in range(args.rounds):
            out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
            native = json.loads(out.strip().splitlines()[-1])
            assert native["indication"] == "valid", native
            native_ns.append(native["ns_per_call"])
            py_ns.append(python_round(False))
            py_read_ns.append(python_round(True))

    med = statistics.median
    results = {
        "family": args.family,
        "iterations_per_round": n,
        "rounds": args.rounds,
        "native_us_min": min(native_ns) / 1000,
        "python_us_min": min(py_ns) / 1000,
        "python_read_report_us_min": min(py_read_ns) / 1000,
        "ratio_min": min(py_ns) / min(native_ns),
        "ratio_median": med(py_ns) / med(native_ns),
        "ratio_read_report_median": med(py_read_ns) / med(native_ns),
        "overhead_us_median": (med(py_ns) - med(native_ns)) / 1000,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
