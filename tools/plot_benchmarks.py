#!/usr/bin/env python3
"""Draws vecnet against its peers from JMH JSON results (bench/run ... -rf json -rff FILE).

    /usr/bin/python3 tools/plot_benchmarks.py OUT.png RESULT.json [RESULT.json ...] [--torch TORCH.json]

One panel per benchmark family found in the results, each comparing vecnet with the peer measured in
the same JMH run:
  - GemmBench: GFLOP/s against n, vecnet and OpenBLAS;
  - FusedLayerBench: layers per second, vecnet fused against OpenBLAS sgemm + a bias/ReLU loop;
  - InferenceBench: microseconds per batch-1 prediction, vecnet against ONNX Runtime, with the
    StreamReadBench floor (reading the weights once) when present;
  - TrainBench: microseconds per training step, vecnet against PyTorch (from bench/torch_baseline.py's
    JSON, given with --torch).
Needs matplotlib (Debian: python3-matplotlib). Renders without a display.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

VECNET = "#1f77b4"
PEER = "#ff7f0e"
FLOOR = "#7f7f7f"


def load_results(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            rows.extend(json.load(f))
    return rows


def pick(rows, cls, method):
    """{param values tuple: (primary score, secondary metrics)} for one benchmark method."""
    out = {}
    for r in rows:
        if r["benchmark"] == "dev.vecnet.bench.%s.%s" % (cls, method):
            key = tuple(r.get("params", {}).values())
            out[key] = (r["primaryMetric"]["score"], r.get("secondaryMetrics", {}))
    return out


def bars(ax, labels, series, ylabel, title, log=False):
    """Grouped bars: series is [(name, colour, [value per label])], None values skipped."""
    width = 0.8 / len(series)
    for s, (name, colour, values) in enumerate(series):
        xs = [i + (s - (len(series) - 1) / 2) * width for i in range(len(labels))]
        kept = [(x, v) for x, v in zip(xs, values) if v is not None]
        ax.bar([x for x, _ in kept], [v for _, v in kept], width, label=name, color=colour)
        for x, v in kept:
            ax.annotate(("%.3g" % v) if v < 1000 else "{:,.0f}".format(v), (x, v), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if log:
        ax.set_yscale("log")
    ax.legend(fontsize=8)


def gemm_panel(ax, rows):
    vec = pick(rows, "GemmBench", "vecnet")
    blas = pick(rows, "GemmBench", "openblas")
    ns = sorted({k[0] for k in vec} & {k[0] for k in blas}, key=int)
    for name, colour, data in (("vecnet", VECNET, vec), ("OpenBLAS", PEER, blas)):
        ax.plot([int(n) for n in ns], [data[(n,)][1]["gflop"]["score"] for n in ns], "o-", label=name, color=colour)
    ax.set_xscale("log", base=2)
    ax.set_xticks([int(n) for n in ns])
    ax.set_xticklabels(ns)
    ax.set_xlabel("n (square SGEMM, one thread)")
    ax.set_ylabel("GFLOP/s (higher is better)")
    ax.set_title("SGEMM")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)


def fused_panel(ax, rows):
    vec = pick(rows, "FusedLayerBench", "fusedForward")
    blas = pick(rows, "FusedLayerBench", "openblasThenBiasRelu")
    layers = sorted(set(vec) & set(blas))
    bars(ax, [k[0] for k in layers],
         [("vecnet fused", VECNET, [1e6 / vec[k][0] for k in layers]),
          ("OpenBLAS + loop", PEER, [1e6 / blas[k][0] for k in layers])],
         "us per layer (lower is better)", "Dense layer forward, batch 64", log=True)


def inference_panel(ax, rows):
    vec = pick(rows, "InferenceBench", "vecnet")
    onnx = pick(rows, "InferenceBench", "onnxruntime")
    floor = pick(rows, "StreamReadBench", "readOnce")
    workloads = sorted(set(vec) & set(onnx))
    floor_by_workload = {("W2",): ("28672",), ("W2b",): ("237568",)}
    series = [("vecnet", VECNET, [vec[k][0] for k in workloads]),
              ("ONNX Runtime", PEER, [onnx[k][0] for k in workloads])]
    if floor:
        series.append(("read weights once", FLOOR,
                       [floor.get(floor_by_workload.get(k), (None,))[0] for k in workloads]))
    bars(ax, [k[0] for k in workloads], series, "us per prediction (lower is better)",
         "Batch-1 inference", log=True)


def train_panel(ax, rows, torch_path):
    vec = pick(rows, "TrainBench", "vecnet")
    with open(torch_path) as f:
        torch = json.load(f)
    torch = torch.get("us_per_step", torch)

    def torch_us(w):
        v = torch.get(w)
        return v.get("us") if isinstance(v, dict) else v

    workloads = sorted(k for k in vec if torch_us(k[0]) is not None)
    bars(ax, [k[0] for k in workloads],
         [("vecnet", VECNET, [vec[k][0] for k in workloads]),
          ("PyTorch", PEER, [torch_us(k[0]) for k in workloads])],
         "us per training step (lower is better)", "Training step, one thread", log=True)


def main(argv):
    torch_path = None
    if "--torch" in argv:
        i = argv.index("--torch")
        torch_path = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if len(argv) < 2:
        sys.exit(__doc__)
    out, rows = argv[0], load_results(argv[1:])
    panels = []
    if pick(rows, "GemmBench", "vecnet"):
        panels.append(lambda ax: gemm_panel(ax, rows))
    if pick(rows, "FusedLayerBench", "fusedForward"):
        panels.append(lambda ax: fused_panel(ax, rows))
    if pick(rows, "InferenceBench", "vecnet"):
        panels.append(lambda ax: inference_panel(ax, rows))
    if torch_path and pick(rows, "TrainBench", "vecnet"):
        panels.append(lambda ax: train_panel(ax, rows, torch_path))
    if not panels:
        sys.exit("no GemmBench, FusedLayerBench, InferenceBench or TrainBench results in " + " ".join(argv[1:]))
    cols = 2 if len(panels) > 1 else 1
    rows_n = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows_n, cols, figsize=(6 * cols, 4.2 * rows_n), squeeze=False)
    for draw, ax in zip(panels, axes.flat):
        draw(ax)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.suptitle("vecnet against its peers, one thread, peers measured in the same run")
    fig.tight_layout()
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1:])
