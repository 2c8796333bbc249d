#!/usr/bin/env python3
"""Prints TrainBench's results beside PyTorch's: time per step, ratio, target, allocation, GEMM rate.

    python3 bench/train_report.py target/jmh-result.json torch.json

The first file is JMH's JSON result (-rf json); the second is torch_baseline.py's output (optional:
without it only vecnet's side is printed).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_baseline import WORKLOADS, step_gflop  # noqa: E402  (needs no torch at import time)

# workload: (description, test on (vecnet us, torch us, openblas us) -> bool or None)
TARGETS = {
    "W1": ("<= 0.6x PyTorch", lambda v, t, o: None if t is None else v <= 0.6 * t),
    "W1b": ("<= 0.25x PyTorch", lambda v, t, o: None if t is None else v <= 0.25 * t),
    "W3": ("<= 1 us/step", lambda v, t, o: v <= 1.0),
    "W4": (">= 0.8x OpenBLAS GFLOP/s", lambda v, t, o: None if o is None else o / v >= 0.8),
}


def jmh_results(path):
    """{(method, workload): (score us/op, B/op or None)} of TrainBench."""
    out = {}
    for r in json.load(open(path)):
        name = r["benchmark"]
        if ".TrainBench." not in name:
            continue
        method = name.rsplit(".", 1)[1]
        workload = r.get("params", {}).get("workload")
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        out[(method, workload)] = (r["primaryMetric"]["score"], alloc)
    return out


def main():
    jmh = jmh_results(sys.argv[1])
    torch_us = {}
    if len(sys.argv) > 2 and os.path.isfile(sys.argv[2]) and os.path.getsize(sys.argv[2]) > 0:
        torch_us = json.load(open(sys.argv[2])).get("us_per_step", {})
    if not jmh:
        print("train_report: no TrainBench results in " + sys.argv[1])
        return
    print("%-5s %12s %12s %7s %10s %-26s %-7s %12s %12s" % (
        "work", "vecnet us", "PyTorch us", "ratio", "B/op", "target", "met", "vecnet GF/s", "OpenBLAS GF/s"))
    for name in WORKLOADS:
        if ("vecnet", name) not in jmh:
            continue
        v, alloc = jmh[("vecnet", name)]
        t = torch_us.get(name)
        o = jmh.get(("openblasGemm", name), (None, None))[0]
        target, test = TARGETS[name]
        met = test(v, t, o)
        gflop = step_gflop(name)
        print("%-5s %12.2f %12s %7s %10s %-26s %-7s %12.1f %12s" % (
            name, v, "-" if t is None else "%.2f" % t, "-" if t is None else "%.3f" % (v / t),
            "-" if alloc is None else "%.3f" % alloc, target, {True: "yes", False: "NO", None: "?"}[met],
            gflop / v * 1e6, "-" if o is None else "%.1f" % (gflop / o * 1e6)))


if __name__ == "__main__":
    main()
