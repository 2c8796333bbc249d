package dev.vecnet.nn;

/** The four losses of {@link Loss}; each per-example formula is in {@link Loss}'s factory javadoc. */
final class Losses {
    private Losses() {
    }

    static final Loss SOFTMAX_CROSS_ENTROPY = new LabelLoss("softmax_cross_entropy") {
        @Override
        double example(float[] s, int row, int width, int label, float[] ds, float scale) {
            float max = s[row];
            for (int j = 1; j < width; j++) {
                max = Math.max(max, s[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += Math.exp(s[row + j] - max);
            }
            double logSum = Math.log(sum);
            if (ds != null) {
                for (int j = 0; j < width; j++) {
                    double p = Math.exp(s[row + j] - max - logSum);
                    ds[row + j] = (float) ((p - (j == label ? 1 : 0)) * scale);
                }
            }
            return logSum - (s[row + label] - max);
        }
    };

    static final Loss MULTICLASS_HINGE = new LabelLoss("multiclass_hinge") {
        @Override
        double example(float[] s, int row, int width, int label, float[] ds, float scale) {
            double loss = 0;
            int violations = 0;
            double correct = s[row + label];
            for (int j = 0; j < width; j++) {
                if (j == label) {
                    continue;
                }
                double margin = s[row + j] - correct + 1;
                boolean active = margin > 0;
                if (active) {
                    loss += margin;
                    violations++;
                }
                if (ds != null) {
                    ds[row + j] = active ? scale : 0f;
                }
            }
            if (ds != null) {
                ds[row + label] = -violations * scale;
            }
            return loss;
        }
    };

    static final Loss MEAN_SQUARED_ERROR = new TargetLoss("mean_squared_error", false) {
        @Override
        double element(float s, float t, int index, float[] ds, float scale) {
            double d = (double) s - t;
            if (ds != null) {
                ds[index] = (float) (2 * d * scale);
            }
            return d * d;
        }
    };

    static final Loss SIGMOID_BINARY_CROSS_ENTROPY = new TargetLoss("sigmoid_binary_cross_entropy", true) {
        @Override
        double element(float s, float t, int index, float[] ds, float scale) {
            double x = s;
            // One exponential serves the stable sigmoid and the log term: e = exp(-|x|).
            double e = Math.exp(-Math.abs(x));
            if (ds != null) {
                double sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
                ds[index] = (float) ((sigmoid - t) * scale);
            }
            return Math.max(x, 0) - x * t + Math.log1p(e);
        }
    };

    static final Loss[] ALL = {SOFTMAX_CROSS_ENTROPY, MULTICLASS_HINGE, MEAN_SQUARED_ERROR, SIGMOID_BINARY_CROSS_ENTROPY};

    private static void checkScores(float[] scores, int batch, int width, float[] dScores) {
        if (batch < 1 || width < 1) {
            throw new IllegalArgumentException("loss needs batch >= 1 and width >= 1, were " + batch + " and " + width);
        }
        long n = (long) batch * width;
        if (scores == null || scores.length < n) {
            throw new IllegalArgumentException("scores must hold batch x width = " + n + " values");
        }
        if (dScores != null && dScores.length < n) {
            throw new IllegalArgumentException("dScores must hold batch x width = " + n + " values, has " + dScores.length);
        }
    }

    /** What every loss here has: its name. */
    private abstract static class NamedLoss implements Loss {
        final String name;

        NamedLoss(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Losses over class labels: the mean of a per-example loss; gradient scaled by 1/batch. */
    private abstract static class LabelLoss extends NamedLoss {
        LabelLoss(String name) {
            super(name);
        }

        abstract double example(float[] s, int row, int width, int label, float[] ds, float scale);

        @Override
        public boolean usesLabels() {
            return true;
        }

        @Override
        public double compute(float[] scores, int batch, int width, int[] labels, float[] targets, float[] dScores) {
            checkScores(scores, batch, width, dScores);
            checkLabels(labels, batch, width, name);
            float scale = 1f / batch;
            double total = 0;
            for (int i = 0; i < batch; i++) {
                total += example(scores, i * width, width, labels[i], dScores, scale);
            }
            return total / batch;
        }
    }

    static void checkLabels(int[] labels, int batch, int width, String loss) {
        if (labels == null || labels.length < batch) {
            throw new IllegalArgumentException(loss + " needs " + batch + " class labels, got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < batch; i++) {
            if (labels[i] < 0 || labels[i] >= width) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                        + " is outside [0, " + width + ")");
            }
        }
    }

    /** Losses over float targets: the mean of a per-element loss over batch x width elements. */
    private abstract static class TargetLoss extends NamedLoss {
        private final boolean acceptsBinaryLabels;

        TargetLoss(String name, boolean acceptsBinaryLabels) {
            super(name);
            this.acceptsBinaryLabels = acceptsBinaryLabels;
        }

        abstract double element(float s, float t, int index, float[] ds, float scale);

        @Override
        public boolean usesLabels() {
            return false;
        }

        @Override
        public double compute(float[] scores, int batch, int width, int[] labels, float[] targets, float[] dScores) {
            checkScores(scores, batch, width, dScores);
            int n = batch * width;
            float scale = 1f / n;
            double total = 0;
            if (targets == null && acceptsBinaryLabels && width == 1 && labels != null) {
                checkLabels(labels, batch, 2, name);
                for (int i = 0; i < n; i++) {
                    total += element(scores[i], labels[i], i, dScores, scale);
                }
                return total / n;
            }
            if (targets == null || targets.length < n) {
                throw new IllegalArgumentException(name + " needs batch x width = " + n + " targets, got "
                        + (targets == null ? "null" : targets.length));
            }
            for (int i = 0; i < n; i++) {
                total += element(scores[i], targets[i], i, dScores, scale);
            }
            return total / n;
        }
    }
}
