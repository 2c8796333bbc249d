package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.data.Split;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.LearningRateSchedule;

import org.junit.jupiter.api.Test;

/**
 * The digits recipe end to end: 1797 8x8 images, a stratified 75/25 split (seed 42), standardised with
 * statistics of the training part, then 64-256(BatchNorm, ReLU)-10 trained with Adam (lr 3e-3, cosine
 * decay to 0 over all steps), 30 epochs of batch 32.
 *
 * <p>Over model seeds 0..19 this recipe scored between 97.99 % and 98.88 % test accuracy (447 test
 * images, so one image is 0.22 %), mean 98.4 %; seeds 0, 1, 2 give 97.99 %, 97.99 %, 98.66 %. The bounds
 * below (each seed >= 97.5 %, the mean of the three >= 98 %) hold for every seed and every window of three
 * seeds measured. The time per model is a benchmark figure (DigitsTrainBench), not asserted here.
 */
class DigitsEndToEndTest {
    static final int EPOCHS = 30;
    static final int BATCH = 32;
    static final float LEARNING_RATE = 3e-3f;

    @Test
    void reachesNinetyEightPercentOnHeldOutDigits() {
        Split split = Split.stratified(Datasets.digits(), 0.75, 0, 42);
        Preprocessor standardize = Preprocessing.standardize().fit(split.train());
        Dataset train = standardize.apply(split.train());
        Dataset test = standardize.apply(split.test());
        double sum = 0;
        StringBuilder report = new StringBuilder();
        for (long seed = 0; seed < 3; seed++) {
            Network net = Network.builder(64).dense(256).batchNorm().relu().dense(10).seed(seed).maxBatch(BATCH).build();
            int steps = EPOCHS * ((train.size() + BATCH - 1) / BATCH);
            Trainer.builder().epochs(EPOCHS).batchSize(BATCH)
                    .schedule(LearningRateSchedule.cosine(LEARNING_RATE, 0f, steps))
                    .evaluateTraining(false).seed(seed).build()
                    .fit(net, train, new Adam(LEARNING_RATE));
            Evaluator evaluator = new Evaluator(net, test);
            evaluator.evaluate();
            double accuracy = evaluator.accuracy();
            report.append(" seed ").append(seed).append(": ").append(accuracy);
            assertTrue(accuracy >= 0.975, "test accuracy of seed " + seed + " is " + accuracy);
            sum += accuracy;
        }
        assertTrue(sum / 3 >= 0.98, "mean test accuracy " + sum / 3 + " of" + report);
    }
}
