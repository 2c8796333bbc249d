#!/usr/bin/python3
"""Model-file interoperability between PyTorch and vecnet, with no safetensors package.

safetensors is a tiny format (8-byte little-endian header length, a JSON header, raw little-endian
data), so this script writes and reads it by hand, including vecnet's __metadata__ entries
(vecnet.format_version, vecnet.architecture, vecnet.crc32c, ...; see docs/model-format.md). The
checksum of format 2 is computed here from its definition in docs/model-format.md ("Integrity"),
independently of vecnet's code, so the committed files also cross-check that definition.

1. PyTorch -> vecnet. Builds an MLP (Linear, BatchNorm1d, ReLU, PReLU, Dropout, LeakyReLU, Tanh ...),
   gives every tensor non-default values, saves it as
   core/src/test/resources/golden/format/torch_mlp.safetensors (with preprocessing statistics) and writes
   inputs and PyTorch's eval-mode outputs to torch_mlp_io.txt. PyTorchInteropTest loads the file in
   vecnet and matches the outputs within 1e-5 relative.
2. vecnet -> PyTorch. Reads vecnet_mlp.safetensors (written by vecnet, see PyTorchInteropTest) with
   its own reader, builds the nn.Sequential its architecture describes, loads the state_dict
   (strict), and checks PyTorch's eval-mode outputs on the inputs in vecnet_mlp_io.txt against the
   outputs vecnet wrote there. Exits 1 on a mismatch.

Run from the repository root:  /usr/bin/python3 tools/export_safetensors.py
(Debian's python3-torch and python3-numpy; CI needs no Python: the outputs are committed.)
"""
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test", "resources", "golden", "format")

_CRC_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)


def crc32c(data):
    """CRC32C (Castagnoli), as java.util.zip.CRC32C."""
    c = 0xFFFFFFFF
    for b in data:
        c = _CRC_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def u64(value):
    return struct.pack("<Q", value)


def utf8(text):
    """A string of the canonical serialisation: its UTF-8 byte count, then the bytes."""
    b = text.encode("utf-8")
    return u64(len(b)) + b


def contents_checksum(meta, header, data):
    """Format 2's vecnet.crc32c: CRC32C of the canonical metadata (all but vecnet.crc32c) and tensor table,
    each sorted by the UTF-8 bytes of key or name, then the data section, as 8 lower-case hex digits."""
    entries = sorted((k.encode("utf-8"), v) for k, v in meta.items() if k != "vecnet.crc32c")
    out = [u64(len(entries))]
    for key, value in entries:
        out += [u64(len(key)), key, utf8(value)]
    names = sorted(header, key=lambda name: name.encode("utf-8"))
    out.append(u64(len(names)))
    for name in names:
        e = header[name]
        out += [utf8(name), utf8(e["dtype"]), u64(len(e["shape"]))] + [u64(d) for d in e["shape"]]
        out += [u64(e["data_offsets"][0]), u64(e["data_offsets"][1])]
    return "%08x" % crc32c(b"".join(out) + data)


DTYPES = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}
NUMPY = {"F32": "<f4", "I64": "<i8"}


def write_safetensors(path, tensors, metadata):
    """tensors: ordered dict name -> torch tensor (float32 or int64). Adds vecnet.crc32c (format 2)."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        dtype, np_type = DTYPES[t.dtype]
        blob = t.detach().cpu().contiguous().numpy().astype(np_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    data = b"".join(blobs)
    meta = dict(metadata)
    meta["vecnet.crc32c"] = contents_checksum(meta, header, data)
    header = dict({"__metadata__": meta}, **header)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def read_safetensors(path):
    """Returns (metadata, ordered dict name -> torch tensor), checking offsets and the checksum."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    if n > 100_000_000 or 8 + n > len(raw):
        raise ValueError("bad header length %d" % n)
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    if "vecnet.crc32c" in meta:
        version = meta.get("vecnet.format_version")
        expected = contents_checksum(meta, header, data) if version == "2" else "%08x" % crc32c(data)
        if meta["vecnet.crc32c"] != expected:
            raise ValueError("checksum mismatch (format %s)" % version)
    tensors, end = {}, 0
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        b, e2 = e["data_offsets"]
        if b != end:
            raise ValueError("hole or overlap at " + name)
        end = e2
        a = np.frombuffer(data[b:e2], dtype=NUMPY[e["dtype"]]).reshape(e["shape"])
        tensors[name] = torch.from_numpy(a.copy())
    if end != len(data):
        raise ValueError("trailing bytes")
    return meta, tensors


class Maxout(nn.Module):
    """vecnet's maxout: a Linear with units * pieces outputs, piece-major within a unit, maxed over pieces."""

    def __init__(self, n_in, units, pieces):
        super().__init__()
        self.units, self.pieces = units, pieces
        self.weight = nn.Parameter(torch.zeros(units * pieces, n_in))
        self.bias = nn.Parameter(torch.zeros(units * pieces))

    def forward(self, x):
        z = nn.functional.linear(x, self.weight, self.bias)
        return z.view(x.shape[0], self.units, self.pieces).max(dim=2).values


