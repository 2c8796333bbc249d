package dev.vecnet.nn;

import dev.vecnet.kernel.Epilogue;

import java.util.ArrayList;
import java.util.Arrays;
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
 * around {@code 1e-4..1e-3}; above {@code 1e-2} the gradient is most likely wrong.
 *
 * <p>Kinks. ReLU and leaky ReLU at 0 (fused into a dense layer or on their own), PReLU at 0, maxout where
 * two pieces tie and the multiclass hinge at its margin are not differentiable: when {@code w + h} and
 * {@code w - h} fall on two sides of one, the centred difference mixes two slopes and reports a large
 * error although the analytic gradient is right. So each perturbed pass records which side of every kink
 * each unit is on (the sign of each ReLU-like pre-activation, each maxout unit's winning piece, each
 * hinge margin's sign); an element whose two passes differ is skipped, not compared, and counted in
 * {@link TensorReport#skipped()}. With few examples per batch few elements cross one.
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
     * @param skipped          elements not compared because {@code w + h} and {@code w - h} lie on two sides
     *                         of a kink (see the class comment)
     * @param maxRelativeError worst relative error
     * @param worstIndex       element of the worst error
     * @param analytic         analytic gradient there
     * @param numerical        numerical gradient there
     */
    public record TensorReport(String name, int checked, int skipped, double maxRelativeError, int worstIndex,
                               double analytic, double numerical) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%-20s %6d checked  %4d skipped at kinks  max rel error %.2e  "
                    + "(at %d: analytic %.6g, numerical %.6g)", name, checked, skipped, maxRelativeError, worstIndex,
                    analytic, numerical);
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
         * The number of elements skipped at kinks over all tensors.
         *
         * @return the sum of every tensor's {@link TensorReport#skipped()}
         */
        public int skipped() {
            int total = 0;
            for (TensorReport t : tensors) {
                total += t.skipped();
            }
            return total;
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
     * @param maxPerTensor   elements tried per tensor at most (a seeded random sample when smaller); those
     *                       straddling a kink are then skipped
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
            KinkSides sides = new KinkSides(network, ctx, batch, labels);
            List<TensorReport> reports = new ArrayList<>();
            SplittableRandom sampler = new SplittableRandom(1);
            for (ParameterTensor t : parameters.tensors()) {
                if (!t.trainable()) {
                    continue;
                }
                reports.add(checkTensor(t.name(), values, t.offset(), t.size(), analytic, t.offset(),
                        network, ctx, sides, input, xOff, batch, labels, targets, step, floor, maxPerTensor, sampler, true));
            }
            if (includeInput) {
                reports.add(checkTensor("input", input, xOff, batch * network.inputSize(), analyticInput, 0,
                        network, ctx, sides, input, xOff, batch, labels, targets, step, floor, maxPerTensor, sampler, false));
            }
            return new Report(Collections.unmodifiableList(reports));
        } finally {
            System.arraycopy(savedValues, 0, values, 0, values.length);
            network.setBatchesTracked(savedTracked);
            network.parametersChanged();
        }
    }

    private static TensorReport checkTensor(String name, float[] array, int off, int size, float[] analytic, int aOff,
                                            Network network, TrainingContext ctx, KinkSides sides, float[] x,
                                            int xOff, int batch,
                                            int[] labels, float[] targets, double step, double floor, int maxPerTensor,
                                            SplittableRandom sampler, boolean isParameter) {
        int count = Math.min(size, maxPerTensor);
        int skipped = 0;
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
            sides.record(x, xOff, sides.plus);
            array[i] = minus;
            double lossMinus = perturbedLoss(network, ctx, x, xOff, batch, labels, targets, isParameter);
            sides.record(x, xOff, sides.minus);
            array[i] = original;
            if (!Arrays.equals(sides.plus, sides.minus)) {
                skipped++;
                continue;
            }
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
        return new TensorReport(name, count - skipped, skipped, Math.max(worst, 0), worstIndex, worstAnalytic,
                worstNumerical);
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

    /**
     * Which side of every kink each unit is on after a forward pass: for each ReLU or leaky ReLU (fused or
     * on its own) and PReLU, the sign of its pre-activation; for each maxout unit, its winning piece; for the
     * multiclass hinge, the sign of each margin. Two passes with equal records crossed no kink.
     */
    private static final class KinkSides {
        private final TrainingContext ctx;
        private final Layer[] layers;
        private final int batch;
        private final int[] labels;
        private final boolean hinge;
        final int[] plus;
        final int[] minus;

        KinkSides(Network network, TrainingContext ctx, int batch, int[] labels) {
            this.ctx = ctx;
            this.layers = network.layers().toArray(new Layer[0]);
            this.batch = batch;
            this.labels = labels;
            this.hinge = network.loss() == Losses.MULTICLASS_HINGE && labels != null;
            int size = 0;
            for (Layer layer : layers) {
                size += kinkedWidth(layer) * batch;
            }
            if (hinge) {
                size += batch * network.outputSize();
            }
            plus = new int[size];
            minus = new int[size];
        }

        /** Units of {@code layer}'s output (or, for a layer applied to its input, of its input) with a kink. */
        private static int kinkedWidth(Layer layer) {
            if (layer instanceof Dense dense) {
                return dense.activation() == Epilogue.IDENTITY ? 0 : layer.outputSize();
            }
            if (layer instanceof Activation activation) {
                return activation.kind() == Activation.Kind.RELU || activation.kind() == Activation.Kind.LEAKY_RELU
                        ? layer.inputSize() : 0;
            }
            if (layer instanceof PRelu || layer instanceof Maxout) {
                return layer instanceof PRelu ? layer.inputSize() : layer.outputSize();
            }
            return 0;
        }

        /** Records the sides of the context's last forward pass, whose input was {@code x} from {@code xOff}. */
        void record(float[] x, int xOff, int[] into) {
            int k = 0;
            for (int i = 0; i < layers.length; i++) {
                Layer layer = layers[i];
                int n = kinkedWidth(layer) * batch;
                if (n == 0) {
                    continue;
                }
                if (layer instanceof Maxout) {
                    System.arraycopy(((Maxout.State) ctx.states[i]).winners, 0, into, k, n);
                } else if (layer instanceof Dense) {
                    // relu(z) > 0 and leaky_relu(z) > 0 exactly when z > 0
                    float[] y = ctx.activation(i);
                    for (int e = 0; e < n; e++) {
                        into[k + e] = y[e] > 0 ? 1 : 0;
                    }
                } else {
                    float[] in = i > 0 ? ctx.activation(i - 1) : x;
                    int off = i > 0 ? 0 : xOff;
                    for (int e = 0; e < n; e++) {
                        into[k + e] = in[off + e] > 0 ? 1 : 0;
                    }
                }
                k += n;
            }
            if (hinge) {
                float[] s = ctx.activation(layers.length - 1);
                int width = layers[layers.length - 1].outputSize();
                for (int r = 0; r < batch; r++) {
                    double correct = s[r * width + labels[r]];
                    for (int j = 0; j < width; j++) {
                        into[k++] = s[r * width + j] - correct + 1 > 0 ? 1 : 0;
                    }
                }
            }
        }
    }
}
