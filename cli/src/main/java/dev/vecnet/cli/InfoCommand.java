package dev.vecnet.cli;

import dev.vecnet.format.ModelFile;
import dev.vecnet.kernel.Kernels;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code vecnet info}: the kernel path this JVM chose (vector or scalar), the vector width, and the Java,
 * OS and hardware facts that explain it. Not thread-safe; one call per instance.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the kernel path (vector or scalar), the vector width, the JDK, OS and cores.")
final class InfoCommand implements Callable<Integer> {
    private final Output output;

    /** A command writing to {@code output}. */
    InfoCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        PrintWriter out = output.out();
        int bits = Kernels.vectorBitSize();
        out.println("vecnet   " + ModelFile.LIBRARY_VERSION);
        out.println("kernels  " + Kernels.describe());
        out.println("gemm     " + Kernels.describeBlocking());
        out.println("vector   " + (bits == 0 ? "none (scalar path; start the JVM with --add-modules jdk.incubator.vector)"
                : bits + " bits, " + bits / 32 + " float lanes"));
        out.println("java     " + Runtime.version() + ", " + System.getProperty("java.vendor") + " ("
                + System.getProperty("java.vm.name") + ")");
        out.println("os       " + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + System.getProperty("os.arch"));
        out.println("cores    " + Runtime.getRuntime().availableProcessors());
        out.println("memory   " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap");
        out.flush();
        return 0;
    }
}
