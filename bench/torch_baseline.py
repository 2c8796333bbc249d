#!/usr/bin/env python3
"""PyTorch reference for TrainBench: time per training step of the same four workloads, one thread.

Each workload matches dev.vecnet.bench.TrainWorkload: same layer sizes, batch, loss, optimizer and
hyperparameters, one fixed random batch (seeded) trained on repeatedly. A step is
zero_grad + forward + loss + backward + optimizer.step, as vecnet's TrainingContext.forwardBackward + step.

    python3 bench/torch_baseline.py [--steps-time SECONDS] [--workloads W1,W1b,W3,W4]

Prints one JSON object: {"torch": version, "threads": 1, "us_per_step": {workload: median us}, "mean_us": {...}}.
"""
import argparse
import json
import os
import statistics
import sys
import time

# torch is imported in main(), after the environment is set, so that train_report.py can import the
# workload table without PyTorch installed.
torch = None
nn = None

# name: (batch, sizes input first)
WORKLOADS = {
    "W1": (64, [784, 256, 128, 10]),
    "W1b": (64, [784, 256, 128, 10]),
    "W3": (4, [3, 4, 1]),
    "W4": (256, [1024, 1024, 1024, 10]),
}


def step_gflop(name):
    """GEMM work of one step, as TrainWorkload.stepGflop(): forward and dW per layer, dX but the first."""
    batch, sizes = WORKLOADS[name]
    g = 0.0
    for layer, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        g += 2.0 * batch * fan_out * fan_in * 2 / 1e9
        if layer > 0:
            g += 2.0 * batch * fan_in * fan_out / 1e9
    return g


def build(name):
    batch, sizes = WORKLOADS[name]
    modules = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        modules.append(nn.Linear(fan_in, fan_out))
        if i == len(sizes) - 2:
            break
        if name == "W1b":
            modules.append(nn.BatchNorm1d(fan_out))
        modules.append(nn.Sigmoid() if name == "W3" else nn.ReLU())
        if name == "W1b":
            modules.append(nn.Dropout(0.5))
    model = nn.Sequential(*modules).train()
    g = torch.Generator().manual_seed(2)
    if name == "W3":
        x = torch.randint(0, 2, (batch, sizes[0]), generator=g).float()
        y = (x[:, 0] != x[:, 1]).float().unsqueeze(1)
        loss = nn.BCEWithLogitsLoss()
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
    else:
        x = torch.rand(batch, sizes[0], generator=g) * 2 - 1
        y = torch.randint(0, sizes[-1], (batch,), generator=g)
        loss = nn.CrossEntropyLoss()
        if name == "W1b":
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        else:
            opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    return model, x, y, loss, opt


def time_workload(name, seconds):
    torch.manual_seed(1)
    model, x, y, loss_fn, opt = build(name)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    warm_end = time.perf_counter() + max(1.0, seconds / 2)
    while time.perf_counter() < warm_end:
        step()
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < 20:
        t = time.perf_counter_ns()
        step()
        samples.append((time.perf_counter_ns() - t) / 1e3)
    return statistics.median(samples), statistics.fmean(samples), len(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per workload")
    parser.add_argument("--workloads", default=",".join(WORKLOADS), help="comma-separated subset")
    args = parser.parse_args()
    # Debian's PyTorch does its matrix products in OpenBLAS, whose own thread pool ignores
    # torch.set_num_threads: without these it runs W4 on both cores.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    global torch, nn
    import torch as torch_module
    torch = torch_module
    nn = torch_module.nn
    torch.set_num_threads(1)
    median, mean, steps = {}, {}, {}
    for name in args.workloads.split(","):
        median[name], mean[name], steps[name] = time_workload(name, args.seconds)
        print("torch_baseline: %s %.1f us/step (median of %d)" % (name, median[name], steps[name]), file=sys.stderr)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "us_per_step": median, "mean_us": mean, "steps": steps}))


if __name__ == "__main__":
    main()
