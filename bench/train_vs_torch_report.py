#!/usr/bin/env python3
"""Builds the table and the JSON file of bench/train_vs_torch.sh from the files its runs leave in WORK.

    python3 bench/train_vs_torch_report.py WORK --threads "1 2" --epochs 10 --data DESCRIPTION
                                           --out OUT.json [--torch-skipped REASON]

WORK holds, for each thread count N (written by bench/train_vs_torch.sh):

    vecnet-tN.log                    stdout of `./vecnet train` (the `data` line and `trained in X s`)
    vecnet-tN.wall                   the command's wall seconds, one number
    vecnet-tN/history-epochs.csv     the run's history (`val_accuracy` as a fraction, `seconds` per epoch)
    torch-tN.json                    stdout of bench/torch_train.py: one JSON line
    torch-tN.wall                    that process's wall seconds (start, import, load, training)
    java-version                     optional: the first line of `java -version`

Prints the table on stdout and writes the same numbers as JSON to OUT. Ratios are vecnet / PyTorch
times: below 1 vecnet is faster. Standard library only (no torch needed), so CI can test it.
"""
import argparse
import csv
import io
import json
import os
import re
import sys

TRAINED_RE = re.compile(r"trained in ([0-9]+(?:\.[0-9]+)?) s")
DATA_RE = re.compile(r"^data\s.*?:\s*([0-9]+) training, ([0-9]+) validation, ([0-9]+) test examples", re.M)

# The recipe both sides run; the shell script passes these options to `./vecnet train` and the matching
# ones to torch_train.py. Kept here so the JSON file records what was run.
RECIPE = {
    "arch": "784-256relu-128relu-10",
    "optimizer": "adam",
    "lr": 1e-3,
    "schedule": "constant",
    "l2": 0,
    "batch_size": 64,
    "validation_fraction": 0.1,
    "test_fraction": 0,
    "seed": 42,
    "standardise": "(x - mean) / std of the training part, population std, std 0 only centred",
}


class ReportError(Exception):
    """A run's output is missing or malformed: the comparison cannot be built."""


def trained_seconds(log):
    """The seconds of vecnet's `trained in X s` line (epochs and per-epoch evaluations)."""
    found = TRAINED_RE.findall(log)
    if not found:
        raise ReportError("no 'trained in X s' line in vecnet's output")
    return float(found[-1])


def data_counts(log):
    """(training, validation, test) example counts of vecnet's `data` line, or None without one."""
    m = DATA_RE.search(log)
    return tuple(int(g) for g in m.groups()) if m else None


def history(csv_text):
    """(final validation accuracy as a fraction, [seconds of each epoch]) of a history-epochs.csv."""
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    if not rows:
        raise ReportError("history-epochs.csv has no epoch rows")
    try:
        return float(rows[-1]["val_accuracy"]), [float(r["seconds"]) for r in rows]
    except (KeyError, TypeError, ValueError) as e:
        raise ReportError("history-epochs.csv: no usable val_accuracy / seconds column (%s)" % e)


def torch_result(text):
    """torch_train.py's JSON object: the last line of its output that is one."""
    for line in reversed(text.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict) and "train_s" in value:
            return value
    raise ReportError("no JSON result line in torch_train.py's output")


def ratio(a, b):
    """a / b to 4 decimals, or None when either is missing or b is not positive."""
    if a is None or b is None or b <= 0:
        return None
    return round(a / b, 4)


def build_report(vecnet, torch, meta=None):
    """The comparison as a dict (the JSON file's content).

    vecnet: {threads: {"wall_s", "trained_s", "val_accuracy", "epoch_s"}};
    torch:  {threads: torch_train.py's dict plus "wall_s"}, empty when PyTorch was skipped;
    meta:   anything else to record (recipe, data, host, versions).
    """
    runs = []
    for n in sorted(vecnet):
        v, t = vecnet[n], torch.get(n, {})
        runs.append({
            "threads": n,
            "vecnet_wall_s": v["wall_s"],
            "vecnet_trained_s": v["trained_s"],
            "vecnet_epoch_s": v.get("epoch_s"),
            "vecnet_val_accuracy": v["val_accuracy"],
            "torch_load_s": t.get("load_s"),
            "torch_train_s": t.get("train_s"),
            "torch_epoch_s": t.get("epoch_s"),
            "torch_wall_s": t.get("wall_s"),
            "torch_val_accuracy": t.get("val_accuracy"),
            "ratio_train": ratio(v["trained_s"], t.get("train_s")),
            "ratio_wall": ratio(v["wall_s"], t.get("wall_s")),
        })
    report = dict(meta or {})
    report["runs"] = runs
    report["vecnet_vs_best_torch"] = best_comparison(vecnet, torch)
    return report


def best_comparison(vecnet, torch):
    """vecnet on its most threads against PyTorch's better time over all its thread counts, training
    and wall time each picking its own best; None without PyTorch results.

    A user would run PyTorch with whichever thread count is faster on their machine (on a busy 2-core
    machine that can be 1), and vecnet with the threads it is given."""
    if not vecnet or not torch:
        return None
    n = max(vecnet)
    train_n = min(torch, key=lambda k: torch[k]["train_s"])
    wall_n = min(torch, key=lambda k: torch[k]["wall_s"])
    return {
        "vecnet_threads": n,
        "torch_best_train_threads": train_n,
        "torch_best_train_s": torch[train_n]["train_s"],
        "ratio_train": ratio(vecnet[n]["trained_s"], torch[train_n]["train_s"]),
        "torch_best_wall_threads": wall_n,
        "torch_best_wall_s": torch[wall_n]["wall_s"],
        "ratio_wall": ratio(vecnet[n]["wall_s"], torch[wall_n]["wall_s"]),
    }


