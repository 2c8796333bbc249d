package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;

import java.util.SplittableRandom;

/**
 * Batch normalisation over the features of a {@code [batch][features]} input, with PyTorch's
 * {@code nn.BatchNorm1d} semantics (eps 1e-5, momentum 0.1 by default):
 * <pre>
 *   training:   mean, var = per-feature mean and biased variance of the batch
 *               xhat = (x - mean) / sqrt(var + eps);   y = gamma * xhat + beta
 *               running_mean = (1 - momentum) running_mean + momentum * mean
 *               running_var  = (1 - momentum) running_var  + momentum * var * batch / (batch - 1)
 *   evaluation: y = gamma * (x - running_mean) / sqrt(running_var + eps) + beta
 * </pre>
 * Backward (training mode), per feature:
 * {@code dx = gamma / (batch * sqrt(var + eps)) * (batch * dy - sum dy - xhat * sum(dy * xhat))},
 * {@code dgamma = sum dy * xhat}, {@code dbeta = sum dy}.
 *
 * <p>Tensors: {@code weight} (gamma, init 1), {@code bias} (beta, init 0), {@code running_mean} (0),
 * {@code running_var} (1); none is L2-regularised, the running statistics are not trainable.
 * A training batch of one example has no variance: it is rejected, as PyTorch rejects it.
 *
 * <p>Backward after an evaluation-mode forward ({@link TrainingContext#evaluateGradients}) is that of the
 * per-feature affine map of the running statistics, with {@code xhat = (x - running_mean) * invStd} and
 * {@code invStd = 1 / sqrt(running_var + eps)}: {@code dx = dy * gamma * invStd}, {@code dgamma = sum dy * xhat},
 * {@code dbeta = sum dy}.
 */
public final class BatchNorm extends Layer {
    private final float eps;
    private final float momentum;
    private ParameterTensor gamma;
    private ParameterTensor beta;
    private ParameterTensor runningMean;
    private ParameterTensor runningVar;
    private float[] values;
    private long batchesTracked;

    BatchNorm(int size, float eps, float momentum) {
        super(size, size);
        // eps and momentum were checked by LayerSpec.BatchNorm, the only way here.
        this.eps = eps;
        this.momentum = momentum;
    }

    /**
     * Added to the variance before the square root.
     *
     * @return eps, added to the variance before the square root
     */
    public float eps() {
        return eps;
    }

    /**
     * Weight of the current batch in the running statistics.
     *
     * @return the weight of the current batch's statistics in the running statistics (PyTorch's momentum)
     */
    public float momentum() {
        return momentum;
    }

    /**
     * Training batches seen (PyTorch's {@code num_batches_tracked}).
     *
     * @return the number of training batches whose statistics went into the running statistics
     */
    public long batchesTracked() {
        return batchesTracked;
    }

    void setBatchesTracked(long count) {
        batchesTracked = count;
    }

    @Override
    public String describe() {
        return "batchnorm(" + inputSize() + ", eps=" + eps + ", momentum=" + momentum + ")";
    }

    @Override
    public java.util.List<ParameterTensor> tensors() {
        return java.util.List.of(gamma, beta, runningMean, runningVar);
    }

    @Override
    void declare(Parameters.Layout layout, String prefix) {
        int f = inputSize();
        gamma = layout.add(prefix + "weight", 1, f, true, false, true);
        beta = layout.add(prefix + "bias", 1, f, true, false, true);
        runningMean = layout.add(prefix + "running_mean", 1, f, true, false, false);
        runningVar = layout.add(prefix + "running_var", 1, f, true, false, false);
    }

    @Override
    void bind(Parameters parameters, SplittableRandom random) {
        values = parameters.values();
        fill(gamma, 1f);
        fill(beta, 0f);
        fill(runningMean, 0f);
        fill(runningVar, 1f);
    }

    private void fill(ParameterTensor t, float v) {
        java.util.Arrays.fill(values, t.offset(), t.offset() + t.size(), v);
    }

    /** Per-context batch statistics and normalised input, and the passes split by rows or columns. */
    private final class State extends LayerCall {
        final float[] mean;
        final float[] var;
        final float[] invStd;
        final float[] xhat;
        /** Batch statistics and the running-statistics update of columns {@code [from, to)}. */
        final WorkerTeam.Range statistics = (part, from, to) -> statistics(this, from, to);
        /** Normalisation of rows {@code [from, to)} with the batch statistics, keeping xhat. */
        final WorkerTeam.Range normaliseBatch = (part, from, to) -> normalise(this, true, from, to);
        /** Normalisation of rows {@code [from, to)} with the running statistics. */
        final WorkerTeam.Range normaliseRunning = (part, from, to) -> normalise(this, false, from, to);
        /** Backward of columns {@code [from, to)}: each column's sums over all rows, then its dx. */
        final WorkerTeam.Range backwardColumns = (part, from, to) -> backwardColumns(this, from, to);
        /** Backward of columns {@code [from, to)} after an evaluation-mode forward (the running statistics). */
        final WorkerTeam.Range evaluatedBackwardColumns = (part, from, to) -> evaluatedBackwardColumns(this, from, to);
        /** Whether the last forward on this state normalised with the running statistics. */
        boolean evaluated;

