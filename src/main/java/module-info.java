/**
 * vecnet: training and inference of fully-connected neural networks on the Java Vector API.
 *
 * <p>Every exported package is API except {@code dev.vecnet.cli}, which is exported only for its entry
 * point {@code dev.vecnet.cli.Main}; the command line's other classes are package-private. Each package
 * keeps its implementation classes package-private, so there is no internal package to hide.
 *
 * <p>All other module dependencies are optional ({@code requires static}), so a consumer's module graph
 * gains nothing it did not ask for:
 * <ul>
 *   <li>{@code jdk.incubator.vector}: the SIMD kernels. vecnet reads it when the JVM resolves it
 *       ({@code --add-modules jdk.incubator.vector}); without it vecnet runs its scalar kernels and logs
 *       one warning.</li>
 *   <li>{@code jdk.management}: {@code com.sun.management.HotSpotDiagnosticMXBean}, to read the JIT and
 *       AVX settings. It is a JDK-specific module; the JVM binds it whenever {@code java.management} is
 *       resolved (it provides that module's platform MBeans), and without it vecnet assumes C2 and a
 *       16-register file.</li>
 *   <li>{@code info.picocli} and {@code org.jfree.jfreechart}: the command line only. To run
 *       {@code dev.vecnet.cli.Main} on the module path, add them with
 *       {@code --add-modules info.picocli,org.jfree.jfreechart}.</li>
 * </ul>
 * {@code java.management} (part of Java SE) is required: the kernel selection asks it for the JVM's
 * options, and requiring it makes the JVM also bind {@code jdk.management}, so the module path chooses
 * the same kernels as the class path.
 */
module dev.vecnet {
    requires static jdk.incubator.vector;
    requires java.management;
    requires static jdk.management;
    requires static info.picocli;
    requires static org.jfree.jfreechart;
    // java.desktop: JFreeChart's charts are AWT images written as PNG; only the command line draws them.
    requires static java.desktop;

    exports dev.vecnet.classic;
    exports dev.vecnet.data;
    exports dev.vecnet.format;
    exports dev.vecnet.kernel;
    exports dev.vecnet.nn;
    exports dev.vecnet.optim;
    exports dev.vecnet.search;
    exports dev.vecnet.train;
    exports dev.vecnet.cli;

    // picocli instantiates the command and option classes and sets their annotated fields reflectively.
    opens dev.vecnet.cli to info.picocli;
}
