package dev.vecnet.spark.cli;

import dev.vecnet.cli.ChartWriter;
import dev.vecnet.cli.EpochTable;
import dev.vecnet.cli.HistoryCsv;
import dev.vecnet.cli.TrainCommand;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.spark.RoundListener;
import dev.vecnet.spark.cli.ClusterEvaluator.Score;
import dev.vecnet.train.Evaluator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The epoch table of {@code vecnet-spark train}, as {@link EpochTable} prints it for {@code ./vecnet train}: after
 * each round that completes an epoch (a row for the last epoch it completes, so with rounds longer than an epoch
 * some epochs have no row), the training loss and accuracy of the whole training part (evaluated on the driver for
 * a shipped data set, as the local trainer does, or on the cluster), the validation loss and accuracy (from the fit,
 * or evaluated on the cluster), the learning rate of the epoch's last step and the seconds. Records the rows and each round's mean loss for the history files and charts.
 *
 * <p>Used by one fit on the driver thread; not thread-safe.
 */
final class SparkEpochTable implements RoundListener {
    private final PrintWriter log;
    private final Supplier<Score> train;
    private final Supplier<Score> validation;
    private final LearningRateSchedule schedule;
    private final long stepsPerEpoch;
    private final int[] epochNumbers;
    private final double[] trainLoss;
    private final double[] trainAccuracy;
    private final double[] validationLoss;
    private final double[] validationAccuracy;
    private final double[] rates;
    private final double[] seconds;
    private float[] roundLosses = new float[64];
    private int rounds;
    private int roundsPerEpoch = 1;
    private int rows;
    private long epochStart = System.nanoTime();

    /**
     * A table that evaluates the training part in memory on the driver and takes the fit's validation figures.
     */
    SparkEpochTable(PrintWriter log, Network net, Dataset trainingPart, int maxEpochs, LearningRateSchedule schedule,
                    long stepsPerEpoch) {
        this(log, onDriver(new Evaluator(net, trainingPart)), null, maxEpochs, schedule, stepsPerEpoch);
    }

    /**
     * A table whose training figures come from {@code train} and validation figures from {@code validation} (null:
     * the fit's), each asked once per row.
     */
    SparkEpochTable(PrintWriter log, Supplier<Score> train, Supplier<Score> validation, int maxEpochs,
                    LearningRateSchedule schedule, long stepsPerEpoch) {
        this.log = log;
        this.train = train;
        this.validation = validation;
        this.schedule = schedule;
        this.stepsPerEpoch = stepsPerEpoch;
        epochNumbers = new int[maxEpochs];
        trainLoss = new double[maxEpochs];
        trainAccuracy = new double[maxEpochs];
        validationLoss = new double[maxEpochs];
        validationAccuracy = new double[maxEpochs];
        rates = new double[maxEpochs];
        seconds = new double[maxEpochs];
    }

    private static Supplier<Score> onDriver(Evaluator evaluator) {
        return () -> {
            evaluator.evaluate();
            return new Score(evaluator.loss(), evaluator.accuracy(), 0, 0);
        };
    }

    @Override
    public void onStart(long totalRounds, long steps, long stepsPerRound) {
        roundsPerEpoch = (int) Math.max(1, (steps + stepsPerRound - 1) / stepsPerRound);
        epochStart = System.nanoTime();
    }

    @Override
    public boolean onRound(long roundsDone, double meanLoss) {
        if (rounds == roundLosses.length) {
            roundLosses = Arrays.copyOf(roundLosses, 2 * rounds);
        }
        roundLosses[rounds++] = (float) meanLoss;
        return true;
    }

    @Override
    public boolean onEpoch(int epoch, double loss, double accuracy) {
        Score t = train.get();
        if (validation != null) {
            Score v = validation.get();
            loss = v.loss();
            accuracy = v.accuracy();
        }
        long now = System.nanoTime();
        int row = rows++;
        epochNumbers[row] = epoch + 1;
        trainLoss[row] = t.loss();
        trainAccuracy[row] = t.accuracy();
        validationLoss[row] = loss;
        validationAccuracy[row] = accuracy;
        rates[row] = schedule.rate((epoch + 1) * stepsPerEpoch - 1, epoch);
        seconds[row] = (now - epochStart) / 1e9;
        epochStart = now;
        log.println(EpochTable.row(epoch, trainLoss[row], trainAccuracy[row], loss, accuracy, rates[row], seconds[row]));
        log.flush();
        return true;
    }

    /** Writes the history files and the charts into {@code dir}. */
    void write(Path dir, String subtitle, double testAccuracy) {
        HistoryCsv.writeEpochs(dir.resolve(TrainCommand.EPOCHS_CSV), Arrays.copyOf(epochNumbers, rows), trainLoss,
                trainAccuracy, validationLoss, validationAccuracy, rates, seconds);
        float[] losses = Arrays.copyOf(roundLosses, rounds);
        HistoryCsv.writeIterations(dir.resolve(TrainCommand.ITERATIONS_CSV), losses, roundsPerEpoch);
        ChartWriter.writeLossChart(dir.resolve(TrainCommand.LOSS_CHART), losses, subtitle);
        ChartWriter.writeAccuracyChart(dir.resolve(TrainCommand.ACCURACY_CHART), Arrays.copyOf(trainAccuracy, rows),
                Arrays.copyOf(validationAccuracy, rows), testAccuracy, subtitle);
    }
}
