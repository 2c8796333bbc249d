package dev.vecnet.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gradient checking: compares the analytic gradient of {@link TrainingContext#forwardBackward} with centred
 * differences {@code (L(w + h) - L(w - h)) / (2h)} for every trainable parameter tensor and, optionally,
 * the input, and reports the worst relative error per tensor.
 *
 * <p>Method. The network computes in float32, so the loss carries rounding noise of about
 * {@code 1e-7 |L|}; the numerical derivative's error is that noise over {@code h} plus the truncation
 * error {@code h^2 f'''/6}. A step of {@code 1e-2} balances the two for losses of order 1 (about
 * {@code 1e-5} absolute), which is why the default is larger than the {@code 1e-6} used in double
 * precision. The difference is divided by the step actually taken, {@code float(w + h) - float(w - h)}.
 * The relative error is {@code |a - n| / max(|a|, |n|, floor)}; the floor (default {@code 1e-3}) keeps
 * gradients that are zero in both from reporting noise as error. In float32 expect relative errors
 * around {@code 1e-4..1e-3}; above {@code 1e-2} the gradient is most likely wrong. Kinks (ReLU at 0,
 * the hinge at its margin) make the centred difference straddle two slopes: keep inputs away from them.
 *
 * <p>Dropout: the mask drawn by the first forward pass is reused for every perturbed pass. BatchNorm
 * runs in training mode. All parameter values (running statistics included) are restored afterwards.
 * This is a debugging tool: it creates its own training context, allocates, and costs two forward
 * passes per checked element.
 */
public final class GradientCheck {
    /** Default finite-difference step for float32 networks; see the class comment. */
    public static final double DEFAULT_STEP = 1e-2;
    /** Default floor of the relative error's denominator. */
    public static final double DEFAULT_FLOOR = 1e-3;

    private GradientCheck() {
    }

    /**
     * The result for one tensor.
     *
     * @param name             state-dict name, or {@code "input"}
     * @param checked          elements compared
     * @param maxRelativeError worst relative error
     * @param worstIndex       element of the worst error
     * @param analytic         analytic gradient there
     * @param numerical        numerical gradient there
     */
    public record TensorReport(String name, int checked, double maxRelativeError, int worstIndex,
                               double analytic, double numerical) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%-20s %6d checked  max rel error %.2e  (at %d: analytic %.6g, numerical %.6g)",
                    name, checked, maxRelativeError, worstIndex, analytic, numerical);
        }
    }

    /**
     * All tensors' results.
     *
     * @param tensors per-tensor reports, in state-dict order, the input last
     */
    public record Report(List<TensorReport> tensors) {
        /**
         * The worst relative error over all tensors.
         *
         * @return the largest relative error of any checked element; 0 when nothing was checked
         */
        public double maxRelativeError() {
            double worst = 0;
            for (TensorReport t : tensors) {
                worst = Math.max(worst, t.maxRelativeError());
            }
            return worst;
        }

        /**
         * Whether every tensor's worst relative error is at most {@code tolerance}.
         *
         * @param tolerance the largest relative error accepted
         * @return true if no tensor's worst relative error exceeds tolerance
         */
        public boolean passed(double tolerance) {
            return maxRelativeError() <= tolerance;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (TensorReport t : tensors) {
                sb.append(t).append('\n');
            }
            return sb.toString();
        }
    }

    /**
     * Checks every element of every trainable tensor and of the input, with the default step and floor.
     *
     * @param network the network to check; its parameters, running statistics and mode are restored afterwards
     * @param x the inputs, {@code [batch][inputSize]} from xOff; not modified (the check perturbs a copy)
     * @param xOff index in x of the first example's first feature
     * @param batch the number of examples, in {@code [1, maxBatch]}
     * @param labels class labels {@code [batch]} for a label loss; null otherwise
     * @param targets targets {@code [batch][outputSize]} for a target loss; null otherwise
     * @return the per-tensor results, in state-dict order, the input last when checked
     */
    public static Report check(Network network, float[] x, int xOff, int batch, int[] labels, float[] targets) {
        return check(network, x, xOff, batch, labels, targets, DEFAULT_STEP, DEFAULT_FLOOR, Integer.MAX_VALUE, true);
    }

    /**
     * Checks the gradients of one batch.
     *
     * @param network the network to check; its parameters, running statistics and mode are restored afterwards
     * @param x the inputs, {@code [batch][inputSize]} from xOff; not modified (the check perturbs a copy)
     * @param xOff index in x of the first example's first feature
     * @param batch the number of examples, in {@code [1, maxBatch]}
     * @param labels class labels {@code [batch]} for a label loss; null otherwise
     * @param targets targets {@code [batch][outputSize]} for a target loss; null otherwise
     * @param step           finite-difference step h
     * @param floor          floor of the relative error's denominator
     * @param maxPerTensor   elements checked per tensor at most (a seeded random sample when smaller)
     * @param includeInput   whether to check dL/dx too
     * @return the per-tensor results, in state-dict order, the input last when checked
     */
    public static Report check(Network network, float[] x, int xOff, int batch, int[] labels, float[] targets,
                               double step, double floor, int maxPerTensor, boolean includeInput) {
        if (!(step > 0) || !(floor > 0) || maxPerTensor < 1) {
            throw new IllegalArgumentException("step and floor must be > 0 and maxPerTensor >= 1");
        }
        Parameters parameters = network.parameters();
        float[] values = parameters.values();
        float[] savedValues = values.clone();
        long[] savedTracked = network.batchesTracked();
        TrainingContext ctx = network.newTrainingContext(batch, includeInput);
        float[] input = x.clone();
        try {
            TrainingContext.Step first = ctx.forwardBackward(input, xOff, batch, labels, targets);
            float[] analytic = ctx.gradients().clone();
            float[] analyticInput = includeInput ? first.inputGradient().clone() : null;
            setMaskReplay(ctx, true);
            List<TensorReport> reports = new ArrayList<>();
            SplittableRandom sampler = new SplittableRandom(1);
            for (ParameterTensor t : parameters.tensors()) {
                if (!t.trainable()) {
                    continue;
                }
                reports.add(checkTensor(t.name(), values, t.offset(), t.size(), analytic, t.offset(),
                        network, ctx, input, xOff, batch, labels, targets, step, floor, maxPerTensor, sampler, true));
            }
            if (includeInput) {
                reports.add(checkTensor("input", input, xOff, batch * network.inputSize(), analyticInput, 0,
                        network, ctx, input, xOff, batch, labels, targets, step, floor, maxPerTensor, sampler, false));
            }
            return new Report(Collections.unmodifiableList(reports));
        } finally {
            System.arraycopy(savedValues, 0, values, 0, values.length);
            network.setBatchesTracked(savedTracked);
            network.parametersChanged();
        }
    }

    private static TensorReport checkTensor(String name, float[] array, int off, int size, float[] analytic, int aOff,
                                            Network network, TrainingContext ctx, float[] x, int xOff, int batch,
                                            int[] labels, float[] targets, double step, double floor, int maxPerTensor,
                                            SplittableRandom sampler, boolean isParameter) {
        int count = Math.min(size, maxPerTensor);
        double worst = -1;
        int worstIndex = -1;
        double worstAnalytic = 0;
        double worstNumerical = 0;
        for (int c = 0; c < count; c++) {
            int e = count == size ? c : sampler.nextInt(size);
            int i = off + e;
            float original = array[i];
            float plus = (float) (original + step);
            float minus = (float) (original - step);
            array[i] = plus;
            double lossPlus = perturbedLoss(network, ctx, x, xOff, batch, labels, targets, isParameter);
            array[i] = minus;
            double lossMinus = perturbedLoss(network, ctx, x, xOff, batch, labels, targets, isParameter);
            array[i] = original;
            double numerical = (lossPlus - lossMinus) / ((double) plus - minus);
            double a = analytic[aOff + e];
            double error = Math.abs(a - numerical) / Math.max(floor, Math.max(Math.abs(a), Math.abs(numerical)));
            if (error > worst) {
                worst = error;
                worstIndex = e;
                worstAnalytic = a;
                worstNumerical = numerical;
            }
        }
        if (isParameter) {
            network.parametersChanged();
        }
        return new TensorReport(name, count, Math.max(worst, 0), worstIndex, worstAnalytic, worstNumerical);
    }

    private static double perturbedLoss(Network network, TrainingContext ctx, float[] x, int xOff, int batch,
                                        int[] labels, float[] targets, boolean parameterChanged) {
        if (parameterChanged) {
            network.parametersChanged();
        }
        return ctx.trainingLoss(x, xOff, batch, labels, targets);
    }

    private static void setMaskReplay(TrainingContext ctx, boolean replay) {
        for (LayerState state : ctx.states) {
            if (state instanceof Dropout.State) {
                ((Dropout.State) state).replayMask = replay;
            }
        }
    }
}
