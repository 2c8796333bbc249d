#!/usr/bin/python3
"""Golden files for loading plain PyTorch state dicts into vecnet (ModelFile.loadStateDict).

Writes, into core/src/test/resources/golden/statedict/, safetensors files exactly as a PyTorch user
would save a model's state_dict(): no vecnet metadata, tensors named by PyTorch, each in its own dtype.
The safetensors package is not needed: the format (8-byte little-endian header length, a JSON header
padded with spaces to a multiple of 8, raw little-endian data) is written by hand, and F16 / BF16 values
are produced by PyTorch's own dtype conversion.

Models (fixed seeds; every parameter and BatchNorm running statistic moved away from its initial value
by a few training-mode SGD steps, so running_mean, running_var and num_batches_tracked are not defaults):

  mlp_relu          nn.Sequential(Linear(6,10), ReLU, Linear(10,8), ReLU, Linear(8,4))          F32
  bn_prelu_elu      nn.Sequential(Linear(5,8), BatchNorm1d(8), PReLU(), Linear(8,7), PReLU(7),
                                  Linear(7,6), ELU(0.7), Linear(6,3))                          F32
  bn_prelu_elu_f64  the same model in float64, every value nudged so it is not a float32          F64
  bn_prelu_elu_f16  the same model converted with .half()                                        F16
  bn_prelu_elu_bf16 the same model converted with .bfloat16()                                    BF16
  custom_fc_bn      a custom nn.Module with attributes fc1, bn1, fc2:
                    forward(x) = fc2(bn1(relu(fc1(x)))), i.e. the nn.Sequential 5-8relu-bn-3;
                    custom_fc_bn_names.txt maps its module names (fc1=0, bn1=2, fc2=3)          F32

Beside each model, NAME_io.txt holds "batch N", then "input", "output" (PyTorch's eval-mode outputs),
and for custom_fc_bn also "probabilities" (softmax of the outputs) and "classes" (their argmax), each
as "name count values...". For the F64 / F16 / BF16 models, "output" is PyTorch's output of the model
in that dtype's values: computed in float64 for F64, and in float32 from the weights converted to F16
or BF16 and back to float32 for the half formats; "param.NAME" lines hold every float tensor as
PyTorch converts it to float32 (.float()), which vecnet's conversion must match bit for bit.

half_values.safetensors holds dtype edge cases and PyTorch's float32 conversion of each: "f16" / "bf16"
(signed zeros, subnormals, the smallest normal, the largest finite, infinities, NaN, and every 97th bit
pattern) with "f16_as_f32" / "bf16_as_f32", and "f64" (ties to even, overflow to infinity, underflow
to zero and to subnormals, NaN) with "f64_as_f32".

Run from the repository root:  /usr/bin/python3 tools/make_state_dict_golden.py
(PyTorch 1.13; CI needs no Python: the outputs are committed.)
"""
import copy
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test", "resources", "golden",
                   "statedict")

DTYPE_NAMES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
               torch.int64: "I64"}


def little_endian_bytes(t):
    """The tensor's values in its own dtype, little-endian, row-major."""
    t = t.detach().cpu().contiguous()
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.view(torch.int16)   # numpy has no bfloat16: move the 16-bit patterns as integers
    a = t.numpy()
    return a.astype(a.dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors):
    """tensors: dict name -> torch tensor. No __metadata__, as a plain state dict is saved."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        blob = little_endian_bytes(t)
        header[name] = {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def values(name, t):
    flat = t.detach().double().reshape(-1).tolist()
    return name + " %d " % len(flat) + " ".join(("%.17g" if t.dtype == torch.float64 else "%.9g") % v
                                                  for v in flat) + "\n"


def write_io(path, x, y, extra=()):
    with open(path, "w") as f:
        f.write("batch %d\n" % x.shape[0])
        f.write(values("input", x))
        f.write(values("output", y))
        for name, t in extra:
            f.write(values(name, t))


def train_a_little(model, inputs, classes, seed):
    """Five SGD steps in training mode: parameters leave their initial values, BatchNorm tracks statistics."""
    g = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    for _ in range(5):
        x = torch.randn(16, inputs, generator=g) * 1.5 + 0.3
        labels = torch.randint(0, classes, (16,), generator=g)
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), labels).backward()
        optimizer.step()
    model.eval()


def randomise_norms_and_slopes(model, seed):
    """BatchNorm affine parameters and PReLU slopes start at constants; give them distinct values."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm1d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.3)
            elif isinstance(m, nn.PReLU):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) * 0.45 + 0.05)


def eval_outputs(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)


def float_params(model):
    """Every floating-point state tensor as PyTorch converts it to float32."""
    return [("param." + k, v.float()) for k, v in model.state_dict().items() if v.is_floating_point()]


def save(name, model, x, y, extra=()):
    write_safetensors(os.path.join(OUT, name + ".safetensors"), dict(model.state_dict()))
    write_io(os.path.join(OUT, name + "_io.txt"), x, y, extra)
    print("wrote %s.safetensors and %s_io.txt" % (name, name))


