/**
 * vecnet: training and inference of fully-connected neural networks on the Java Vector API.
 *
 * <p>Every exported package is API. Each package keeps its implementation classes package-private, so there is
 * no internal package to hide. The command line is the separate artifact {@code vecnet-cli}.
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
 */
module dev.vecnet {
    requires java.management;
    requires static jdk.management;

    exports dev.vecnet.classic;
    exports dev.vecnet.data;
    exports dev.vecnet.format;
    exports dev.vecnet.kernel;
    exports dev.vecnet.nn;
    exports dev.vecnet.optim;
    exports dev.vecnet.search;
    exports dev.vecnet.train;

    // Foreign model formats (ONNX) come from optional modules that provide this service.
    uses dev.vecnet.format.ModelFormat;
}
