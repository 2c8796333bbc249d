package dev.vecnet.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.vecnet.kernel.Epilogue;
import dev.vecnet.kernel.Gemm;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;
import dev.vecnet.optim.Optimizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One training step (forward, loss, backward, optimizer update) of the workloads in {@link TrainWorkload},
 * in microseconds per step, on one thread or (the {@code threads} parameter) split across a
 * {@link WorkerTeam} team; the ratio of the two is the step's scaling, and both give the same bits.
 *
 * <p>{@code vecnet}: {@code ctx.forwardBackward(x, 0, batch, labels, targets)} on a training context
 * created in setup, then {@code optimizer.step(net.parameters(), ctx.gradients())} and
 * {@code net.parametersChanged()} (which marks the weights for repacking), on one fixed batch drawn in setup from a fixed
 * seed; the network keeps training on it for the whole run, as PyTorch's loop in
 * {@code bench/torch_baseline.py} does.
 *
 * <p>{@code openblasGemm}: only the matrix products of the same step, through OpenBLAS {@code sgemm}
 * (per layer {@code Y = X W^T} and {@code dW = dY^T X}, and {@code dX = dY W} for every layer but the
 * first), with no elementwise work and no update. It is the reference for the step's GEMM rate: with
 * {@code F = TrainWorkload.stepGflop()} (printed in setup), vecnet's step reaches {@code F / t_vecnet} and
 * OpenBLAS's products alone {@code F / t_openblas} GFLOP/s; W4's target is a ratio of at least 0.8.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// 15 s: on a two-vCPU machine C2 is still compiling the step's glue (sgemm, the layers' forward and backward,
// the optimizer's step) 5-8 s into a fork, behind the GEMM kernels, and a shorter warm-up times that code in C1's
// profiling tier in some forks and not in others (docs/results/HISTORY.md, 2026-12-08).
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class TrainBench {
    @Param({"W1", "W1b", "W3", "W4"})
    public String workload;

    /**
     * Threads the vecnet step is split across: 1 runs on the calling thread (no team), more on a
     * {@link WorkerTeam} team created once per trial. The OpenBLAS products stay single-threaded.
     */
    @Param({"1", "2"})
    public int threads;

    /**
     * Data-parallel slices of the vecnet step ({@code Network.newTrainingContext(batch, false, team,
     * slices)}): 1 (the default) runs the whole batch in one context with every pass split across the team;
     * more cut the batch into that many replicas' slices, which the team runs side by side. Not for
     * workloads with BatchNorm.
     */
    @Param({"1"})
    public int slices;

    private WorkerTeam team;

    private Network net;
    private TrainingContext ctx;
    private Optimizer optimizer;
    private float[] x;
    private int[] labels;
    private float[] targets;
    private int batch;

    private BLAS blas;
    private int[] sizes;
    /** Per layer l: its input X[batch][in], weight W[out][in], output Y and dY [batch][out], dW, dX. */
    private float[][] layerX;
    private float[][] layerW;
    private float[][] layerY;
    private float[][] layerDy;
    private float[][] layerDw;
    private float[][] layerDx;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        TrainWorkload w = TrainWorkload.named(workload);
        batch = w.batch;
        net = w.network(1);
        team = threads > 1 ? new WorkerTeam(threads) : null;
        ctx = net.newTrainingContext(batch, false, team, slices);
        optimizer = w.optimizer();
        x = w.inputs(2);
        labels = w.labels(3);
        targets = w.targets(x);
        double first = vecnet();
        double second = vecnet();
        if (!Double.isFinite(first) || !Double.isFinite(second)) {
            throw new IllegalStateException("training loss is not finite: " + first + ", " + second);
        }
        System.out.printf(Locale.ROOT, "[bench] TrainBench %s: %s, batch %d, %s, loss %s, %d thread(s), %d slice(s); GEMM"
                + " work per step %.6f GFLOP%n", workload, net.architecture(), batch, optimizer.name(), net.loss().name(),
                threads, slices, w.stepGflop());

        blas = BenchSupport.openBlas();
        sizes = w.sizes();
        int layers = sizes.length - 1;
        layerX = new float[layers][];
        layerW = new float[layers][];
        layerY = new float[layers][];
        layerDy = new float[layers][];
        layerDw = new float[layers][];
        layerDx = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            layerX[l] = BenchSupport.random(batch * in, 10 + l);
            layerW[l] = BenchSupport.random(out * in, 20 + l);
            layerY[l] = new float[batch * out];
            layerDy[l] = BenchSupport.random(batch * out, 30 + l);
            layerDw[l] = new float[out * in];
            layerDx[l] = new float[batch * in];
        }
        checkOpenBlasForward();
    }

    /** Each layer's forward product from OpenBLAS against vecnet's and a double reference. */
    private void checkOpenBlasForward() {
        openblasGemm();
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] fromVecnet = new float[batch * out];
            Gemm.sgemm(false, true, batch, out, in, 1f, layerX[l], 0, in, layerW[l], 0, in, 0f, fromVecnet, 0, out);
            BenchSupport.check("TrainBench " + workload + " layer " + l + " forward", false, true, batch, out, in,
                    layerX[l], in, layerW[l], in, null, Epilogue.IDENTITY,
                    "vecnet", fromVecnet, "openblas", Arrays.copyOf(layerY[l], batch * out), out);
        }
    }

    /** Stops the team's workers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (team != null) {
            team.close();
        }
    }

    @Benchmark
    public double vecnet() {
        double loss = ctx.forwardBackward(x, 0, batch, labels, targets).loss();
        optimizer.step(net.parameters(), ctx.gradients(), team);
        net.parametersChanged();
        return loss;
    }

    @Benchmark
    public float[] openblasGemm() {
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            BenchSupport.sgemmRowMajor(blas, false, true, batch, out, in, 1f, layerX[l], in, layerW[l], in,
                    0f, layerY[l], out);
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            BenchSupport.sgemmRowMajor(blas, true, false, out, in, batch, 1f, layerDy[l], out, layerX[l], in,
                    0f, layerDw[l], in);
            if (l > 0) {
                BenchSupport.sgemmRowMajor(blas, false, false, batch, in, out, 1f, layerDy[l], out, layerW[l], in,
                        0f, layerDx[l], in);
            }
        }
        return layerDw[0];
    }
}
