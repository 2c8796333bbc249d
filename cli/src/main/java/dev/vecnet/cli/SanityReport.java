package dev.vecnet.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.train.CheckResult;
import dev.vecnet.train.LearningRateProbe;
import dev.vecnet.train.SanityChecks;
import dev.vecnet.train.Trainer;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs {@link SanityChecks} before training and prints one line per check: the initial loss against
 * {@code ln C} (softmax only), that L2 raises the loss, that a fresh network overfits 20 examples, and a
 * short learning-rate probe around the chosen rate. Every check trains or measures its own fresh network
 * from {@code networks}, so the network that is trained afterwards is untouched. Stateless.
 */
final class SanityReport {
    private static final int TINY_SUBSET = 20;

    private SanityReport() {
    }

    /**
     * Runs the checks and prints them to {@code out}.
     *
     * @param networks   makes a freshly initialised network per call
     * @param optimizers the optimizer settings
     * @param rate       the learning rate training will start from
     * @param softmax    whether the loss is softmax cross-entropy (the initial-loss check assumes it)
     * @return the number of failed checks
     */
    public static int run(PrintWriter out, Supplier<Network> networks, OptimizerOptions optimizers, float rate,
                          Dataset train, boolean softmax) {
        out.println("sanity checks:");
        int failed = 0;
        if (softmax) {
            failed += print(out, SanityChecks.initialLoss(networks.get(), train, 0.3));
        }
        Network net = networks.get();
        if (net.l2() > 0) {
            failed += print(out, SanityChecks.regularisationRaisesLoss(net, train));
        }
        Trainer tiny = Trainer.builder().epochs(200).batchSize(TINY_SUBSET).build();
        failed += print(out, SanityChecks.overfitsTinySubset(networks.get(), train, Math.min(TINY_SUBSET, train.size()),
                tiny, optimizers.create(rate)));
        float[] rates = {rate / 10, rate, rate * 10};
        LearningRateProbe probe = SanityChecks.probeLearningRates(networks, r -> optimizers.create((float) r), train,
                rates, 50, 0.01);
        for (LearningRateProbe.Trial t : probe.trials()) {
            out.println(String.format(Locale.ROOT, "  lr %-9.2e loss %.4f -> %.4f  %s", t.rate(), t.initialLoss(),
                    t.finalLoss(), t.verdict()));
        }
        out.println(Float.isNaN(probe.suggestedRate()) ? "  no probed rate lowered the loss; try a smaller --lr"
                : String.format(Locale.ROOT, "  suggested learning rate: %.2e", probe.suggestedRate()));
        out.flush();
        return failed;
    }

    private static int print(PrintWriter out, CheckResult result) {
        out.println("  " + result);
        return result.passed() ? 0 : 1;
    }
}
