package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;

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

    private static final class State implements LayerState {
        final float[] mean;
        final float[] var;
        final float[] invStd;
        final float[] xhat;

        State(int maxBatch, int f, boolean forTraining) {
            mean = new float[f];
            var = new float[f];
            invStd = new float[f];
            xhat = forTraining ? new float[maxBatch * f] : null;
        }
    }

    @Override
    LayerState newState(int maxBatch, boolean forTraining) {
        return new State(maxBatch, inputSize(), forTraining);
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        State s = (State) state;
        int f = inputSize();
        if (!training) {
            for (int j = 0; j < f; j++) {
                s.invStd[j] = (float) (1.0 / Math.sqrt(values[runningVar.offset() + j] + eps));
            }
            Elementwise.batchNormForward(batch, f, x, xOff, f, values, runningMean.offset(), s.invStd, 0,
                    values, gamma.offset(), values, beta.offset(), null, 0, f, y, 0, f);
            return;
        }
        if (batch < 2) {
            throw new IllegalArgumentException("batch norm in training mode needs at least 2 examples per batch, got "
                    + batch + " (a single example has no batch variance)");
        }
        Elementwise.columnMeanVariance(batch, f, x, xOff, f, s.mean, 0, s.var, 0);
        float unbias = (float) batch / (batch - 1);
        for (int j = 0; j < f; j++) {
            s.invStd[j] = (float) (1.0 / Math.sqrt(s.var[j] + eps));
            int m = runningMean.offset() + j;
            int v = runningVar.offset() + j;
            values[m] = (1 - momentum) * values[m] + momentum * s.mean[j];
            values[v] = (1 - momentum) * values[v] + momentum * s.var[j] * unbias;
        }
        batchesTracked++;
        Elementwise.batchNormForward(batch, f, x, xOff, f, s.mean, 0, s.invStd, 0,
                values, gamma.offset(), values, beta.offset(), s.xhat, 0, f, y, 0, f);
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        State s = (State) state;
        int f = inputSize();
        // Without a dx buffer (first layer) the input gradient goes into dy, which is ours to overwrite.
        float[] dxOut = dx != null ? dx : dy;
        Elementwise.batchNormBackward(batch, f, dy, 0, f, s.xhat, 0, f, values, gamma.offset(), s.invStd, 0,
                dxOut, 0, f, dParameters, gamma.offset(), dParameters, beta.offset());
    }
}
