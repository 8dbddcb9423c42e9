#!/usr/bin/env python3
# report.py — turns JMH JSON results into the published table (GB/s, % of the copy probe, speed-up over the peer)
# plus a summary JSON, and guards throughput: compares ratios with benchmarks/baseline.json (exit 1 on a regression).
"""Usage:
  report.py table   OUT_PREFIX JMH.json...          write OUT_PREFIX.md and OUT_PREFIX.json
  report.py compare BASELINE.json SUMMARY.json [FLAGGED.txt]  exit 1 if a guarded ratio dropped more than the
                                                     threshold; FLAGGED.txt lists those benchmarks (for a rerun)
  report.py baseline THRESHOLD SUMMARY.json... > BASELINE.json  mean ratio per benchmark over runs
  report.py noise   SUMMARY.json...                  run-to-run spread of every ratio (justifies the threshold)
  report.py publish SUMMARY.md DOC.md                put the table between DOC.md's table:begin/end markers

Conventions (BENCHMARKS.md): bytes per merge = base + N fine-tunes read + output written; the copy probe counts
bytes read + written; ratio = merge GB/s / copy-probe GB/s measured in the same run (the best copy rate of the
probes run at the start and the end of the profile, 1 or 2 threads). GB/s is taken from
the best (fastest) measured iteration of each benchmark: on a shared machine interference only ever adds time, so
the best iteration estimates the machine's own speed far more stably than the mean (run-to-run spread in
BENCHMARKS.md). The mean ms/op and JMH's 99.9% error are reported next to it.
"""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

SIZE = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8}
# Guarded benchmark classes: our code. The probe is the denominator and the peer is not ours.
GUARDED = ("MergeChunkBench", "TensorMergeBench", "EndToEndBench")


def short(bench):
    cls, method = bench.split(".")[-2:]
    return cls, method


def bytes_per_op(cls, method, p):
    if cls == "ProbeBench":
        return int(p["bytes"]) * (2 if method == "copy" else 1)
    models = int(p["models"])
    size = SIZE[p["dtype"]]
    if cls == "MergeChunkBench":
        n = int(p["n"])
    elif cls in ("TensorMergeBench", "PeerBench"):
        n = int(p["elements"])
    elif cls == "EndToEndBench":
        n = int(p["elementsM"]) << 20
    else:
        raise SystemExit("report.py: no byte formula for " + cls)
    return n * size * (models + 2)


def key(cls, method, p):
    return cls + "." + method + ":" + ",".join(k + "=" + p[k] for k in sorted(p))


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) // (1024 * 1024)
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem, "os": platform.platform()}


