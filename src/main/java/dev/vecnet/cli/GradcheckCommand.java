package dev.vecnet.cli;

import dev.vecnet.nn.GradientCheck;
import dev.vecnet.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code vecnet gradcheck}: builds a network from an architecture spec, draws a random batch (standard
 * normal inputs, uniform labels), compares every analytic gradient with centred differences
 * ({@link GradientCheck}) and prints the worst relative error per tensor. Exits 1 when any tensor exceeds
 * the tolerance. Not thread-safe; one call per instance.
 */
@Command(name = "gradcheck", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Check a network's analytic gradients against centred finite differences.",
        footer = {"", "Architecture spec: " + ArchitectureSpec.GRAMMAR})
public final class GradcheckCommand implements Callable<Integer> {

    @Mixin
    NetworkOptions network;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "4",
            description = "Examples in the random batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--tolerance", paramLabel = "E", defaultValue = "1e-2",
            description = "Largest relative error that passes (float32: expect 1e-4..1e-3). Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the weights and the random batch. Default: ${DEFAULT-VALUE}.")
    long seed;

    private final Output output;

    /** A command writing to {@code output}. */
    public GradcheckCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        if (batch < 1 || batch > 4096) {
            throw new UsageException("--batch must be from 1 to 4096, was " + batch);
        }
        if (!(tolerance > 0)) {
            throw new UsageException("--tolerance must be > 0, was " + tolerance + "; e.g. --tolerance 1e-2");
        }
        ArchitectureSpec spec = network.givenArchitecture();
        Network net = network.build(spec, network.l2(), batch, seed);
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[batch * spec.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) gaussian(random);
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(spec.classes());
        }
        GradientCheck.Report report = GradientCheck.check(net, x, 0, batch, labels, null);
        PrintWriter out = output.out();
        out.printf(Locale.ROOT, "gradient check of %s, loss %s, l2 %s, batch %d, step %.0e, tolerance %.0e%n", spec,
                NamedChoice.nameOf(network.lossName()), network.l2(), batch, GradientCheck.DEFAULT_STEP, tolerance);
        for (GradientCheck.TensorReport t : report.tensors()) {
            out.println((t.maxRelativeError() <= tolerance ? "PASS  " : "FAIL  ") + t);
        }
        boolean passed = report.passed(tolerance);
        out.printf(Locale.ROOT, "%s: worst relative error %.2e %s tolerance %.0e%n", passed ? "passed" : "FAILED",
                report.maxRelativeError(), passed ? "<=" : ">", tolerance);
        out.flush();
        return passed ? 0 : ErrorReporter.FAILURE;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
