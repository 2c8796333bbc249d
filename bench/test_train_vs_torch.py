"""Tests of bench/train_vs_torch_report.py (the table and JSON of bench/train_vs_torch.sh), without running
vecnet or PyTorch, and of the script's checks of its settings.

    python3 bench/test_train_vs_torch.py                       # from the repository root
    python3 -m unittest discover -s bench -p 'test_*.py'

The runs' files are made up in a temporary directory, laid out as the script leaves them. Standard library
only.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "train_vs_torch.sh")
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no compiled copy of the module next to it
import train_vs_torch_report as report  # noqa: E402

VECNET_LOG = """\
data     train: 2700 training, 300 validation, 0 test examples; 784 features, 10 classes; standardised
network  784-256relu-128relu-10: 235146 parameters, loss softmax, init he-normal, l2 0.0
training adam lr=0.001 beta1=0.9 beta2=0.999, schedule constant, 2 epochs of batch 64, seed 42, 2 threads
epoch  train loss  train acc    val loss    val acc         lr    time
    1      1.4381     66.19%      2.2218     20.33%   1.00e-03  12.97s
    2      0.5849     93.67%      2.0867     29.00%   1.00e-03   1.01s
no test part (--test-fraction 0); trained in {trained} s
wrote:
  model    /tmp/x/model.safetensors