def load(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            rows.extend(json.load(f))
    return rows


def table(prefix, paths):
    raw = load(paths)
    if not raw:
        raise SystemExit("report.py: no results in " + " ".join(paths))
    rows = []
    for r in raw:
        cls, method = short(r["benchmark"])
        p = r["params"]
        ms = r["primaryMetric"]["score"]
        if r["primaryMetric"]["scoreUnit"] != "ms/op":
            raise SystemExit("report.py: expected ms/op, got " + r["primaryMetric"]["scoreUnit"])
        b = bytes_per_op(cls, method, p)
        samples = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        best = min(samples)
        err = r["primaryMetric"]["scoreError"]
        rows.append({"key": key(cls, method, p), "class": cls, "method": method, "params": p, "ms_per_op": ms,
                     "ms_error": err if isinstance(err, (int, float)) else None, "best_ms_per_op": best,
                     "samples": len(samples), "bytes_per_op": b, "gb_per_s": b / (best / 1e3) / 1e9,
                     "mean_gb_per_s": b / (ms / 1e3) / 1e9, "forks": r["forks"]})
    # The probe runs at the start and the end of a profile, and the guard reruns what it flagged: keep each
    # benchmark's best occurrence (interference only ever slows a run down). The denominator is the best copy
    # rate (1 or 2 threads): the machine's copy bandwidth, least disturbed by other processes.
    best_rows = {}
    for x in rows:
        if x["key"] not in best_rows or x["gb_per_s"] > best_rows[x["key"]]["gb_per_s"]:
            best_rows[x["key"]] = x
    rows = list(best_rows.values())
    best_rows = {k: x for k, x in best_rows.items() if x["class"] == "ProbeBench"}
    probes = {(x["method"], x["params"]["threads"]): x["gb_per_s"] for x in best_rows.values()}
    copies = [v for (m, _), v in probes.items() if m == "copy"]
    if not copies:
        raise SystemExit("report.py: no copy probe in the results; every ratio needs it")
    copy = max(copies)
    peers = {}
    for x in rows:
        if x["class"] == "PeerBench":
            peers[(x["params"]["dtype"], x["params"]["elements"])] = x["gb_per_s"]
    for x in rows:
        x["ratio"] = x["gb_per_s"] / copy
        x["speedup"] = None
        p = x["params"]
        if x["class"] == "TensorMergeBench" and p.get("method") == "breadcrumbs":
            same = peers.get((p["dtype"], p["elements"]))
            other = [v for (d, _), v in peers.items() if d == p["dtype"]]
            if same is not None:
                x["speedup"] = x["gb_per_s"] / same
            elif other:
                x["speedup"] = x["gb_per_s"] / max(other)  # a peer at another size: quote against its best
                x["speedup_note"] = "peer at another size"
    first = raw[0]
    summary = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": machine(), "jvm": first.get("vmName", "") + " " + first.get("vmVersion", ""),
               "jmh": first.get("jmhVersion"), "probe_copy_gb_per_s": copy,
               "probes": {m + "_" + t + "t": v for (m, t), v in probes.items()}, "rows": rows}
    with open(prefix + ".json", "w") as f:
        json.dump(summary, f, indent=1)
    with open(prefix + ".md", "w") as f:
        f.write(markdown(summary))
    sys.stdout.write(markdown(summary))


