"""Tests of bench/run's BENCH_ISA logic and of the arguments it gives the JMH host, without JMH.

    python3 bench/test_run.py                                  # from the repository root
    python3 -m unittest discover -s bench -p 'test_*.py'

bench/run is run with BENCH_DRY_RUN=1 (print the java command line, exit 0: no install, no build, no
benchmark) and BENCH_CPUINFO pointing at a made-up /proc/cpuinfo. Standard library only.
"""

import os
import shlex
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.join(HERE, "run")

AVX512 = "fpu sse sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl"
AVX2 = "fpu sse sse2 avx avx2 fma"


class RunDryRunTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def cpuinfo(self, flags, model="Test CPU @ 3.00GHz", flags_key="flags"):
        path = os.path.join(self.tmp.name, "cpuinfo")
        with open(path, "w") as f:
            f.write("processor\t: 0\n")
            if model is not None:
                f.write("model name\t: %s\n" % model)
            f.write("%s\t\t: %s\n\nprocessor\t: 1\n%s\t\t: %s\n" % (flags_key, flags, flags_key, flags))
        return path

    def run_script(self, cpuinfo, isa=None, args=(), **extra_env):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BENCH_", "OPENBLAS_"))}
        env.update(BENCH_DRY_RUN="1", BENCH_CPUINFO=cpuinfo, **extra_env)
        if isa is not None:
            env["BENCH_ISA"] = isa
        p = subprocess.run(["bash", RUN] + list(args), capture_output=True, text=True, env=env, timeout=30)
        return p.returncode, p.stdout, p.stderr

    def command(self, stdout):
        """The printed command line as words: environment assignments first, then java ...; the host's
        arguments are the words before -jar."""
        words = shlex.split(stdout.strip())
        env = {}
        while "=" in words[0] and not words[0].startswith("-"):
            k, v = words.pop(0).split("=", 1)
            env[k] = v
        jar = words.index("-jar")
        return env, words[1:jar], words[jar + 2:]

    def test_native_on_avx512(self):
        rc, out, err = self.run_script(self.cpuinfo(AVX512), args=["GemmBench", "-p", "n=512"])
        self.assertEqual(rc, 0, err)
        env, host, jmh = self.command(out)
        self.assertIn("-Dvecnet.bench.isa=avx512", host)
        self.assertIn("-Dvecnet.bench.cpu=Test CPU @ 3.00GHz", host)
        self.assertIn("-Dvecnet.bench.openblasCoretype=native", host)
        self.assertNotIn("-XX:UseAVX=2", host)
        self.assertEqual(env, {"OPENBLAS_NUM_THREADS": "1"})
        self.assertEqual(jmh[:3], ["GemmBench", "-p", "n=512"])
        self.assertIn("-rff", jmh)
        self.assertIn("ISA: avx512 (BENCH_ISA=native); CPU: Test CPU @ 3.00GHz; OpenBLAS core type: native", err)

    def test_native_on_avx2_and_elsewhere(self):
        rc, out, _ = self.run_script(self.cpuinfo(AVX2))
        self.assertEqual(rc, 0)
        self.assertIn("-Dvecnet.bench.isa=avx2", self.command(out)[1])
        # An arm64 cpuinfo: "Features", no "model name": the ISA and the CPU fall back to uname -m.
        machine = os.uname().machine
        rc, out, _ = self.run_script(self.cpuinfo("fp asimd sve", model=None, flags_key="Features"))
        self.assertEqual(rc, 0)
        host = self.command(out)[1]
        self.assertIn("-Dvecnet.bench.isa=" + machine, host)
        self.assertIn("-Dvecnet.bench.cpu=" + machine, host)

    def test_avx2_limits_hotspot_and_openblas(self):
        rc, out, err = self.run_script(self.cpuinfo(AVX512), isa="avx2", OPENBLAS_CORETYPE="SkylakeX")
        self.assertEqual(rc, 0, err)
        env, host, _ = self.command(out)
        self.assertIn("-XX:UseAVX=2", host)
        self.assertIn("-Dvecnet.bench.isa=avx2", host)
        self.assertIn("-Dvecnet.bench.openblasCoretype=Haswell", host)
        self.assertEqual(env.get("OPENBLAS_CORETYPE"), "Haswell")
        rc, out, err = self.run_script(self.cpuinfo("fpu sse sse2 avx"), isa="avx2")
        self.assertEqual(rc, 2)
        self.assertEqual(out, "")
        self.assertIn("no AVX2", err)

    def test_native_unsets_openblas_overrides(self):
        rc, out, err = self.run_script(self.cpuinfo(AVX512), OPENBLAS_CORETYPE="Haswell", OPENBLAS_L2_SIZE="1")
        self.assertEqual(rc, 0, err)
        self.assertNotIn("OPENBLAS_CORETYPE", self.command(out)[0])
        self.assertIn("unsetting OPENBLAS_CORETYPE=Haswell", err)

    def test_avx512_needs_avx512f(self):
        rc, out, err = self.run_script(self.cpuinfo(AVX512), isa="avx512")
        self.assertEqual(rc, 0, err)
        host = self.command(out)[1]
        self.assertIn("-Dvecnet.bench.isa=avx512", host)
        self.assertNotIn("-XX:UseAVX=2", host)
        rc, out, err = self.run_script(self.cpuinfo(AVX2), isa="avx512")
        self.assertEqual(rc, 2)
        self.assertEqual(err.strip().count("\n"), 0, err)
        self.assertIn("no AVX-512", err)

    def test_invalid_isa_is_one_line_naming_value_and_choices(self):
        rc, out, err = self.run_script(self.cpuinfo(AVX512), isa="sse4")
        self.assertEqual(rc, 2)
        self.assertEqual(out, "")
        self.assertEqual(err.strip().count("\n"), 0, err)
        for word in ("sse4", "native", "avx2", "avx512"):
            self.assertIn(word, err)

    def test_jvmargs_warns(self):
        rc, out, err = self.run_script(self.cpuinfo(AVX512), args=["-jvmArgs", "-Dx=1", "-l"])
        self.assertEqual(rc, 0, err)
        self.assertIn("use -jvmArgsAppend", err)


if __name__ == "__main__":
    unittest.main()
