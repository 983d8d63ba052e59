#!/usr/bin/env python3
"""Summarise the criterion output and the CRL memory measurements; draw the plot.

Usage: python3 benches/plot.py [--criterion target/criterion] [--mem benches/results/crl-mem.json]
                               [--out benches/results]

Reads target/criterion/**/new/estimates.json (slope, else mean, point estimates) and the JSON lines
written by `crl-mem all`, writes <out>/summary.md (tables + ratios against the goals) and
<out>/crl-scaling.svg (verify / load time and memory against CRL size). Standard library
only: the SVG is written by hand.
"""
import argparse
import json
import math
import os
import sys


def load_estimates(root):
    est = {}
    for dirpath, _dirs, files in os.walk(root):
        if "estimates.json" in files and os.path.basename(dirpath) == "new":
            key = os.path.relpath(os.path.dirname(dirpath), root)
            with open(os.path.join(dirpath, "estimates.json")) as f:
                e = json.load(f)
                # What criterion prints: the slope of the linear regression when it was
                # sampled linearly, else the mean.
                est[key] = ((e.get("slope") or e["mean"])["point_estimate"])  # ns
    return est


def fmt_time(ns):
    if ns is None:
        return "–"
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


def summary(est, mem):
    out = []
    g = est.get
    out.append("### verify_request against the floor (goal ≤ 1.2×)\n")
    out.append("`egov`: repeat signer (the verifier's certificate cache holds the signer's parsed "
               "certificate); `cold`: cache off, the certificate parsed on every call; "
               "`+ fingerprint`: `egov` and the report's envelope SHA-256 read.\n")
    out.append("| chain | egov-sign | floor (2 ring checks) | ratio | cold | ratio | + fingerprint | ratio |")
    out.append("|---|---|---|---|---|---|---|---|")
    for alg in ["rsa2048", "p256", "ed25519"]:
        e, f = g(f"verify/{alg}/egov"), g(f"verify/{alg}/floor")
        c, fp = g(f"verify/{alg}/egov-cold"), g(f"verify/{alg}/egov+fingerprint")
        out.append(f"| {alg} | {fmt_time(e)} | {fmt_time(f)} | {ratio(e, f)} | {fmt_time(c)} | {ratio(c, f)} | {fmt_time(fp)} | {ratio(fp, f)} |")
    out.append("\n### Against peers, same chain and CRLs (goal: faster than both; ≥ 20× webpki at 100,000)\n")
    out.append("| chain / CA CRL entries | egov-sign | rustls-webpki | OpenSSL CMS_verify | webpki ÷ egov | OpenSSL ÷ egov |")
    out.append("|---|---|---|---|---|---|")
    for alg in ["rsa2048", "p256", "ed25519"]:
        for n in ["small", "10000", "100000", "1000000"]:
            e = g(f"peers/{alg}_{n}/egov")
            if e is None:
                continue
            w, o = g(f"peers/{alg}_{n}/webpki"), g(f"peers/{alg}_{n}/openssl")
            label = "3 (test PKI)" if n == "small" else f"{int(n):,}"
            if alg == "ed25519" and n == "small":
                label = "10"
            out.append(f"| {alg} / {label} | {fmt_time(e)} | {fmt_time(w)} | {fmt_time(o)} | {ratio(w, e)} | {ratio(o, e)} |")
    out.append("\n### CRL load (parse + signature check + index; goal 1,000,000 in ≤ 0.5 s, ≤ 64 MB) and lookup\n")
    out.append("| entries | DER | load (criterion) | x509-parser parse alone | lookup hit | lookup miss | index heap | peak RSS during load (DER included) | load on top of the DER |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    by_n = {m["entries"]: m for m in mem}
    for n in [10000, 100000, 1000000]:
        m = by_n.get(n, {})
        mb = lambda k: f"{m[k] / 2**20:.1f} MiB" if k in m else "–"
        out.append(
            f"| {n:,} | {mb('der_bytes')} | {fmt_time(g(f'crl_load/{n}'))} | {fmt_time(g(f'crl_parse_x509_parser/{n}'))} | "
            f"{fmt_time(g(f'crl_lookup/{n}/hit'))} | {fmt_time(g(f'crl_lookup/{n}/miss'))} | {mb('index_heap_bytes')} | "
            f"{mb('peak_rss')} | {mb('load_extra')} |"
        )
    out.append("\n### Throughput of one shared Verifier (P-256 chain; goal ≥ 1.8× on 2 threads)\n")
    out.append("Each of *t* threads makes the same number of calls; time per round = the time for every thread to make one call.\n")
    out.append("| series | 1 thread | 2 threads | calls / s on 2 threads | speed-up |")
    out.append("|---|---|---|---|---|")
    for name, label in [("p256", "egov-sign (certificate cache on)"), ("p256-cold", "egov-sign, cache off"), ("p256-floor", "floor (2 ring checks): the machine's ceiling")]:
        t1, t2 = g(f"throughput/{name}/1"), g(f"throughput/{name}/2")
        if t1 and t2:
            out.append(f"| {label} | {fmt_time(t1)} | {fmt_time(t2)} | {2e9 / t2:,.0f} | {2 * t1 / t2:.2f}× |")
    out.append("\n### sign (cms::sign of a request)\n")
    out.append("| key | time |")
    out.append("|---|---|")
    for alg in ["rsa2048", "p256", "ed25519"]:
        out.append(f"| {alg} | {fmt_time(g(f'sign/{alg}'))} |")
    return "\n".join(out) + "\n"


def svg_plot(est, mem, path):
    W, H = 980, 420
    panels = [(70, 40, 400, 300), (560, 40, 400, 300)]
    xs = [10000, 100000, 1000000]
    lx = lambda x, p: p[0] + (math.log10(x) - 4) / 2 * p[2]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
    ]

    def axes(p, title, ylabel, ymin, ymax, log=True):
        x0, y0, w, h = p
        parts.append(f'<text x="{x0 + w / 2}" y="{y0 - 15}" text-anchor="middle" font-size="14" font-weight="bold">{title}</text>')
        parts.append(f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#333"/>')
        for x in xs:
            X = lx(x, p)
            parts.append(f'<line x1="{X}" y1="{y0}" x2="{X}" y2="{y0 + h}" stroke="#ddd"/>')
            parts.append(f'<text x="{X}" y="{y0 + h + 16}" text-anchor="middle">{x:,}</text>')
        parts.append(f'<text x="{x0 + w / 2}" y="{y0 + h + 34}" text-anchor="middle">CRL entries</text>')
        lo, hi = math.floor(math.log10(ymin)), math.ceil(math.log10(ymax))
        ly = lambda v: y0 + h - (math.log10(v) - lo) / (hi - lo) * h
        for e in range(lo, hi + 1):
            Y = ly(10 ** e)
            parts.append(f'<line x1="{x0}" y1="{Y}" x2="{x0 + w}" y2="{Y}" stroke="#ddd"/>')
            lab = f"{10 ** e:g}"
            parts.append(f'<text x="{x0 - 6}" y="{Y + 4}" text-anchor="end">{lab}</text>')
        parts.append(f'<text transform="translate({x0 - 50},{y0 + h / 2}) rotate(-90)" text-anchor="middle">{ylabel}</text>')
        return ly

    def series(p, ly, pts, color, label, i, dash=""):
        pts = [(x, y) for x, y in pts if y]
        if not pts:
            return
        d = " ".join(f"{lx(x, p):.1f},{ly(y):.1f}" for x, y in pts)
        parts.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="2" {dash}/>')
        for x, y in pts:
            parts.append(f'<circle cx="{lx(x, p):.1f}" cy="{ly(y):.1f}" r="3.5" fill="{color}"/>')
        lxp, lyp = p[0] + 10, p[1] + 16 + 16 * i
        parts.append(f'<line x1="{lxp}" y1="{lyp - 4}" x2="{lxp + 22}" y2="{lyp - 4}" stroke="{color}" stroke-width="2" {dash}/>')
        parts.append(f'<text x="{lxp + 28}" y="{lyp}">{label}</text>')

    g = est.get
    ms = lambda ns: ns / 1e6 if ns else None
    t_series = [
        ("egov-sign verify_request (RSA)", [ms(g(f"peers/rsa2048_{x}/egov")) for x in xs], "#1f77b4", ""),
        ("rustls-webpki (RSA)", [ms(g(f"peers/rsa2048_{x}/webpki")) for x in xs], "#d62728", ""),
        ("OpenSSL CMS_verify (RSA)", [ms(g(f"peers/rsa2048_{x}/openssl")) for x in xs], "#ff7f0e", ""),
        ("egov-sign CRL load, once", [ms(g(f"crl_load/{x}")) for x in xs], "#2ca02c", 'stroke-dasharray="6,4"'),
    ]
    vals = [v for _, ys, _, _ in t_series for v in ys if v]
    if vals:
        ly = axes(panels[0], "Time against CRL size", "milliseconds (log)", min(vals), max(vals))
        for i, (label, ys, color, dash) in enumerate(t_series):
            series(panels[0], ly, list(zip(xs, ys)), color, label, i, dash)
    by_n = {m["entries"]: m for m in mem}
    mib = lambda n, k: by_n.get(n, {}).get(k, 0) / 2**20 or None
    m_series = [
        ("CRL DER size", [mib(x, "der_bytes") for x in xs], "#7f7f7f", 'stroke-dasharray="3,3"'),
        ("index (retained)", [mib(x, "index_heap_bytes") for x in xs], "#2ca02c", ""),
        ("load on top of the DER (peak)", [mib(x, "load_extra") for x in xs], "#1f77b4", ""),
        ("peak RSS, DER included", [mib(x, "peak_rss") for x in xs], "#9467bd", ""),
    ]
    vals = [v for _, ys, _, _ in m_series for v in ys if v]
    if vals:
        ly = axes(panels[1], "Memory of a CRL load", "MiB (log)", min(vals), max(max(vals), 64))
        Y = ly(64)
        x0, _, w, _ = panels[1]
        parts.append(f'<line x1="{x0}" y1="{Y}" x2="{x0 + w}" y2="{Y}" stroke="#d62728" stroke-dasharray="2,2"/>')
        parts.append(f'<text x="{x0 + w - 4}" y="{Y - 4}" text-anchor="end" fill="#d62728">64 MB goal</text>')
        for i, (label, ys, color, dash) in enumerate(m_series):
            series(panels[1], ly, list(zip(xs, ys)), color, label, i, dash)
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--criterion", default="target/criterion")
    ap.add_argument("--mem", default="benches/results/crl-mem.json")
    ap.add_argument("--out", default="benches/results")
    a = ap.parse_args()
    est = load_estimates(a.criterion)
    if not est:
        sys.exit(f"no criterion estimates under {a.criterion}: run `cargo bench -p egov-sign-benches` first")
    mem = json.load(open(a.mem)) if os.path.exists(a.mem) else []
    os.makedirs(a.out, exist_ok=True)
    text = summary(est, mem)
    with open(os.path.join(a.out, "summary.md"), "w") as f:
        f.write(text)
    svg_plot(est, mem, os.path.join(a.out, "crl-scaling.svg"))
    print(text)
    print(f"wrote {a.out}/summary.md and {a.out}/crl-scaling.svg")


if __name__ == "__main__":
    main()
