#!/usr/bin/python3
"""ONNX golden files for vecnet's ONNX importer, written by PyTorch's own exporter.

Builds several small MLPs with fixed seeds and trained-looking parameters (weights, biases, PReLU slopes,
BatchNorm affine parameters and running statistics all away from their initial values), exports each with
torch.onnx.export (a dynamic batch axis named "batch", opsets 9, 11 and 13 across the set) and writes beside
each NAME.onnx a NAME_io.txt with inputs and PyTorch's eval-mode outputs:

    batch B
    input_shape d1 d2 ...        (the input's shape without the batch axis)
    input  COUNT v v v ...
    output COUNT v v v ...

OnnxGoldenTest imports every file in vecnet and matches the outputs within 1e-5 relative. Two variants of
the first model are rewritten with the onnx package (when it is installed, e.g. Debian's python3-onnx): its
initializers stored in float_data instead of raw_data, and stored as FLOAT16 (the expected outputs are then
PyTorch's with the weights rounded to float16).

Run from the repository root:  /usr/bin/python3 tools/make_onnx_golden.py
(Debian's python3-torch; CI needs no Python: the files are committed.)
"""
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "onnx", "src", "test", "resources", "golden",
                   "onnx")


class ExplicitLinear(nn.Module):
    """x @ W^T + b written out, so the exporter emits Transpose + MatMul + Add rather than Gemm."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) * 0.5)
        self.bias = nn.Parameter(torch.randn(n_out) * 0.2)

    def forward(self, x):
        return x @ self.weight.t() + self.bias


class ReshapeRows(nn.Module):
    """x.reshape(-1, features): a Reshape whose shape is a constant."""

    def __init__(self, features):
        super().__init__()
        self.features = features

    def forward(self, x):
        return x.reshape(-1, self.features)


def perturb(model):
    """Moves every parameter and buffer away from its initial value, as training would."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.add_(torch.randn_like(p) * 0.3)
            if name.endswith("weight") and p.dim() == 1:  # PReLU slopes, BatchNorm gamma: keep them positive-ish
                p.abs_().add_(0.05)
        for m in model.modules():
            if isinstance(m, nn.BatchNorm1d):
                m.running_mean.copy_(torch.randn_like(m.running_mean) * 0.5)
                m.running_var.copy_(torch.rand_like(m.running_var) * 1.5 + 0.25)
                m.num_batches_tracked.fill_(37)
    return model.eval()


def models():
    torch.manual_seed(20240611)
    yield "gemm_relu_softmax", 9, (6,), nn.Sequential(
        nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 4), nn.Softmax(dim=1))
    yield "batchnorm_activations", 11, (5,), nn.Sequential(
        nn.Linear(5, 12), nn.BatchNorm1d(12), nn.PReLU(12), nn.Linear(12, 10), nn.ELU(0.7),
        nn.Linear(10, 8), nn.LeakyReLU(0.05), nn.Dropout(0.3), nn.Linear(8, 6), nn.Tanh(), nn.Linear(6, 4),
        nn.Sigmoid())
    yield "matmul_add", 13, (7,), nn.Sequential(
        ExplicitLinear(7, 9), nn.ReLU(), ExplicitLinear(9, 3), nn.Softmax(dim=-1))
    yield "flatten", 11, (1, 4, 4), nn.Sequential(
        nn.Flatten(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 3))
    yield "reshape_logsoftmax", 13, (1, 4, 4), nn.Sequential(
        ReshapeRows(16), nn.Linear(16, 9), nn.PReLU(), nn.BatchNorm1d(9), nn.Linear(9, 5), nn.LogSoftmax(dim=1))
    yield "identity_tanh", 9, (4,), nn.Sequential(
        nn.Linear(4, 6), nn.Identity(), nn.Tanh(), nn.Dropout(0.5), nn.Linear(6, 2))


def values(t):
    return " ".join(repr(float(v)) for v in t.detach().reshape(-1).tolist())


def write_io(name, x, y):
    with open(os.path.join(OUT, name + "_io.txt"), "w") as f:
        f.write("batch %d\n" % x.shape[0])
        f.write("input_shape %s\n" % " ".join(str(d) for d in x.shape[1:]))
        f.write("input %d %s\n" % (x.numel(), values(x)))
        f.write("output %d %s\n" % (y.numel(), values(y)))


def export(name, opset, shape, model, constant_folding):
    x = torch.randn(5, *shape)
    with torch.no_grad():
        y = model(x)
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(model, x, path, opset_version=opset, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                      do_constant_folding=constant_folding)
    write_io(name, x, y)
    return x


def variants(model, x):
    """float_data and FLOAT16 copies of gemm_relu_softmax (needs the onnx package)."""
    try:
        import numpy as np
        import onnx
        from onnx import numpy_helper
    except ImportError:
        print("onnx package missing: the float_data and float16 variants are not rewritten")
        return
    source = onnx.load(os.path.join(OUT, "gemm_relu_softmax.onnx"))

    as_float_data = onnx.ModelProto()
    as_float_data.CopyFrom(source)
    for init in as_float_data.graph.initializer:
        array = numpy_helper.to_array(init)
        init.ClearField("raw_data")
        init.float_data.extend(array.reshape(-1).tolist())
    onnx.save(as_float_data, os.path.join(OUT, "gemm_float_data.onnx"))
    with torch.no_grad():
        write_io("gemm_float_data", x, model(x))

    as_half = onnx.ModelProto()
    as_half.CopyFrom(source)
    for init in as_half.graph.initializer:
        half = numpy_helper.to_array(init).astype(np.float16)
        init.CopyFrom(numpy_helper.from_array(half, init.name))
    onnx.save(as_half, os.path.join(OUT, "gemm_float16.onnx"))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.half().float())
        write_io("gemm_float16", x, model(x))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, opset, shape, model in models():
        perturb(model)
        # matmul_add keeps the Transpose of its weights, as an unfolded export does.
        x = export(name, opset, shape, model, constant_folding=name != "matmul_add")
        if name == "gemm_relu_softmax":
            variants(model, x)
        print("wrote", name)


if __name__ == "__main__":
    main()
