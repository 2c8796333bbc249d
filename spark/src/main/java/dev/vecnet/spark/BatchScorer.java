package dev.vecnet.spark;

import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Scores the rows of one partition in batches: gathers up to {@link VecnetClassificationModel#SCORING_BATCH}
 * feature vectors into one row-major buffer, runs one forward pass of its own inference context, and yields
 * each input row with the raw scores, probabilities and predicted class appended (those asked for); the class is
 * that of the largest score, or with thresholds of the largest {@code probability / threshold}. The
 * buffers are allocated once per partition; the output rows and vectors are new. One per task thread.
 */
final class BatchScorer implements Iterator<Row> {
    /**
     * Where the output row holds rawPrediction, probability and prediction (-1: not produced).
     *
     * @param width       fields of an output row
     * @param raw         index of the raw scores
     * @param probability index of the probabilities
     * @param prediction  index of the predicted class
     * @param thresholds  the model's class thresholds, or null when unset
     */
    record Columns(int width, int raw, int probability, int prediction, double[] thresholds) implements Serializable {
    }

    private final Iterator<Row> rows;
    private final int featuresIndex;
    private final Columns columns;
    private final InferenceContext context;
    private final int inputs;
    private final int classes;
    private final Row[] batch = new Row[VecnetClassificationModel.SCORING_BATCH];
    private final float[] x;
    private float[] scores;
    private int count;
    private int next;

    BatchScorer(Network net, Iterator<Row> rows, int featuresIndex, Columns columns) {
        this.rows = rows;
        this.featuresIndex = featuresIndex;
        this.columns = columns;
        this.context = net.newInferenceContext(batch.length);
        this.inputs = net.inputSize();
        this.classes = net.outputSize();
        this.x = new float[batch.length * inputs];
    }

    @Override
    public boolean hasNext() {
        if (next < count) {
            return true;
        }
        fill();
        return count > 0;
    }

    private void fill() {
        count = 0;
        next = 0;
        while (count < batch.length && rows.hasNext()) {
            Row row = rows.next();
            if (row.isNullAt(featuresIndex)) {
                throw new IllegalArgumentException("a row has no feature vector");
            }
            copy(row.<Vector>getAs(featuresIndex), x, count * inputs, inputs);
            batch[count++] = row;
        }
        if (count > 0) {
            scores = context.forward(x, 0, count);
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row row = batch[next];
        batch[next] = null;
        int off = next * classes;
        next++;
        double[] raw = new double[classes];
        for (int c = 0; c < classes; c++) {
            raw[c] = scores[off + c];
        }
        Object[] values = new Object[columns.width()];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        if (columns.raw() >= 0) {
            values[columns.raw()] = Vectors.dense(raw.clone());
        }
        double[] thresholds = columns.thresholds();
        int best = thresholds == null ? argmax(raw) : -1;
        softmax(raw);
        if (columns.probability() >= 0) {
            values[columns.probability()] = Vectors.dense(raw);
        }
        if (columns.prediction() >= 0) {
            if (thresholds != null) {
                // MLlib's probability2prediction: p_c / t_c, a zero threshold winning outright.
                for (int c = 0; c < classes; c++) {
                    raw[c] = thresholds[c] == 0 ? Double.POSITIVE_INFINITY : raw[c] / thresholds[c];
                }
                best = argmax(raw);
            }
            values[columns.prediction()] = (double) best;
        }
        return RowFactory.create(values);
    }

    /**
     * Copies the {@code n} entries of {@code v} into {@code x} from {@code off}.
     *
     * @throws IllegalArgumentException when {@code v} has another length or a non-finite entry
     */
    static void copy(Vector v, float[] x, int off, int n) {
        if (v.size() != n) {
            throw new IllegalArgumentException("a feature vector has " + v.size() + " entries, the network " + n
                    + " inputs");
        }
        for (int j = 0; j < n; j++) {
            double value = v.apply(j);
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a feature vector has a non-finite entry " + j + ": " + value);
            }
            x[off + j] = (float) value;
        }
    }

    /** The index of the largest entry, the first of equal ones. */
    private static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return best;
    }

    /** {@code v = exp(v - max) / sum exp(v - max)}, in place. */
    static void softmax(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : v) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < v.length; c++) {
            v[c] = Math.exp(v[c] - max);
            sum += v[c];
        }
        for (int c = 0; c < v.length; c++) {
            v[c] /= sum;
        }
    }
}
