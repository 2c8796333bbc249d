#!/usr/bin/python3
"""Writes golden fixtures for dev.vecnet.optim from torch.optim.

Problem: a 3 -> 2 dense layer's parameters (weight [2, 3], bias [2]; 8 floats in vecnet's flat
order: weight row-major, then bias) start from fixed values; each of 100 steps feeds a fixed gradient
(seeded normal, written to the fixture) and records the parameters after the step.

Momentum and Nesterov use PyTorch's form (b = mu*b + g; w -= lr*b); with a constant learning rate
this equals the classic form vecnet implements (v = mu*v - lr*g; w += v) with v = -lr*b.

Usage: /usr/bin/python3 tools/make_optim_golden.py  (writes core/src/test/resources/golden/optim/)
"""
import os
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "core", "src", "test", "resources", "golden", "optim")
STEPS = 100

OPTIMIZERS = {
    "sgd": lambda g: torch.optim.SGD(g, lr=0.1),
    "momentum": lambda g: torch.optim.SGD(g, lr=0.05, momentum=0.9),
    "nesterov": lambda g: torch.optim.SGD(g, lr=0.05, momentum=0.9, nesterov=True),
    "adagrad": lambda g: torch.optim.Adagrad(g, lr=0.1, eps=1e-10),
    "rmsprop": lambda g: torch.optim.RMSprop(g, lr=0.01, alpha=0.99, eps=1e-8),
    "adam": lambda g: torch.optim.Adam(g, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
    "adamw": lambda g: torch.optim.AdamW(g, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1),
}


def fmt(t):
    return " ".join("%.9g" % float(x) for x in t.flatten().tolist())


def main():
    os.makedirs(OUT, exist_ok=True)
    gen = torch.Generator().manual_seed(7)
    w0 = torch.randn(2, 3, generator=gen)
    b0 = torch.randn(2, generator=gen)
    grads = [(torch.randn(2, 3, generator=gen), torch.randn(2, generator=gen)) for _ in range(STEPS)]
    with open(os.path.join(OUT, "gradients.txt"), "w") as f:
        f.write(fmt(torch.cat([w0.flatten(), b0])) + "\n")
        for gw, gb in grads:
            f.write(fmt(torch.cat([gw.flatten(), gb])) + "\n")
    for name, make in OPTIMIZERS.items():
        w = w0.clone().requires_grad_(True)
        b = b0.clone().requires_grad_(True)
        groups = [{"params": [w]}, {"params": [b], "weight_decay": 0.0}]
        opt = make(groups)
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            for gw, gb in grads:
                w.grad = gw.clone()
                b.grad = gb.clone()
                opt.step()
                f.write(fmt(torch.cat([w.detach().flatten(), b.detach()])) + "\n")


if __name__ == "__main__":
    main()
