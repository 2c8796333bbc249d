#!/usr/bin/env python3
"""Writes a learnable 10-class CSV of 784 features for timing `./vecnet train --threads N`.

    /usr/bin/python3 bench/make_train_csv.py OUT.csv [ROWS]     (default 60000 rows, about 0.3 GB)

Needs numpy. Features are uniform in [0, 1) with 3 decimals; the label is the argmax of (x - 0.5) @ W for a
fixed random W [784][10], all from seed 7, so a network can learn it. The file is not committed (it is
large); it is regenerated bit for bit from the seed.
"""
import sys

import numpy as np


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 60000
    features, classes = 784, 10
    rng = np.random.default_rng(7)
    w = rng.standard_normal((features, classes))
    x = rng.integers(0, 1000, size=(rows, features)) / 1000.0
    labels = np.argmax((x - 0.5) @ w, axis=1)
    header = ",".join("f%d" % i for i in range(features)) + ",label"
    data = np.hstack([x, labels[:, None]])
    fmt = ["%.3f"] * features + ["%d"]
    np.savetxt(out, data, fmt=fmt, delimiter=",", header=header, comments="")


if __name__ == "__main__":
    main()
