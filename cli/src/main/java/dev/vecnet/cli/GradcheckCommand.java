package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
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
 * ({@link GradientCheck}, which skips elements whose two perturbations straddle a kink) and prints the worst
 * relative error per tensor and how many elements were skipped. Exits 1 when any tensor exceeds the
 * tolerance. Not thread-safe; one call per instance.
 */
@Command(name = "gradcheck", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Check a network's analytic gradients against centred finite differences.",
        footer = {"", "Architecture spec: " + Architecture.GRAMMAR})
final class GradcheckCommand implements Callable<Integer> {
    /** The network checked without {@code --arch}: what {@code train} builds for its default data, digits. */
    static final String DEFAULT_ARCH = "64-256relu-10";

    @Mixin
    NetworkOptions network;
    @Mixin
    L2Option l2;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8",
            description = "Examples in the random batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--tolerance", paramLabel = "E", defaultValue = "2e-2",
            description = "Largest relative error that passes. In float32 most errors are 1e-4..1e-3, and the worst "
                    + "of thousands of small gradients can approach 1e-2; a wrong gradient is off by far more. "
                    + "Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--step", paramLabel = "H", defaultValue = "1e-2",
            description = "Finite-difference step (float32 rounding noise grows as it shrinks). Default: ${DEFAULT-VALUE}.")
    double step;

    @Option(names = "--floor", paramLabel = "F", defaultValue = "1e-3",
            description = "Floor of the relative error's denominator, so gradients near 0 in both do not count as "
                    + "errors. Default: ${DEFAULT-VALUE}.")
    double floor;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the weights and the random batch. Default: ${DEFAULT-VALUE}.")
    long seed;

    private final Output output;

    /** A command writing to {@code output}. */
    GradcheckCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        if (batch < 1 || batch > 4096) {
            throw new UsageException("--batch must be from 1 to 4096, was " + batch);
        }
        if (!(tolerance > 0) || !(step > 0) || !(floor > 0)) {
            throw new UsageException("--tolerance, --step and --floor must be > 0, were " + tolerance + ", " + step + ", "
                    + floor + "; e.g. --tolerance 2e-2 --step 1e-2 --floor 1e-3");
        }
        Architecture spec = network.givenArchitectureOr(DEFAULT_ARCH);
        Network net = network.build(spec, l2.value(), batch, seed);
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[batch * spec.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) gaussian(random);
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(spec.classes());
        }
        GradientCheck.Report report = GradientCheck.check(net, x, 0, batch, labels, null, step, floor, Integer.MAX_VALUE,
                true);
        PrintWriter out = output.out();
        out.printf(Locale.ROOT, "gradient check of %s, loss %s, l2 %s, batch %d, step %.0e, tolerance %.0e%n", spec,
                NamedChoice.nameOf(network.lossName()), l2.value(), batch, step, tolerance);
        for (GradientCheck.TensorReport t : report.tensors()) {
            out.println((t.maxRelativeError() <= tolerance ? "PASS  " : "FAIL  ") + t);
        }
        boolean passed = report.passed(tolerance);
        out.printf(Locale.ROOT, "%s: worst relative error %.2e %s tolerance %.0e%n", passed ? "passed" : "FAILED",
                report.maxRelativeError(), passed ? "<=" : ">", tolerance);
        if (report.skipped() > 0) {
            out.printf(Locale.ROOT, "skipped %d elements whose w + h and w - h lie on two sides of a kink (a relu-like "
                    + "pre-activation, a maxout winner or a hinge margin changed sign), where a centred difference is "
                    + "meaningless%n", report.skipped());
        }
        out.flush();
        return passed ? 0 : ErrorReporter.FAILURE;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
