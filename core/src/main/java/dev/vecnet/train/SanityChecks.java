package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;

/**
 * The standard checks before a long training run, each returning a {@link CheckResult} (or a
 * {@link LearningRateProbe}) rather than throwing:
 * <ol>
 * <li>{@link #initialLoss}: with small random weights, the softmax loss over C classes starts near
 *     {@code ln C} (2.30 for 10);</li>
 * <li>{@link #regularisationRaisesLoss}: the total loss with the network's L2 is above the data loss;</li>
 * <li>{@link #overfitsTinySubset}: training on a few examples reaches 100 % training accuracy;</li>
 * <li>{@link #probeLearningRates}: a short run per candidate rate says whether the loss goes down,
 *     stalls or explodes.</li>
 * </ol>
 * The checks modify only what their javadoc names; they run on the caller's thread.
 */
public final class SanityChecks {
    private SanityChecks() {
    }

    /**
     * Check 1. Measures the data loss (no L2) of {@code net} on {@code data} in evaluation mode and
     * compares it with {@code ln C}, C = the network's outputs. Passes when
     * {@code |measured - ln C| <= tolerance} (e.g. 0.3). Does not modify the parameters.
     *
     * @param net       a freshly initialised network with a softmax cross-entropy loss and C outputs
     * @param data      examples of the network's input size; not modified
     * @param tolerance the allowed {@code |measured - ln C|}, {@code >= 0}
     * @return the result, {@code measured} the data loss and {@code expected} {@code ln C}
     * @throws IllegalArgumentException when {@code data} is empty or does not fit the network
     */
    public static CheckResult initialLoss(Network net, Dataset data, double tolerance) {
        double dataLoss = dataLoss(net, data);
        double expected = Math.log(net.outputSize());
        boolean ok = Math.abs(dataLoss - expected) <= tolerance;
        return new CheckResult("initial loss", ok, dataLoss, expected, tolerance,
                String.format("data loss %.4f, expected ln(%d) = %.4f +- %.2f", dataLoss, net.outputSize(), expected, tolerance));
    }

    private static double dataLoss(Network net, Dataset data) {
        Evaluator e = new Evaluator(net, data);
        e.evaluate();
        return e.dataLoss();
    }

    /**
     * Check 2. Compares the total loss (data loss plus the network's L2 penalty) with the data loss alone;
     * passes when the total is strictly larger (fails for a network built without L2). Does not modify the
     * parameters.
     *
     * @param net  the network, usually built with {@code l2 > 0}
     * @param data examples of the network's input size; not modified
     * @return the result, {@code measured} the total loss and {@code expected} the data loss
     * @throws IllegalArgumentException when {@code data} is empty or does not fit the network
     */
    public static CheckResult regularisationRaisesLoss(Network net, Dataset data) {
        Evaluator e = new Evaluator(net, data);
        e.evaluate();
        double total = e.loss();
        double plain = e.dataLoss();
        boolean ok = total > plain;
        return new CheckResult("regularisation raises loss", ok, total, plain, 0,
                String.format("loss with L2 %.6f vs without %.6f (l2 = %g)", total, plain, net.l2()));
    }

    /**
     * Check 3. Trains {@code net} on the first {@code examples} examples of {@code data} with
     * {@code trainer} and {@code optimizer} and measures the training accuracy; passes at 100 %. Modifies
     * the network's parameters and the optimizer's state. A diverged run fails the check (accuracy 0)
     * instead of throwing.
     *
     * @param net       the network to train
     * @param data      the examples; the first {@code examples} are copied and used
     * @param examples  how many examples to overfit, in {@code [1, data.size()]}
     * @param trainer   the trainer, e.g. with many epochs and no validation set
     * @param optimizer the optimizer of the fit
     * @return the result, {@code measured} the training accuracy in [0, 1] and {@code expected} 1.0
     * @throws IllegalArgumentException when {@code examples} is out of range or the data does not fit the
     *                                  network or the trainer
     */
    public static CheckResult overfitsTinySubset(Network net, Dataset data, int examples, Trainer trainer,
                                                 Optimizer optimizer) {
        Dataset tiny = data.head(examples);
        String detail;
        double acc;
        try {
            trainer.fit(net, tiny, optimizer);
            Evaluator e = new Evaluator(net, tiny);
            e.evaluate();
            acc = e.accuracy();
            detail = String.format("training accuracy %.1f %% on %d examples (loss %.4f)", 100 * acc, examples, e.loss());
        } catch (TrainingDivergedException ex) {
            acc = 0;
            detail = "diverged: " + ex.getMessage();
        }
        return new CheckResult("overfit tiny subset", acc == 1.0, acc, 1.0, 0, detail);
    }

    /**
     * Check 4. For each candidate rate: a fresh network from {@code networks}, an optimizer from
     * {@code optimizers}, {@code steps} full-batch steps on {@code data} (at most the network's maxBatch
     * examples are used), then the verdict: EXPLODE when the loss became non-finite or exceeds three times
     * its start, DOWN when it fell by more than {@code stallFraction} of its start, else STALL. The loss
     * compared is the data loss (no L2) on the probe batch in evaluation mode. Each network is trained with
     * {@link GradientDescent} for exactly {@code steps} steps; a diverged run counts as EXPLODE.
     *
     * @param networks      supplies a fresh, identically initialised network per rate
     * @param optimizers    builds an optimizer for a learning rate
     * @param data          the examples; the first {@code maxBatch} are used when there are more
     * @param rates         the candidate learning rates, in the order to report them; not modified
     * @param steps         full-batch steps per rate, {@code >= 1}
     * @param stallFraction the relative decrease, e.g. 0.01, that the loss must exceed to count as DOWN
     * @return the trials in the order of {@code rates} and the suggested rate
     * @throws IllegalArgumentException when {@code steps < 1} or the data does not fit the networks
     */
    public static LearningRateProbe probeLearningRates(Supplier<Network> networks, DoubleFunction<Optimizer> optimizers,
                                                       Dataset data, float[] rates, int steps, double stallFraction) {
        List<LearningRateProbe.Trial> trials = new ArrayList<>();
        float suggested = Float.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (float rate : rates) {
            Network net = networks.get();
            Dataset batch = data.size() > net.maxBatch() ? data.head(net.maxBatch()) : data;
            double start = dataLoss(net, batch);
            double end;
            try {
                GradientDescent gd = new GradientDescent(optimizers.apply(rate), Double.MIN_VALUE, steps);
                gd.run(net, batch);
                end = dataLoss(net, batch);
            } catch (TrainingDivergedException ex) {
                end = Double.NaN;
            }
            LearningRateProbe.Verdict v;
            if (!Double.isFinite(end) || end > 3 * start) {
                v = LearningRateProbe.Verdict.EXPLODE;
            } else if (end < start * (1 - stallFraction)) {
                v = LearningRateProbe.Verdict.DOWN;
                if (end < bestLoss) {
                    bestLoss = end;
                    suggested = rate;
                }
            } else {
                v = LearningRateProbe.Verdict.STALL;
            }
            trials.add(new LearningRateProbe.Trial(rate, start, end, v));
        }
        return new LearningRateProbe(List.copyOf(trials), suggested);
    }
}