def mlp_relu():
    torch.manual_seed(11)
    model = nn.Sequential(nn.Linear(6, 10), nn.ReLU(), nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 4))
    train_a_little(model, 6, 4, 12)
    x = torch.randn(7, 6)
    save("mlp_relu", model, x, eval_outputs(model, x))


def bn_prelu_elu():
    torch.manual_seed(21)
    model = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.PReLU(), nn.Linear(8, 7), nn.PReLU(7),
                          nn.Linear(7, 6), nn.ELU(0.7), nn.Linear(6, 3))
    randomise_norms_and_slopes(model, 22)
    train_a_little(model, 5, 3, 23)
    x = torch.randn(6, 5) * 1.5 + 0.3
    save("bn_prelu_elu", model, x, eval_outputs(model, x))

    model64 = copy.deepcopy(model).double()
    g = torch.Generator().manual_seed(24)
    with torch.no_grad():
        for k, v in model64.state_dict().items():
            if v.is_floating_point():
                # a relative nudge far below float32's spacing would vanish; 1e-4 leaves digits float32 must round
                v.mul_(1 + torch.randn(v.shape, generator=g, dtype=torch.float64) * 1e-4)
    save("bn_prelu_elu_f64", model64, x.double(), eval_outputs(model64, x.double()), float_params(model64))

    for dtype, suffix in ((torch.float16, "f16"), (torch.bfloat16, "bf16")):
        rounded = copy.deepcopy(model).to(dtype)
        back = copy.deepcopy(rounded).float()
        save("bn_prelu_elu_" + suffix, rounded, x, eval_outputs(back, x), float_params(rounded))


class TwoLayer(nn.Module):
    """A model written as a class, as most are: its state dict names its attributes."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(5, 8)
        self.bn1 = nn.BatchNorm1d(8)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(self.bn1(torch.relu(self.fc1(x))))


def custom_fc_bn():
    torch.manual_seed(31)
    model = TwoLayer()
    randomise_norms_and_slopes(model, 32)
    train_a_little(model, 5, 3, 33)
    x = torch.randn(9, 5) * 2 - 0.5
    y = eval_outputs(model, x)
    p = torch.softmax(y, dim=1)
    save("custom_fc_bn", model, x, y, [("probabilities", p), ("classes", p.argmax(dim=1))])
    with open(os.path.join(OUT, "custom_fc_bn_names.txt"), "w") as f:
        f.write("# module names of TwoLayer -> index in the equivalent nn.Sequential 5-8relu-bn-3\n"
                "fc1=0\n"
                "bn1 = 2   # torch.relu is module 1\n"
                "fc2 3\n")


def bits_as(patterns, dtype):
    signed = [p - 65536 if p >= 32768 else p for p in patterns]
    return torch.tensor(signed, dtype=torch.int16).view(dtype)


def half_values():
    f16 = [0x0000, 0x8000, 0x0001, 0x8001, 0x0200, 0x03FF, 0x0400, 0x3C00, 0x3C01, 0x7BFF, 0xFBFF,
           0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7C01] + list(range(0, 65536, 97))
    bf16 = [0x0000, 0x8000, 0x0001, 0x8001, 0x007F, 0x0080, 0x3F80, 0x3F81, 0x7F7F, 0xFF7F,
            0x7F80, 0xFF80, 0x7FC0, 0xFFC0, 0x7F81] + list(range(0, 65536, 97))
    min_sub = 2.0 ** -149
    f64 = [0.0, -0.0, 1.0, 1 + 2.0 ** -24, 1 + 3 * 2.0 ** -24, 1 + 2.0 ** -24 + 2.0 ** -60, -(1 + 2.0 ** -24),
           0.1, -0.1, 1 / 3, math.pi, 3.4028234663852886e38, 3.4028235677973366e38, 3.40282357e38, 1e39, -1e300,
           2.0 ** -126, 2.0 ** -127 + 2.0 ** -150, min_sub, min_sub / 2, min_sub / 2 + 2.0 ** -200, min_sub * 1.5,
           1e-50, -1e-50, math.inf, -math.inf, math.nan, 65504.0, 123456789.123456789]
    h = bits_as(f16, torch.float16)
    b = bits_as(bf16, torch.bfloat16)
    d = torch.tensor(f64, dtype=torch.float64)
    write_safetensors(os.path.join(OUT, "half_values.safetensors"), {
        "f16": h, "f16_as_f32": h.float(), "bf16": b, "bf16_as_f32": b.float(), "f64": d, "f64_as_f32": d.float()})
    print("wrote half_values.safetensors")


if __name__ == "__main__":
    if sys.byteorder != "little":
        sys.exit("numpy's native byte order is used for F16/BF16 patterns: run on a little-endian machine")
    os.makedirs(OUT, exist_ok=True)
    mlp_relu()
    bn_prelu_elu()
    custom_fc_bn()
    half_values()
