#!/usr/bin/python3
"""Writes the PyTorch golden fixtures that vecnet's parity tests compare against.

Each case builds a small nn.Sequential in float32, runs one training-mode forward and backward on a
fixed batch, and writes every tensor the Java test needs: parameters, input, labels or targets, the
output scores, the loss, every gradient (parameters and input), BatchNorm's running statistics after
the step, and the evaluation-mode output after the step.

vecnet's conventions, reproduced here so the numbers are comparable:
  * loss = mean data loss + (l2 / 2) * sum of squared weights of Linear layers (not biases, PReLU
    slopes or BatchNorm parameters);
  * the multiclass hinge is the course's sum over j != y of max(0, s_j - s_y + 1), averaged over the
    batch: PyTorch's MultiMarginLoss times the number of classes;
  * maxout with k pieces is a Linear with units * k outputs, piece-major within a unit, maxed over
    the pieces.

Run from the repository root:  /usr/bin/python3 tools/make_golden.py  (Debian's python3-torch)
Output: core/src/test/resources/golden/<case>.txt, one "name count v1 v2 ..." line per tensor.
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "core", "src", "test", "resources", "golden")


class Maxout(nn.Module):
    def __init__(self, n_in, units, pieces):
        super().__init__()
        self.units, self.pieces = units, pieces
        self.linear = nn.Linear(n_in, units * pieces)

    def forward(self, x):
        z = self.linear(x)
        return z.view(x.shape[0], self.units, self.pieces).max(dim=2).values


def build(n_in, spec):
    """spec: list of (kind, args); returns the Sequential and the token string the Java test reads."""
    modules, tokens, width = [], [], n_in
    for kind, *args in spec:
        if kind == "dense":
            modules.append(nn.Linear(width, args[0]))
            width = args[0]
        elif kind == "maxout":
            modules.append(Maxout(width, args[0], args[1]))
            width = args[0]
        elif kind == "relu":
            modules.append(nn.ReLU())
        elif kind == "leaky_relu":
            modules.append(nn.LeakyReLU(args[0]))
        elif kind == "elu":
            modules.append(nn.ELU(args[0]))
        elif kind == "sigmoid":
            modules.append(nn.Sigmoid())
        elif kind == "tanh":
            modules.append(nn.Tanh())
        elif kind == "prelu":
            modules.append(nn.PReLU(num_parameters=width if args[0] else 1))
        elif kind == "batchnorm":
            modules.append(nn.BatchNorm1d(width))
        elif kind == "dropout":
            modules.append(nn.Dropout(args[0]))
        else:
            raise ValueError(kind)
        tokens.append(" ".join([kind] + [str(a) for a in args]))
    return nn.Sequential(*modules), " ; ".join(tokens)


def randomize(model, gen):
    """Non-default values everywhere, so that every tensor matters (BatchNorm gamma != 1 and so on)."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "weight" in name and p.dim() == 2:
                p.copy_(torch.randn(p.shape, generator=gen) * (2.0 / p.shape[1]) ** 0.5)
            elif isinstance(p, torch.Tensor):
                p.copy_(torch.rand(p.shape, generator=gen) * 0.4 + (0.8 if name.endswith("weight") else -0.2))
        for m in model.modules():
            if isinstance(m, nn.PReLU):
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) * 0.3 + 0.1)
            if isinstance(m, nn.BatchNorm1d):
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) + 0.5)


def state_name(name):
    # Maxout's inner Linear is stored by vecnet directly under the layer index.
    return name.replace(".linear.", ".")


def data_loss(kind, scores, labels, targets):
    if kind == "softmax_cross_entropy":
        return F.cross_entropy(scores, labels)
    if kind == "multiclass_hinge":
        return F.multi_margin_loss(scores, labels) * scores.shape[1]
    if kind == "mean_squared_error":
        return F.mse_loss(scores, targets)
    if kind == "sigmoid_binary_cross_entropy":
        return F.binary_cross_entropy_with_logits(scores, targets)
    raise ValueError(kind)


