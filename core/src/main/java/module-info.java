/**
 * vecnet: training and inference of fully-connected neural networks on the Java Vector API.
 *
 * <p>Every exported package is API except {@code dev.vecnet.cli}, which is exported only for its entry
 * point {@code dev.vecnet.cli.Main}; the command line's other classes are package-private. Each package
 * keeps its implementation classes package-private, so there is no internal package to hide.
 *
 * <p>The SIMD kernels use the incubator module {@code jdk.incubator.vector}, which this descriptor does not
 * name: a {@code requires static jdk.incubator.vector} here makes javac warn "using incubating module(s)"
 * when it compiles any consumer module that requires {@code dev.vecnet}, a warning that JDK 17 cannot
 * suppress (it fails {@code -Werror} builds). Instead vecnet compiles with
 * {@code --add-reads dev.vecnet=jdk.incubator.vector} and, when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, {@code dev.vecnet.kernel.Kernels} adds the read edge itself
 * before it loads the first vector class. Without the flag vecnet runs its scalar kernels and logs one
 * warning, on the module path as on the class path.
 *
 * <p>{@code java.management} (part of Java SE) is required: the kernel selection asks it for the JVM's JIT
 * and AVX settings through {@code com.sun.management.HotSpotDiagnosticMXBean}, of the JDK-specific module
 * {@code jdk.management}. That one is optional ({@code requires static}) because the JVM binds it anyway
 * whenever {@code java.management} is resolved (it provides that module's platform MBeans), so the module
 * path chooses the same kernels as the class path; where it is missing (a trimmed run-time image), vecnet
 * assumes C2 and a 16-register file.
 *
 * <p>picocli, JFreeChart and {@code java.desktop} serve only the command line and are optional. To run
 * {@code dev.vecnet.cli.Main} on the module path, add them:
 * {@code --add-modules info.picocli,org.jfree.jfreechart,java.desktop}.
 */
// JFreeChart 1.5.6 is an automatic module (its manifest names it org.jfree.jfreechart); that is expected.
@SuppressWarnings("requires-automatic")
module dev.vecnet {
    requires java.management;
    requires static jdk.management;
    requires static info.picocli;
    requires static org.jfree.jfreechart;
    // The command line's charts are AWT images.
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

    // Foreign model formats (ONNX) come from optional modules that provide this service.
    uses dev.vecnet.format.ModelFormat;

    // picocli instantiates the command and option classes and sets their annotated fields reflectively.
    opens dev.vecnet.cli to info.picocli;
}