        State(int maxBatch, int f, boolean forTraining, WorkerTeam team) {
            super(team);
            mean = new float[f];
            var = new float[f];
            invStd = new float[f];
            xhat = forTraining ? new float[maxBatch * f] : null;
        }
    }

    @Override
    LayerState newState(int maxBatch, boolean forTraining, WorkerTeam team) {
        return new State(maxBatch, inputSize(), forTraining, team);
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        State s = (State) state;
        int f = inputSize();
        s.evaluated = !training;
        if (!training) {
            for (int j = 0; j < f; j++) {
                s.invStd[j] = (float) (1.0 / Math.sqrt(values[runningVar.offset() + j] + eps));
            }
            s.set(x, xOff, y, null, null, null, batch);
            WorkerTeam.forEachRow(s.team, batch, f, s.normaliseRunning);
            s.clear();
            return;
        }
        if (batch < 2) {
            throw new IllegalArgumentException("batch norm in training mode needs at least 2 examples per batch, got "
                    + batch + " (a single example has no batch variance)");
        }
        s.set(x, xOff, y, null, null, null, batch);
        WorkerTeam.forEachColumn(s.team, batch, f, s.statistics);
        batchesTracked++;
        WorkerTeam.forEachRow(s.team, batch, f, s.normaliseBatch);
        s.clear();
    }

    /** Columns {@code [from, to)}: batch mean and variance, inverse std, running statistics. */
    private void statistics(State s, int from, int to) {
        int f = inputSize();
        int batch = s.batch;
        Elementwise.columnMeanVariance(batch, to - from, s.x, s.xOff + from, f, s.mean, from, s.var, from);
        float unbias = (float) batch / (batch - 1);
        for (int j = from; j < to; j++) {
            s.invStd[j] = (float) (1.0 / Math.sqrt(s.var[j] + eps));
            int m = runningMean.offset() + j;
            int v = runningVar.offset() + j;
            values[m] = (1 - momentum) * values[m] + momentum * s.mean[j];
            values[v] = (1 - momentum) * values[v] + momentum * s.var[j] * unbias;
        }
    }

    /**
     * Rows {@code [from, to)}: {@code y = gamma * (x - mean) * invStd + beta}, with the batch mean (and xhat
     * kept) when {@code batchStatistics}, else with the running mean.
     */
    private void normalise(State s, boolean batchStatistics, int from, int to) {
        int f = inputSize();
        float[] mean = batchStatistics ? s.mean : values;
        int meanOff = batchStatistics ? 0 : runningMean.offset();
        float[] xhat = batchStatistics ? s.xhat : null;
        Elementwise.batchNormForward(to - from, f, s.x, s.xOff + from * f, f, mean, meanOff, s.invStd, 0,
                values, gamma.offset(), values, beta.offset(), xhat, from * f, f, s.y, from * f, f);
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        State s = (State) state;
        // Without a dx buffer (first layer) the input gradient goes into dy, which is ours to overwrite.
        s.set(x, xOff, y, dy, dx != null ? dx : dy, dParameters, batch);
        WorkerTeam.forEachColumn(s.team, batch, inputSize(), s.evaluated ? s.evaluatedBackwardColumns : s.backwardColumns);
        s.clear();
    }

    /**
     * Columns {@code [from, to)} of the backward of the evaluation-mode map
     * {@code y = gamma * (x - running_mean) * invStd + beta}, with the invStd of the forward: each column's sums in
     * row order, then its dx (which may overwrite dy: each element of dy is read before its dx is written).
     */
    private void evaluatedBackwardColumns(State s, int from, int to) {
        int f = inputSize();
        int batch = s.batch;
        for (int j = from; j < to; j++) {
            float mean = values[runningMean.offset() + j];
            float invStd = s.invStd[j];
            float scale = values[gamma.offset() + j] * invStd;
            float dGamma = 0f;
            float dBeta = 0f;
            for (int i = 0; i < batch; i++) {
                float g = s.dy[i * f + j];
                dBeta += g;
                dGamma += g * ((s.x[s.xOff + i * f + j] - mean) * invStd);
                s.dx[i * f + j] = g * scale;
            }
            s.dParameters[gamma.offset() + j] = dGamma;
            s.dParameters[beta.offset() + j] = dBeta;
        }
    }

    private void backwardColumns(State s, int from, int to) {
        int f = inputSize();
        Elementwise.batchNormBackward(s.batch, to - from, s.dy, from, f, s.xhat, from, f, values, gamma.offset() + from,
                s.invStd, from, s.dx, from, f, s.dParameters, gamma.offset() + from, s.dParameters, beta.offset() + from);
    }
}