def fmt_size(n):
    n = int(n)
    for unit, v in (("Mi", 1 << 20), ("Ki", 1 << 10)):
        if n % v == 0:
            return str(n // v) + unit
    return str(n)


def markdown(s):
    m = s["machine"]
    out = ["Measured %s on %s (%s cores, %s GiB), %s, JMH %s." % (s["date"], m["cpu"], m["cores"], m["memory_gib"],
                                                                  s["jvm"].strip(), s["jmh"]), ""]
    out.append("Bandwidth probe (same run): " + ", ".join(
        "%s %.1f GB/s" % (k.replace("_", " "), v) for k, v in sorted(s["probes"].items())) + ".")
    out.append("GB/s = bytes per op ÷ best iteration's time; %% of probe = GB/s ÷ best copy probe (%.1f GB/s, bytes"
               " read + written)." % s["probe_copy_gb_per_s"])
    out.append("")
    out.append("| benchmark | backend | method | dtype | elements | N | threads | ms/op (mean ± err) | best ms/op | GB/s | % of probe | speed-up vs peer |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    order = {"ProbeBench": 0, "TensorMergeBench": 1, "PeerBench": 2, "MergeChunkBench": 3, "EndToEndBench": 4}
    rows = sorted(s["rows"], key=lambda x: (order.get(x["class"], 9), x["method"], x["params"].get("method", ""),
                                             x["params"].get("dtype", ""), -int(x["params"].get("elements", x["params"].get("n", "0"))),
                                             ["avx2", "cuda", "scalar", "java"].index(x["params"].get("backend", "avx2")),
                                             x["params"].get("models", ""), x["params"].get("threads", "")))
    for x in rows:
        p = x["params"]
        cls = x["class"]
        if cls == "ProbeBench":
            name, backend, method, dtype, elems, n = "probe " + x["method"], "—", "—", "—", fmt_size(p["bytes"]) + "B", "—"
        else:
            name = {"TensorMergeBench": "tensor (TensorMerger)", "PeerBench": "peer (sort-based, plain Java)",
                    "MergeChunkBench": "kernel mergeChunk", "EndToEndBench": "end-to-end files→files"}[cls]
            backend = p.get("backend", "plain Java")
            method = p.get("method", "breadcrumbs")
            dtype = p["dtype"]
            elems = fmt_size(p.get("elements") or p.get("n") or (int(p["elementsM"]) << 20))
            n = p["models"]
        sp = "—" if x["speedup"] is None else "%.1f×" % x["speedup"] + (" ¹" if x.get("speedup_note") else "")
        err = "" if x["ms_error"] is None else " ± %.2f" % x["ms_error"]
        out.append("| %s | %s | %s | %s | %s | %s | %s | %.2f%s | %.2f | %.2f | %.1f%% | %s |" % (
            name, backend, method, dtype, elems, n, p.get("threads", "1"), x["ms_per_op"], err, x["best_ms_per_op"],
            x["gb_per_s"], 100 * x["ratio"], sp))
    if any(x.get("speedup_note") for x in rows):
        out.append("")
        out.append("¹ against the peer measured at another size (the best peer GB/s of that dtype).")
    out.append("")
    return "\n".join(out)


def guarded(summary):
    return {x["key"]: x["ratio"] for x in summary["rows"] if x["class"] in GUARDED}


def compare(baseline_path, summary_path, flagged_out=None):
    with open(baseline_path) as f:
        base = json.load(f)
    with open(summary_path) as f:
        now = guarded(json.load(f))
    thr = base["threshold"]
    bad = []
    print("guard: ratio to the copy probe vs %s (threshold: a drop of more than %.0f%%)" % (baseline_path, 100 * thr))
    for k in sorted(base["ratios"]):
        if k not in now:
            print("  missing   %s (not run this time)" % k)
            continue
        b, n = base["ratios"][k], now[k]
        change = n / b - 1
        flag = change < -thr
        print("  %-9s %+6.1f%%  %.4f -> %.4f  %s" % ("REGRESSED" if flag else "ok", 100 * change, b, n, k))
        if flag:
            bad.append(k)
    for k in sorted(set(now) - set(base["ratios"])):
        print("  new       %s (no baseline; add it with benchmarks/run quick --update-baseline)" % k)
    if flagged_out:
        with open(flagged_out, "w") as f:
            for k in bad:
                f.write(k + "\n")
    if bad:
        print("guard: %d benchmark(s) regressed beyond %.0f%%" % (len(bad), 100 * thr))
        return 1
    print("guard: no regression")
    return 0


def spreads(paths):
    runs = []
    for p in paths:
        with open(p) as f:
            runs.append(guarded(json.load(f)))
    keys = sorted(set.intersection(*(set(r) for r in runs)))
    out = {}
    for k in keys:
        v = [r[k] for r in runs]
        mean = statistics.mean(v)
        out[k] = (mean, min(v) / mean - 1, max(v) / mean - 1)
    return out


def noise(paths):
    s = spreads(paths)
    worst = 0
    for k, (mean, lo, hi) in sorted(s.items(), key=lambda kv: kv[1][1]):
        worst = min(worst, lo)
        print("%+6.1f%% %+6.1f%%  mean %.4f  %s" % (100 * lo, 100 * hi, mean, k))
    print("largest drop below the mean over %d runs: %.1f%%" % (len(paths), -100 * worst))


def baseline(paths, threshold):
    s = spreads(paths)
    return {"comment": "ratio (GB/s / copy probe) per quick-profile benchmark, mean of %d runs; see BENCHMARKS.md"
                       % len(paths), "threshold": threshold, "ratios": {k: round(v[0], 5) for k, v in s.items()}}


def publish(summary_md, doc):
    with open(summary_md) as f:
        table_md = f.read().strip()
    with open(doc) as f:
        text = f.read()
    begin, end = "<!-- table:begin -->", "<!-- table:end -->"
    if begin not in text or end not in text:
        raise SystemExit("report.py: %s has no %s ... %s markers" % (doc, begin, end))
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(doc, "w") as f:
        f.write(head + begin + "\n" + table_md + "\n" + end + tail)


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd = argv[1]
    if cmd == "table" and len(argv) >= 4:
        table(argv[2], argv[3:])
        return 0
    if cmd == "compare" and len(argv) in (4, 5):
        return compare(argv[2], argv[3], argv[4] if len(argv) == 5 else None)
    if cmd == "publish" and len(argv) == 4:
        publish(argv[2], argv[3])
        return 0
    if cmd == "noise" and len(argv) >= 3:
        noise(argv[2:])
        return 0
    if cmd == "baseline" and len(argv) >= 4:
        thr = float(argv[2])
        json.dump(baseline(argv[3:], thr), sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
