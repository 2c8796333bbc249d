package dev.vecnet.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.data.Split;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;

import org.junit.jupiter.api.Test;

/**
 * A real trial: a small network trained on standardised iris by full-batch gradient descent
 * ({@code w -= lr * g}), scored by validation accuracy. The search must find that neither a tiny nor a
 * huge learning rate works.
 */
class LearningRateSearchTest {
    private static final Split SPLIT = Split.stratified(Datasets.iris(), 0.6, 0.4, 11);
    private static final Preprocessor STANDARDIZE = Preprocessing.standardize().fit(SPLIT.train());
    private static final Dataset TRAIN = STANDARDIZE.apply(SPLIT.train());
    private static final Dataset VALIDATION = STANDARDIZE.apply(SPLIT.validation());

    static double trainAndValidate(Configuration c, long seed) {
        float lr = (float) c.getDouble("lr");
        Network net = Network.builder(4).dense(c.getInt("hidden")).relu().dense(3)
                .loss(Loss.softmaxCrossEntropy()).l2((float) c.getDouble("l2")).maxBatch(TRAIN.size()).seed(seed).build();
        TrainingContext training = net.newTrainingContext(TRAIN.size(), false);
        float[] w = net.parameters().values();
        float[] g = training.gradients();
        for (int step = 0; step < 150; step++) {
            double loss = training.forwardBackward(TRAIN.features(), 0, TRAIN.size(), TRAIN.labels(), null).loss();
            if (!Double.isFinite(loss)) {
                throw new ArithmeticException("loss diverged at step " + step);
            }
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * g[i];
            }
            net.parametersChanged();
        }
        InferenceContext ctx = net.newInferenceContext(VALIDATION.size());
        int[] predicted = new int[VALIDATION.size()];
        ctx.classify(VALIDATION.features(), 0, VALIDATION.size(), predicted, 0);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == VALIDATION.labels()[i] ? 1 : 0;
        }
        return correct / (double) predicted.length;
    }

    @Test
    void gridOverTheLearningRateFindsAMiddleRegion() {
        SearchSpace space = SearchSpace.empty().logUniform("lr", 1e-5, 10).choice("hidden", 16).choice("l2", 1e-4);
        SearchResults results = HyperparameterSearch.maximizing(LearningRateSearchTest::trainAndValidate).seed(2)
                .grid(space, 13);
        assertEquals(13, results.trials().size());
        double bestLr = results.best().configuration().getDouble("lr");
        assertTrue(bestLr > 1e-3 && bestLr < 5, "best lr " + bestLr + "\n" + results.toCsv());
        assertTrue(results.best().metric() >= 0.9, results.toCsv());
        double smallest = results.trials().stream().filter(r -> r.configuration().getDouble("lr") < 2e-5)
                .findFirst().orElseThrow().metric();
        assertTrue(smallest < 0.8, "lr 1e-5 barely learns: " + smallest);
        TrialResult largest = results.trials().stream().filter(r -> r.configuration().getDouble("lr") > 5)
                .findFirst().orElseThrow();
        assertTrue(!largest.succeeded() || largest.metric() < results.best().metric() - 0.1,
                "lr 10 overshoots: " + largest);
    }

    @Test
    void randomSearchOverSeveralHyperparametersIsReproducible() {
        SearchSpace space = SearchSpace.empty().logUniform("lr", 1e-5, 10).integer("hidden", 4, 32)
                .logUniform("l2", 1e-6, 1e-1);
        SearchResults a = HyperparameterSearch.maximizing(LearningRateSearchTest::trainAndValidate).seed(9).threads(1)
                .random(space, 12);
        SearchResults b = HyperparameterSearch.maximizing(LearningRateSearchTest::trainAndValidate).seed(9).threads(2)
                .random(space, 12);
        assertEquals(a.toCsv().replaceAll(",\\d+\n", "\n"), b.toCsv().replaceAll(",\\d+\n", "\n"));
        double bestLr = a.best().configuration().getDouble("lr");
        assertTrue(bestLr > 1e-3 && bestLr < 5, "best lr " + bestLr + "\n" + a.toCsv());
    }
}