def build(arch):
    """The nn.Sequential that a vecnet architecture (the JSON of vecnet.architecture) describes."""
    modules, width = [], arch["input"]
    for m in arch["modules"]:
        t = m["type"]
        if t == "dense":
            modules.append(nn.Linear(width, m["units"]))
            width = m["units"]
        elif t == "maxout":
            modules.append(Maxout(width, m["units"], m["pieces"]))
            width = m["units"]
        elif t == "relu":
            modules.append(nn.ReLU())
        elif t == "leaky_relu":
            modules.append(nn.LeakyReLU(m["slope"]))
        elif t == "elu":
            modules.append(nn.ELU(m["alpha"]))
        elif t == "sigmoid":
            modules.append(nn.Sigmoid())
        elif t == "tanh":
            modules.append(nn.Tanh())
        elif t == "prelu":
            modules.append(nn.PReLU(num_parameters=width if m["per_feature"] else 1))
        elif t == "batchnorm":
            modules.append(nn.BatchNorm1d(width, eps=m["eps"], momentum=m["momentum"]))
        elif t == "dropout":
            modules.append(nn.Dropout(m["p"]))
        else:
            raise ValueError("unknown module " + t)
    return nn.Sequential(*modules)


def write_io(path, batch, x, y):
    with open(path, "w") as f:
        f.write("batch %d\n" % batch)
        for name, a in (("input", x), ("output", y)):
            flat = a.detach().numpy().astype(np.float32).ravel()
            f.write(name + " %d " % flat.size + " ".join("%.9g" % v for v in flat) + "\n")


def read_io(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if parts[0] == "batch":
                out["batch"] = int(parts[1])
            else:
                out[parts[0]] = np.array([float(v) for v in parts[2:]], dtype=np.float32)
    return out


def export_torch_model():
    torch.manual_seed(2024)
    arch = {"input": 5, "modules": [
        {"type": "dense", "units": 8, "init": "HE_NORMAL"}, {"type": "batchnorm", "eps": 1e-05, "momentum": 0.1},
        {"type": "relu"}, {"type": "dense", "units": 6, "init": "HE_NORMAL"}, {"type": "prelu", "per_feature": True},
        {"type": "dropout", "p": 0.25}, {"type": "dense", "units": 4, "init": "HE_NORMAL"},
        {"type": "leaky_relu", "slope": 0.05}, {"type": "dense", "units": 3, "init": "HE_NORMAL"}, {"type": "tanh"}],
        "loss": "mean_squared_error", "l2": 0.0, "max_batch": 16, "fuse": True, "check_inputs": True}
    model = build(arch)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.randn(p.shape) * 0.7 + (0.5 if name.endswith("weight") and p.dim() == 1 else 0.0))
        bn = model[1]
        bn.running_mean.copy_(torch.randn(8) * 0.3)
        bn.running_var.copy_(torch.rand(8) + 0.5)
        bn.num_batches_tracked.fill_(7)
    model.eval()
    batch = 6
    x = torch.randn(batch, 5)
    with torch.no_grad():
        y = model(x)
    tensors = dict(model.state_dict())
    tensors["preprocess.mean"] = torch.tensor([0.5, -1.0, 2.0, 0.0, 3.25])
    tensors["preprocess.std"] = torch.tensor([1.0, 2.0, 0.5, 1.5, 4.0])
    write_safetensors(os.path.join(OUT, "torch_mlp.safetensors"), tensors, {
        "vecnet.format_version": "2", "vecnet.version": "pytorch-" + torch.__version__,
        "vecnet.architecture": json.dumps(arch), "vecnet.preprocessing": "standardize"})
    write_io(os.path.join(OUT, "torch_mlp_io.txt"), batch, x, y)
    print("wrote torch_mlp.safetensors and torch_mlp_io.txt")


def check_vecnet_model():
    path = os.path.join(OUT, "vecnet_mlp.safetensors")
    meta, tensors = read_safetensors(path)
    if meta.get("vecnet.format_version") != "2":
        sys.exit("vecnet_mlp.safetensors: format %s, expected 2" % meta.get("vecnet.format_version"))
    print("vecnet -> PyTorch: format-2 checksum %s verified" % meta["vecnet.crc32c"])
    model = build(json.loads(meta["vecnet.architecture"]))
    state = {k: v for k, v in tensors.items() if not k.startswith(("preprocess.", "optimizer."))}
    model.load_state_dict(state, strict=True)
    model.eval()
    io = read_io(os.path.join(OUT, "vecnet_mlp_io.txt"))
    x = torch.from_numpy(io["input"]).view(io["batch"], -1)
    with torch.no_grad():
        y = model(x).numpy().ravel()
    expected = io["output"]
    err = np.abs(y - expected) / np.maximum(np.abs(expected), 1e-3)
    print("vecnet -> PyTorch: %d outputs, max relative error %.3g" % (y.size, err.max()))
    if not err.max() <= 1e-5:
        sys.exit("vecnet_mlp.safetensors: PyTorch's outputs differ from vecnet's")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    export_torch_model()
    if os.path.exists(os.path.join(OUT, "vecnet_mlp.safetensors")):
        check_vecnet_model()
    else:
        print("no vecnet_mlp.safetensors yet: run PyTorchInteropTest with -Dvecnet.writeFixtures=true first")