"""



def vecnet_log(trained):
    return VECNET_LOG.replace("{trained}", trained)


# As vecnet writes it: no newline after the last row.
HISTORY = ("epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds\n"
           "1,1.438101,0.661852,2.221815,0.203333,0.00100000,12.975\n"
           "2,0.584927,0.936667,2.086748,%s,0.00100000,1.005")


def torch_line(train_s, val_accuracy=0.4, threads=1):
    return json.dumps({"torch": "1.13.0a0", "threads": threads, "batching": "manual indexing",
                       "load_s": 0.3, "prepare_s": 0.2, "train_s": train_s, "epoch_s": [train_s / 2] * 2,
                       "val_accuracy": val_accuracy})


def load_json(path):
    with open(path) as f:
        return json.load(f)


class ParsingTest(unittest.TestCase):
    def test_trained_seconds(self):
        self.assertEqual(report.trained_seconds(vecnet_log("14.0")), 14.0)
        # With a test part the seconds follow the test accuracy on the same line.
        self.assertEqual(report.trained_seconds(
            "test accuracy: 98.05% (352 of 359 examples); trained in 0.9 s\n"), 0.9)
        self.assertEqual(report.trained_seconds("trained in 12 s"), 12.0)
        with self.assertRaises(report.ReportError):
            report.trained_seconds("vecnet train: training diverged at epoch 1, step 2")

    def test_data_counts(self):
        self.assertEqual(report.data_counts(vecnet_log("1.0")), (2700, 300, 0))
        self.assertIsNone(report.data_counts("no data line"))

    def test_history(self):
        accuracy, seconds = report.history(HISTORY % "0.290000")
        self.assertEqual(accuracy, 0.29)
        self.assertEqual(seconds, [12.975, 1.005])
        with self.assertRaises(report.ReportError):
            report.history("epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds\n")
        with self.assertRaises(report.ReportError):
            report.history("epoch,loss\n1,0.5\n")

    def test_torch_result_is_the_last_json_line(self):
        text = "a warning PyTorch printed\n" + torch_line(0.75) + "\n"
        self.assertEqual(report.torch_result(text)["train_s"], 0.75)
        with self.assertRaises(report.ReportError):
            report.torch_result("Traceback (most recent call last):\n  ...\n")
        with self.assertRaises(report.ReportError):
            report.torch_result('{"other": 1}\n')


class ReportTest(unittest.TestCase):
    VECNET = {1: {"wall_s": 30.0, "trained_s": 20.0, "val_accuracy": 0.9, "epoch_s": [10.0, 10.0]},
              2: {"wall_s": 24.0, "trained_s": 12.0, "val_accuracy": 0.9, "epoch_s": [6.0, 6.0]}}
    TORCH = {1: {"train_s": 10.0, "wall_s": 16.0, "load_s": 3.0, "val_accuracy": 0.88},
             2: {"train_s": 8.0, "wall_s": 16.5, "load_s": 3.0, "val_accuracy": 0.87}}

    def test_ratios_per_thread_count(self):
        r = report.build_report(self.VECNET, self.TORCH)
        self.assertEqual([run["threads"] for run in r["runs"]], [1, 2])
        one, two = r["runs"]
        self.assertAlmostEqual(one["ratio_train"], 2.0)
        self.assertAlmostEqual(one["ratio_wall"], 30.0 / 16.0)
        self.assertAlmostEqual(two["ratio_train"], 1.5)
        self.assertEqual(two["ratio_wall"], 1.4545)   # 24 / 16.5, to 4 decimals
        self.assertEqual(two["torch_val_accuracy"], 0.87)

    def test_vecnet_on_most_threads_against_the_better_torch_run(self):
        # PyTorch trains faster on 2 threads but its whole process is faster on 1: each ratio takes its best.
        best = report.build_report(self.VECNET, self.TORCH)["vecnet_vs_best_torch"]
        self.assertEqual(best["vecnet_threads"], 2)
        self.assertEqual(best["torch_best_train_threads"], 2)
        self.assertAlmostEqual(best["ratio_train"], 12.0 / 8.0)
        self.assertEqual(best["torch_best_wall_threads"], 1)
        self.assertAlmostEqual(best["ratio_wall"], 24.0 / 16.0)

    def test_without_torch(self):
        r = report.build_report(self.VECNET, {}, {"torch_skipped": "no torch"})
        self.assertIsNone(r["vecnet_vs_best_torch"])
        self.assertIsNone(r["runs"][0]["ratio_train"])
        table = report.format_table(r)
        self.assertIn("PyTorch side skipped: no torch", table)
        self.assertNotIn("better run", table)
        self.assertNotIn("ratios:", table)
        # The torch columns show a dash; vecnet's still have their numbers.
        row = table.splitlines()[1].split()
        self.assertEqual(row[:3], ["1", "30.00", "20.0"])
        self.assertEqual(row.count("-"), 6)

    def test_ratio_guards(self):
        self.assertIsNone(report.ratio(1.0, None))
        self.assertIsNone(report.ratio(None, 1.0))
        self.assertIsNone(report.ratio(1.0, 0.0))
        self.assertEqual(report.ratio(3.0, 2.0), 1.5)

    def test_table(self):
        table = report.format_table(report.build_report(self.VECNET, self.TORCH))
        lines = table.splitlines()
        self.assertEqual(lines[0].split("  ")[0].strip(), "threads")
        self.assertEqual(lines[1].split(), ["1", "30.00", "20.0", "3.00", "10.00", "16.00", "2.00x", "1.88x",
                                            "90.00%", "88.00%"])
        self.assertIn("vecnet on 2 threads against PyTorch's better run: training 1.50x (PyTorch on 2), "
                      "wall 1.50x (PyTorch on 1)", table)
        # Columns line up: every row as long as the header.
        self.assertEqual(len(lines[1]), len(lines[0]))
        self.assertEqual(len(lines[2]), len(lines[0]))


class CommandLineTest(unittest.TestCase):
    """The module's main() on a directory laid out as bench/train_vs_torch.sh leaves it."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.work = self.tmp.name

    def write(self, name, text):
        path = os.path.join(self.work, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def make_runs(self, with_torch=True):
        for n, trained, wall in [(1, "14.0", "22.2"), (2, "9.5", "17.5")]:
            self.write("vecnet-t%d.log" % n, vecnet_log(trained))
            self.write("vecnet-t%d.wall" % n, wall + "\n")
            self.write("vecnet-t%d/history-epochs.csv" % n, HISTORY % "0.290000")
            if with_torch:
                self.write("torch-t%d.json" % n, torch_line(0.75 if n == 1 else 0.6, threads=n) + "\n")
                self.write("torch-t%d.wall" % n, "8.4\n")
        self.write("java-version", 'openjdk version "25.0.1" 2025-10-21\n')

    def run_main(self, *extra):
        out = os.path.join(self.work, "result", "r.json")
        args = [self.work, "--threads", "1 2", "--epochs", "2", "--data", "made up", "--out", out] + list(extra)
        p = subprocess.run([sys.executable, os.path.join(HERE, "train_vs_torch_report.py")] + args,
                           capture_output=True, text=True, timeout=30)
        return p, out

    def test_writes_table_and_json(self):
        self.make_runs()
        p, out = self.run_main()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("wall ratio", p.stdout)
        self.assertIn("training 15.83x (PyTorch on 2)", p.stdout)   # 9.5 / 0.6
        r = load_json(out)
        self.assertEqual(r["recipe"]["epochs"], 2)
        self.assertEqual(r["recipe"]["arch"], "784-256relu-128relu-10")
        self.assertEqual((r["train_rows"], r["val_rows"]), (2700, 300))
        self.assertEqual(r["torch"], "1.13.0a0")
        self.assertEqual(r["java"], 'openjdk version "25.0.1" 2025-10-21')
        self.assertIsNone(r["torch_skipped"])
        self.assertEqual(r["runs"][1]["vecnet_wall_s"], 17.5)
        self.assertEqual(r["runs"][1]["vecnet_epoch_s"], [12.975, 1.005])
        self.assertEqual(r["runs"][0]["ratio_wall"], 2.6429)   # 22.2 / 8.4, to 4 decimals

    def test_torch_skipped(self):
        self.make_runs(with_torch=False)
        p, out = self.run_main("--torch-skipped", "PyTorch cannot be imported")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("PyTorch side skipped: PyTorch cannot be imported", p.stdout)
        r = load_json(out)
        self.assertEqual(r["torch_skipped"], "PyTorch cannot be imported")
        self.assertIsNone(r["vecnet_vs_best_torch"])

    def test_missing_or_malformed_run(self):
        self.make_runs()
        os.remove(os.path.join(self.work, "torch-t2.json"))
        p, out = self.run_main()
        self.assertEqual(p.returncode, 2)
        self.assertIn("torch-t2.json", p.stderr)
        self.assertFalse(os.path.exists(out))
        self.make_runs()
        self.write("vecnet-t1.wall", "soon\n")
        p, _ = self.run_main()
        self.assertEqual(p.returncode, 2)
        self.assertIn("not a number of seconds", p.stderr)


class ScriptSettingsTest(unittest.TestCase):
    """bench/train_vs_torch.sh refuses bad settings (exit 2) before it builds or runs anything."""

    def run_script(self, **env):
        full = {k: v for k, v in os.environ.items() if k not in ("ROWS", "DATA", "EPOCHS", "THREADS", "OUT")}
        full.update(env)
        return subprocess.run(["bash", SCRIPT], capture_output=True, text=True, env=full, timeout=30)

    def test_bad_settings(self):
        for env, message in [({"ROWS": "0"}, "ROWS"), ({"EPOCHS": "two"}, "EPOCHS"),
                             ({"THREADS": "1 x"}, "THREADS"), ({"THREADS": " "}, "THREADS"),
                             ({"DATA": "/nonexistent/data.csv"}, "no such file")]:
            p = self.run_script(**env)
            self.assertEqual(p.returncode, 2, (env, p.stderr))
            self.assertIn(message, p.stderr)


if __name__ == "__main__":
    unittest.main()
