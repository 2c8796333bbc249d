#!/usr/bin/env bash
# A whole training run, `./vecnet train` against PyTorch (bench/torch_train.py), on the same data and
# recipe, for each thread count: wall time of the command, training time, final validation accuracy.
# See bench/README.md, "train_vs_torch.sh".
#
#   bench/train_vs_torch.sh
#   ROWS=3000 EPOCHS=2 bench/train_vs_torch.sh          # a smoke test (seconds of training, not a measurement)
#
# Environment:
#   ROWS     rows of the generated data set (bench/make_train_csv.py), default 60000
#   DATA     a CSV file to use instead of generating one (ROWS is then ignored)
#   EPOCHS   epochs, default 10
#   THREADS  thread counts, default "1 2"
#   OUT      the JSON result, default bench/target/train-vs-torch.json
#
# Exit status: 0 when every run finished (also when PyTorch is missing and its side was skipped), 1 when a
# run failed, 2 for bad settings.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# Debian's PyTorch and numpy are installed for the system Python, whatever python3 is first on the PATH.
torch_python=/usr/bin/python3

rows="${ROWS:-60000}"
epochs="${EPOCHS:-10}"
threads="${THREADS:-1 2}"
out="${OUT:-$here/target/train-vs-torch.json}"

fail() { echo "train_vs_torch: $*" >&2; exit 2; }
[[ "$rows" =~ ^[1-9][0-9]*$ ]] || fail "ROWS must be a whole number from 1, was '$rows'"
[[ "$epochs" =~ ^[1-9][0-9]*$ ]] || fail "EPOCHS must be a whole number from 1, was '$epochs'"
for n in $threads; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || fail "THREADS must be whole numbers from 1, was '$threads'"
done
[[ -n "${threads// /}" ]] || fail "THREADS is empty"
# Each count once, in order: a repeated count would reuse its run's output folder.
threads="$(printf '%s\n' $threads | sort -nu | tr '\n' ' ')"
threads="${threads% }"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -n "${DATA:-}" ]]; then
    [[ -f "$DATA" ]] || fail "DATA: no such file: $DATA"
    data="$(cd "$(dirname "$DATA")" && pwd)/$(basename "$DATA")"
    data_description="$data"
else
    data="$work/train.csv"
    data_description="bench/make_train_csv.py, $rows rows x 784 features, 10 classes (seed 7)"
    echo "train_vs_torch: writing $rows rows to $data ..." >&2
    "$torch_python" "$here/make_train_csv.py" "$data" "$rows"
fi

# The recipe. Everything not named here keeps the CLI's default (standardisation on, He-normal
# initialisation, softmax loss); torch_train.py does the same preprocessing.
recipe=(--arch 784-256relu-128relu-10 --optimizer adam --lr 1e-3 --schedule constant --l2 0
        --batch-size 64 --validation-fraction 0.1 --test-fraction 0 --epochs "$epochs" --seed 42)

torch_skipped=()
if ! "$torch_python" -c 'import torch' 2>/dev/null; then
    echo "train_vs_torch: PyTorch cannot be imported by $torch_python: the PyTorch side is skipped," \
         "vecnet is timed alone" >&2
    torch_skipped=(--torch-skipped "PyTorch cannot be imported by $torch_python")
fi

# Builds first if the sources changed, so that no build lands in the first timing.
"$root/vecnet" --version >/dev/null
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1 > "$work/java-version" || true

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

# Shows a failed run's output and stops: a comparison with a failed side means nothing.
failed() {
    echo "train_vs_torch: $1 failed (exit $2); its output:" >&2
    cat "$3" "$4" >&2
    exit 1
}

# vecnet and PyTorch alternate per thread count, so that whatever else the machine does hits both alike.
for n in $threads; do
    echo "train_vs_torch: vecnet, $n thread(s) ..." >&2
    start=$(now)
    rc=0
    "$root/vecnet" train --data "$data" "${recipe[@]}" --threads "$n" --out "$work/vecnet-t$n" \
        > "$work/vecnet-t$n.log" 2> "$work/vecnet-t$n.err" || rc=$?
    end=$(now)
    [[ $rc -eq 0 ]] || failed "./vecnet train --threads $n" "$rc" "$work/vecnet-t$n.log" "$work/vecnet-t$n.err"
    elapsed "$start" "$end" > "$work/vecnet-t$n.wall"

    if [[ ${#torch_skipped[@]} -eq 0 ]]; then
        echo "train_vs_torch: PyTorch, $n thread(s) ..." >&2
        start=$(now)
        rc=0
        "$torch_python" "$here/torch_train.py" --data "$data" --threads "$n" --epochs "$epochs" --seed 42 \
            --batch-size 64 --lr 1e-3 --validation-fraction 0.1 \
            > "$work/torch-t$n.json" 2> "$work/torch-t$n.err" || rc=$?
        end=$(now)
        [[ $rc -eq 0 ]] || failed "bench/torch_train.py --threads $n" "$rc" "$work/torch-t$n.json" "$work/torch-t$n.err"
        elapsed "$start" "$end" > "$work/torch-t$n.wall"
    fi
done

# The report needs only the standard library: any python3 will do, else the system one.
report_python="$(command -v python3 || echo "$torch_python")"
rc=0
"$report_python" "$here/train_vs_torch_report.py" "$work" --threads "$threads" --epochs "$epochs" \
    --data "$data_description" --out "$out" "${torch_skipped[@]}" || rc=$?
[[ $rc -eq 0 ]] || { echo "train_vs_torch: building the report failed (exit $rc)" >&2; exit 1; }
