#!/usr/bin/env python3
"""PyTorch side of bench/train_vs_torch.sh: a whole training run with the recipe it gives `./vecnet train`.

    /usr/bin/python3 bench/torch_train.py --data DATA.csv --threads N [--epochs 10] [--seed 42]
                                          [--batch-size 64] [--lr 1e-3] [--validation-fraction 0.1]

The steps mirror what `./vecnet train` does with that recipe:

- CSV: a header row, the label in the column named `label` (any case), else the last column; read with
  numpy.loadtxt (no pandas), timed on its own (`load_s`).
- Split: stratified, per class round(n * (1 - validation fraction)) rows train and the rest validate, each
  class shuffled with a seeded generator. The same shares as vecnet's split, not the same rows (vecnet
  shuffles with java.util.Random).
- Standardisation: mean and population standard deviation (ddof 0) of the training part in float64, stored
  as float32; x' = (x - mean) * (1 / std), a feature with std 0 only centred (vecnet's Standardizer).
- Network: nn.Sequential(Linear(784, 256), ReLU, Linear(256, 128), ReLU, Linear(128, 10)) with PyTorch's
  default initialisation (vecnet's CLI default is He-normal: the runs start from different weights).
- Training: CrossEntropyLoss, torch.optim.Adam(lr), batches of 64 drawn by manual indexing of a fresh
  random permutation each epoch (no DataLoader: its worker and collation machinery would be PyTorch
  overhead vecnet does not have); the last batch of an epoch may be smaller, as in vecnet.
- After each epoch, loss and accuracy of the whole training part and the whole validation part under
  torch.no_grad(), as vecnet's per-epoch evaluation (vecnet's "trained in" time includes it).

Threads: torch.set_num_threads(N) and torch.set_num_interop_threads(1), which can only be set once per
process, so each N is its own process. OMP_NUM_THREADS and OPENBLAS_NUM_THREADS are set to N before torch
is imported: Debian's PyTorch runs its matrix products in OpenBLAS, whose thread pool does not follow
set_num_threads.

Prints one JSON line on stdout; one line per epoch on stderr.
"""
import argparse
import json
import os
import sys
import time


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True, help="CSV file with a header row")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--validation-fraction", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--eval-batch", type=int, default=1024,
                   help="rows per forward pass of the per-epoch evaluation (memory only; same results)")
    args = p.parse_args(argv)
    if args.threads < 1 or args.epochs < 1 or args.batch_size < 1:
        p.error("--threads, --epochs and --batch-size must be at least 1")
    if not 0 < args.validation_fraction < 1:
        p.error("--validation-fraction must be in (0, 1)")
    return args


def label_column(header):
    """Index of the label column: the one named 'label' (any case), else the last, as the CLI chooses."""
    names = [name.strip().lower() for name in header.split(",")]
    return names.index("label") if "label" in names else len(names) - 1


def load_csv(np, path):
    with open(path) as f:
        header = f.readline()
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
    column = label_column(header)
    labels = table[:, column].astype(np.int64)
    features = np.ascontiguousarray(np.delete(table, column, axis=1))
    return features, labels


def stratified_split(np, labels, validation_fraction, seed):
    """Training and validation row indices: per class, round-half-up(n * train share) rows train."""
    rng = np.random.default_rng(seed)
    train, validation = [], []
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        # Java's Math.round (half up), not Python's round (half to even), as vecnet's Split.
        n_train = int(np.floor(len(members) * (1.0 - validation_fraction) + 0.5))
        train.append(members[:n_train])
        validation.append(members[n_train:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(validation))


def standardise(np, train, others):
    """Standardises `train` and each of `others` with the training part's statistics (see the docstring)."""
    x = train.astype(np.float64)
    mean = x.mean(axis=0)
    std = np.sqrt(((x - mean) ** 2).mean(axis=0))
    mean32, std32 = mean.astype(np.float32), std.astype(np.float32)
    # 1 / 1 = 1 where std is 0: such a feature is only centred.
    inverse = (np.float32(1) / np.where(std32 > 0, std32, np.float32(1))).astype(np.float32)
    return [((part - mean32) * inverse).astype(np.float32) for part in [train] + list(others)]


def main(argv):
    args = parse_args(argv)
    # Before torch is imported: OpenBLAS and OpenMP read these once, at load.
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    import numpy as np
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)

    start = time.perf_counter()
    features, labels = load_csv(np, args.data)
    load_s = time.perf_counter() - start

    start = time.perf_counter()
    train_rows, val_rows = stratified_split(np, labels, args.validation_fraction, args.seed)
    x_train, x_val = standardise(np, features[train_rows], [features[val_rows]])
    x_train, x_val = torch.from_numpy(x_train), torch.from_numpy(x_val)
    y_train, y_val = torch.from_numpy(labels[train_rows]), torch.from_numpy(labels[val_rows])
    prepare_s = time.perf_counter() - start

    torch.manual_seed(args.seed)
    inputs, classes = x_train.shape[1], int(labels.max()) + 1
    model = nn.Sequential(nn.Linear(inputs, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                          nn.Linear(128, classes))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    shuffle = torch.Generator().manual_seed(args.seed)

    def evaluate(x, y):
        """Mean loss and accuracy over a whole part, in evaluation mode, without gradients."""
        model.eval()
        loss_sum, correct = 0.0, 0
        with torch.no_grad():
            for i in range(0, len(x), args.eval_batch):
                scores = model(x[i:i + args.eval_batch])
                target = y[i:i + args.eval_batch]
                loss_sum += nn.functional.cross_entropy(scores, target, reduction="sum").item()
                correct += (scores.argmax(dim=1) == target).sum().item()
        return loss_sum / len(x), correct / len(x)

    n = len(x_train)
    epoch_s = []
    history = []
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(n, generator=shuffle)
        for i in range(0, n, args.batch_size):
            batch = order[i:i + args.batch_size]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
        train_loss, train_acc = evaluate(x_train, y_train)
        val_loss, val_acc = evaluate(x_val, y_val)
        epoch_s.append(time.perf_counter() - start)
        history.append((train_loss, train_acc, val_loss, val_acc))
        print("torch epoch %d: train loss %.4f acc %.2f%%, val loss %.4f acc %.2f%%, %.2f s" % (
            epoch, train_loss, 100 * train_acc, val_loss, 100 * val_acc, epoch_s[-1]), file=sys.stderr)

    train_loss, train_acc, val_loss, val_acc = history[-1]
    print(json.dumps({
        "torch": torch.__version__,
        "numpy": np.__version__,
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "batching": "manual indexing of a per-epoch permutation (no DataLoader)",
        "train_rows": len(x_train),
        "val_rows": len(x_val),
        "load_s": round(load_s, 4),
        "prepare_s": round(prepare_s, 4),
        "train_s": round(sum(epoch_s), 4),
        "epoch_s": [round(s, 4) for s in epoch_s],
        "train_loss": train_loss,
        "train_accuracy": train_acc,
        "val_loss": val_loss,
        "val_accuracy": val_acc,
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
