package dev.vecnet.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What fitting a {@link VecnetClassificationModel} did, as MLlib's training summaries report it: the training
 * loss per epoch ({@link #objectiveHistory()}, the mean cross-entropy of the epoch's rounds), the epochs and rounds
 * run, and the model's predictions on the training data with their accuracy (computed by a Spark job on first
 * use, then kept). Kept by the model on the driver; not written with it (a loaded model has none).
 *
 * <p>Thread-safe: the accuracy is computed at most once under the summary's lock.
 */
public final class VecnetTrainingSummary {
    private final VecnetClassificationModel model;
    private final Dataset<Row> training;
    private final String labelCol;
    private final double[] objectiveHistory;
    private final long rounds;
    private Double accuracy;

    VecnetTrainingSummary(VecnetClassificationModel model, Dataset<Row> training, String labelCol,
                          double[] objectiveHistory, long rounds) {
        this.model = model;
        this.training = training;
        this.labelCol = labelCol;
        this.objectiveHistory = objectiveHistory;
        this.rounds = rounds;
    }

    /**
     * The mean training loss of each epoch run, in order.
     *
     * @return a copy
     */
    public double[] objectiveHistory() {
        return objectiveHistory.clone();
    }

    /**
     * Epochs run (fewer than {@code maxIter} when {@code tol} stopped the fit).
     *
     * @return the length of {@link #objectiveHistory()}
     */
    public int totalIterations() {
        return objectiveHistory.length;
    }

    /**
     * Rounds run (steps in exact mode, {@code syncEvery} local steps each in local SGD).
     *
     * @return the rounds
     */
    public long rounds() {
        return rounds;
    }

    /**
     * The training data with the model's prediction columns.
     *
     * @return a new, lazily computed DataFrame
     */
    public Dataset<Row> predictions() {
        return model.transform(training);
    }

    /**
     * The fraction of training rows whose prediction equals their label (one Spark job on the first call).
     *
     * @return the accuracy in [0, 1]
     */
    public synchronized double accuracy() {
        if (accuracy == null) {
            Row r = predictions().agg(functions.avg(functions.when(
                    functions.col(model.getPredictionCol()).equalTo(functions.col(labelCol)), 1.0).otherwise(0.0)))
                    .head();
            accuracy = r.getDouble(0);
        }
        return accuracy;
    }
}