def _num(value, fmt):
    return "-" if value is None else fmt % value


def format_table(report):
    """The report as the text table the script prints."""
    columns = [
        ("threads", "threads", "%d"),
        ("vecnet wall s", "vecnet_wall_s", "%.2f"),
        ("vecnet trained s", "vecnet_trained_s", "%.1f"),
        ("torch load s", "torch_load_s", "%.2f"),
        ("torch train s", "torch_train_s", "%.2f"),
        ("torch wall s", "torch_wall_s", "%.2f"),
        ("train ratio", "ratio_train", "%.2fx"),
        ("wall ratio", "ratio_wall", "%.2fx"),
        ("vecnet val acc", "vecnet_val_accuracy", None),
        ("torch val acc", "torch_val_accuracy", None),
    ]
    cells = [[title for title, _, _ in columns]]
    for run in report["runs"]:
        row = []
        for _, key, fmt in columns:
            value = run.get(key)
            if fmt is None:  # accuracies are fractions; shown as percentages
                row.append(_num(None if value is None else 100 * value, "%.2f%%"))
            else:
                row.append(_num(value, fmt))
        cells.append(row)
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in cells]
    if any(run["ratio_train"] is not None for run in report["runs"]):
        lines.append("ratios: vecnet / PyTorch time on the same thread count, below 1 vecnet is faster; train: "
                     "'trained in' against PyTorch's epochs,")
        lines.append("        both with the per-epoch evaluation; wall: the whole ./vecnet train command against "
                     "the whole PyTorch process")
    best = report.get("vecnet_vs_best_torch")
    if best:
        lines.append("vecnet on %d thread%s against PyTorch's better run: training %.2fx (PyTorch on %d), "
                     "wall %.2fx (PyTorch on %d)" % (
                         best["vecnet_threads"], "" if best["vecnet_threads"] == 1 else "s",
                         best["ratio_train"], best["torch_best_train_threads"],
                         best["ratio_wall"], best["torch_best_wall_threads"]))
    if report.get("torch_skipped"):
        lines.append("PyTorch side skipped: " + report["torch_skipped"])
    return "\n".join(lines)


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError as e:
        raise ReportError("cannot read %s: %s" % (path, e.strerror or e))


def _seconds(path):
    text = _read(path).strip()
    try:
        return float(text)
    except ValueError:
        raise ReportError("%s: not a number of seconds: %r" % (path, text))


def collect(work, threads, with_torch):
    """Reads the runs' files from WORK (layout in the module docstring): (vecnet, torch, data counts)."""
    vecnet, torch, counts = {}, {}, None
    for n in threads:
        log = _read(os.path.join(work, "vecnet-t%d.log" % n))
        accuracy, epoch_s = history(_read(os.path.join(work, "vecnet-t%d" % n, "history-epochs.csv")))
        vecnet[n] = {"wall_s": _seconds(os.path.join(work, "vecnet-t%d.wall" % n)),
                     "trained_s": trained_seconds(log), "val_accuracy": accuracy, "epoch_s": epoch_s}
        counts = counts or data_counts(log)
        if with_torch:
            torch[n] = dict(torch_result(_read(os.path.join(work, "torch-t%d.json" % n))),
                            wall_s=_seconds(os.path.join(work, "torch-t%d.wall" % n)))
    return vecnet, torch, counts


def cpu_model(cpuinfo="/proc/cpuinfo"):
    """The `model name` of /proc/cpuinfo, or None where there is none."""
    try:
        with open(cpuinfo) as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def parse_threads(text):
    try:
        threads = [int(t) for t in text.split()]
    except ValueError:
        threads = []
    if not threads or min(threads) < 1:
        raise ReportError("threads must be whole numbers from 1, was %r" % text)
    return sorted(set(threads))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("work")
    p.add_argument("--threads", default="1 2")
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--data", required=True, help="what the data is, for the JSON file")
    p.add_argument("--out", required=True)
    p.add_argument("--torch-skipped", default=None, help="why the PyTorch side did not run")
    args = p.parse_args(argv)
    try:
        threads = parse_threads(args.threads)
        vecnet, torch, counts = collect(args.work, threads, args.torch_skipped is None)
    except ReportError as e:
        print("train_vs_torch_report: " + str(e), file=sys.stderr)
        return 2
    java = os.path.join(args.work, "java-version")
    any_torch = next(iter(torch.values()), {})
    meta = {
        "recipe": dict(RECIPE, epochs=args.epochs),
        "data": args.data,
        "train_rows": counts[0] if counts else None,
        "val_rows": counts[1] if counts else None,
        "cpu": cpu_model(),
        "cpus": os.cpu_count(),
        "java": _read(java).strip() if os.path.isfile(java) else None,
        "torch": any_torch.get("torch"),
        "torch_batching": any_torch.get("batching"),
        "torch_skipped": args.torch_skipped,
    }
    report = build_report(vecnet, torch, meta)
    print(format_table(report))
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print("wrote " + args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
