package dev.vecnet.spark.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.format.LoadOptions;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Network;
import dev.vecnet.train.Evaluator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Evaluates a network on a part of a {@link ClusterData} where the examples are: the model file is broadcast, each
 * task runs the core's {@link Evaluator} on its partition and sends back four numbers, and the driver combines
 * them: {@code loss = sum_p n_p dataLoss_p / N + L2 penalty}, {@code accuracy = sum_p correct_p / N}, as
 * {@link Evaluator} computes them on one machine (up to the order of the double sums). Stateless.
 */
final class ClusterEvaluator {

    /**
     * One evaluation.
     *
     * @param loss     mean data loss plus the L2 penalty
     * @param accuracy fraction of examples whose predicted class is the label
     * @param examples the examples evaluated
     * @param correct  those predicted correctly
     */
    record Score(double loss, double accuracy, long examples, long correct) {
    }

    private ClusterEvaluator() {
    }

    /**
     * Evaluates {@code net} (read, not modified) on {@code part}: one Spark job.
     *
     * @param classes the data set's classes
     * @throws IllegalArgumentException when {@code part} is empty
     */
    static Score evaluate(Network net, JavaRDD<Example> part, int classes) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(part.context());
        Broadcast<byte[]> model = jsc.broadcast(ModelFile.toBytes(net, SaveOptions.defaults()));
        try {
            int features = net.inputSize();
            // Per partition: examples, sum of data losses, correct predictions, the L2 penalty.
            List<double[]> parts = part.mapPartitions((Iterator<Example> it) -> {
                List<Example> rows = new ArrayList<>();
                it.forEachRemaining(rows::add);
                if (rows.isEmpty()) {
                    return List.<double[]>of().iterator();
                }
                float[] x = new float[rows.size() * features];
                int[] y = new int[rows.size()];
                for (int i = 0; i < y.length; i++) {
                    System.arraycopy(rows.get(i).features(), 0, x, i * features, features);
                    y[i] = rows.get(i).label();
                }
                Network copy = ModelFile.read(model.value(), LoadOptions.defaults()).network();
                Evaluator evaluator = new Evaluator(copy, Dataset.ofLabels(x, features, y, classes));
                evaluator.evaluate();
                return List.of(new double[] {y.length, evaluator.dataLoss() * y.length,
                        Math.round(evaluator.accuracy() * y.length), evaluator.loss() - evaluator.dataLoss()})
                        .iterator();
            }).collect();
            double n = 0;
            double dataLoss = 0;
            double correct = 0;
            double penalty = 0;
            for (double[] p : parts) {
                n += p[0];
                dataLoss += p[1];
                correct += p[2];
                penalty = p[3];
            }
            if (n == 0) {
                throw new IllegalArgumentException("cannot evaluate on an empty part");
            }
            return new Score(dataLoss / n + penalty, correct / n, (long) n, (long) correct);
        } finally {
            model.destroy();
        }
    }
}