def write_case(name, n_in, spec, loss, l2, batch, seed):
    gen = torch.Generator().manual_seed(seed)
    model, tokens = build(n_in, spec)
    randomize(model, gen)
    x = (torch.randn(batch, n_in, generator=gen) * 1.5).requires_grad_(True)
    width = [m for m in model.modules() if isinstance(m, nn.Linear)][-1].out_features
    if isinstance(list(model.children())[-1], Maxout):
        width = list(model.children())[-1].units
    labels = torch.randint(0, max(width, 2), (batch,), generator=gen)
    targets = None
    if loss == "mean_squared_error":
        targets = torch.randn(batch, width, generator=gen)
    if loss == "sigmoid_binary_cross_entropy":
        targets = labels.to(torch.float32).view(batch, 1)
    params = {state_name(n): p.detach().clone() for n, p in model.named_parameters()}
    buffers = {state_name(n): b.detach().clone() for n, b in model.named_buffers() if "num_batches" not in n}

    model.train()
    scores = model(x)
    data = data_loss(loss, scores, labels, targets)
    penalty = sum((p ** 2).sum() for n, p in model.named_parameters() if p.dim() == 2) * (l2 / 2)
    total = data + penalty
    total.backward()
    model.eval()
    with torch.no_grad():
        eval_scores = model(x)

    lines = [f"arch {tokens}", f"loss {loss}", f"l2 {l2!r}", f"input_size {n_in}", f"batch {batch}"]

    def tensor(tname, t):
        flat = t.detach().reshape(-1).to(torch.float64).tolist()
        lines.append(f"tensor {tname} {len(flat)} " + " ".join(repr(float(v)) for v in flat))

    for n, p in params.items():
        tensor("param." + n, p)
    for n, b in buffers.items():
        tensor("buffer." + n, b)
    tensor("input", x)
    if loss in ("softmax_cross_entropy", "multiclass_hinge", "sigmoid_binary_cross_entropy"):
        tensor("labels", labels.to(torch.float64))
    if loss == "mean_squared_error":
        tensor("targets", targets)
    tensor("scores", scores)
    tensor("loss", total.reshape(1))
    for n, p in model.named_parameters():
        tensor("grad." + state_name(n), p.grad)
    tensor("input_grad", x.grad)
    for n, b in model.named_buffers():
        if "num_batches" not in n:
            tensor("after." + state_name(n), b)
    tensor("eval_scores", eval_scores)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write(f"# {name}: written by tools/make_golden.py with torch {torch.__version__}\n")
        f.write("\n".join(lines) + "\n")


def main():
    torch.set_default_dtype(torch.float32)
    write_case("relu_batchnorm_tanh_ce", 6, [("dense", 8), ("relu",), ("dense", 8), ("batchnorm",), ("tanh",),
                                             ("dense", 4)], "softmax_cross_entropy", 0.01, 5, 1)
    write_case("leaky_sigmoid_hinge", 5, [("dense", 7), ("leaky_relu", 0.01), ("dense", 6), ("sigmoid",),
                                          ("dense", 3)], "multiclass_hinge", 0.0, 4, 2)
    write_case("elu_prelu_mse", 4, [("dense", 6), ("elu", 1.0), ("dense", 5), ("prelu", True), ("dense", 3)],
               "mean_squared_error", 0.005, 6, 3)
    write_case("prelu_bn_leaky_bce", 7, [("dense", 9), ("prelu", False), ("batchnorm",), ("leaky_relu", 0.2),
                                         ("dense", 1)], "sigmoid_binary_cross_entropy", 0.02, 8, 4)
    write_case("maxout_dropout_eval_ce", 6, [("maxout", 5, 3), ("dropout", 0.0), ("dense", 4)],
               "softmax_cross_entropy", 0.0, 5, 5)
    write_case("unfused_relu_ce", 3, [("dense", 4), ("batchnorm",), ("relu",), ("dense", 5), ("elu", 0.5),
                                      ("dense", 3)], "softmax_cross_entropy", 0.001, 7, 6)


if __name__ == "__main__":
    main()
