/**
 * The numeric core: single-precision GEMM and elementwise kernels on row-major {@code float[]} storage,
 * which every other package reaches through {@code dev.vecnet.nn}. This package depends on no other vecnet
 * package.
 *
 * <p>The API is {@link dev.vecnet.kernel.Gemm} ({@code C := alpha op(A) op(B) + beta C} with reference-BLAS
 * semantics, optionally followed by a per-column bias and an {@link dev.vecnet.kernel.Epilogue} activation),
 * {@link dev.vecnet.kernel.PackedMatrix} (an operand packed once and multiplied many times, such as a
 * layer's weights), {@link dev.vecnet.kernel.GemmThreads} (an opt-in team that splits one product),
 * {@link dev.vecnet.kernel.Elementwise} (activations, softmax, batch normalisation, dropout, BLAS-1
 * updates), {@link dev.vecnet.kernel.Kernels} (which implementation runs) and
 * {@link dev.vecnet.kernel.KernelInfo} (what was chosen and why).
 *
 * <p>{@link dev.vecnet.kernel.Kernels} chooses the implementation once per JVM: the Vector API path when
 * the module {@code jdk.incubator.vector} is present and C2 compiles, otherwise the plain-Java reference
 * path, which gives the same bits. The package-private classes behind it are the blocked GEMM (packing,
 * blocking from the register file and cache sizes, micro-kernels) and both implementations of each kernel.
 */
package dev.vecnet.kernel;
