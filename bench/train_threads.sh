#!/usr/bin/env bash
# Times `./vecnet train` on one CSV with --threads 1 and --threads N and checks that the two model files
# hold the same tensors, bit for bit, name by name (the files' bytes may differ: the order in which the
# preprocessing tensors are written is not fixed between JVM runs). See docs/benchmarks.md.
#
#   bench/train_threads.sh DATA.csv [N] [EPOCHS]      (defaults: N = 2, EPOCHS = 10)
#
# Make the data with: /usr/bin/python3 bench/make_train_csv.py DATA.csv 60000
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="$1"
threads="${2:-2}"
epochs="${3:-10}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$here/../vecnet" --version >/dev/null   # builds first if the sources changed, outside the timings
for n in 1 "$threads"; do
  start=$(date +%s.%N)
  "$here/../vecnet" train --data "$data" --epochs "$epochs" --threads "$n" --out "$out/t$n" > "$out/t$n.log"
  end=$(date +%s.%N)
  trained=$(sed -n -E 's/.*trained in ([0-9.]+) s.*/\1/p' "$out/t$n.log")
  printf 'threads %s: wall %.1f s, trained in %s s\n' "$n" "$(echo "$end - $start" | bc)" "$trained"
done
python3 - "$out/t1/model.safetensors" "$out/t$threads/model.safetensors" <<'PY'
import json, struct, sys

def tensors(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    return {k: data[v["data_offsets"][0]:v["data_offsets"][1]] for k, v in header.items() if k != "__metadata__"}

a, b = tensors(sys.argv[1]), tensors(sys.argv[2])
differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
if differ:
    sys.exit("tensors differ: " + ", ".join(differ))
print("all %d tensors identical, bit for bit (%s)" % (len(a), ", ".join(sorted(a))))
PY
