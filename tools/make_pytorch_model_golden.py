#!/usr/bin/python3
"""One PyTorch-trained MLP, saved both ways a PyTorch user hands a model over: as a plain state dict
(safetensors, no vecnet metadata) and as an ONNX graph (torch.onnx.export), with PyTorch's outputs.

  model  nn.Sequential(Linear(20,32), ReLU, BatchNorm1d(32), Linear(32,16), PReLU(), Linear(16,8), ELU(),
                       Linear(8,4)), trained for 300 Adam steps on a learnable 4-class rule, then eval mode;
         the command line's spec for it is 20-32relu-bn-16prelu-8elu-4.

Writes into onnx/src/test/resources/golden/pytorch/:
  mlp.safetensors   model.state_dict() (F32 tensors, num_batches_tracked I64)
  mlp.onnx          nn.Sequential(model, Softmax(dim=1)) exported at opset 13 with a dynamic batch axis, so the
                    graph's output is the class probabilities, as a vecnet softmax model's predictions are
  mlp_io.txt        "batch N", then "input", "logits" (the model's outputs), "probabilities" (their softmax)
                    and "classes" (the argmax), each "name count values..."

Run from the repository root:  /usr/bin/python3 tools/make_pytorch_model_golden.py
(PyTorch 1.13; CI needs no Python: the outputs are committed.)
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_state_dict_golden import write_io, write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "onnx", "src", "test", "resources", "golden",
                   "pytorch")


def learnable_data(generator, rows):
    """Four classes from the signs of two fixed linear functions of 20 gaussian features."""
    x = torch.randn(rows, 20, generator=generator)
    a = x[:, :10].sum(dim=1) > 0
    b = (x[:, 5:15] * torch.linspace(-1, 1, 10)).sum(dim=1) > 0
    return x, a.long() * 2 + b.long()


def main():
    torch.manual_seed(41)
    model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.BatchNorm1d(32), nn.Linear(32, 16), nn.PReLU(),
                          nn.Linear(16, 8), nn.ELU(), nn.Linear(8, 4))
    g = torch.Generator().manual_seed(42)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for _ in range(300):
        x, y = learnable_data(g, 64)
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    model.eval()

    x, y = learnable_data(g, 50)
    with torch.no_grad():
        logits = model(x)
    probabilities = torch.softmax(logits, dim=1)
    accuracy = (probabilities.argmax(dim=1) == y).float().mean().item()

    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "mlp.safetensors"), dict(model.state_dict()))
    torch.onnx.export(nn.Sequential(model, nn.Softmax(dim=1)), x, os.path.join(OUT, "mlp.onnx"), opset_version=13,
                      input_names=["input"], output_names=["probabilities"],
                      dynamic_axes={"input": {0: "batch"}, "probabilities": {0: "batch"}})
    write_io(os.path.join(OUT, "mlp_io.txt"), x, logits,
             [("probabilities", probabilities), ("classes", probabilities.argmax(dim=1))])
    print("wrote mlp.safetensors, mlp.onnx and mlp_io.txt (accuracy on the 50 rows: %.2f)" % accuracy)


if __name__ == "__main__":
    main()
