/**
 * The numeric core: single-precision GEMM and elementwise kernels on row-major {@code float[]} storage, and
 * the worker team that splits work across cores. This package depends on no other vecnet package.
 *
 * <p><b>Who uses what.</b> The products and the activation/normalisation kernels are reached through
 * {@code dev.vecnet.nn} (its layers are the only callers of {@link dev.vecnet.kernel.Gemm},
 * {@link dev.vecnet.kernel.PackedMatrix} and {@link dev.vecnet.kernel.Epilogue}). Two types are used more
 * widely, on purpose: {@link dev.vecnet.kernel.WorkerTeam}, the library's one thread team and split
 * policy, which every package that runs work on several cores takes ({@code nn}, {@code optim},
 * {@code train}, {@code data}, the command line); and {@link dev.vecnet.kernel.Elementwise}, whose
 * scans ({@code allFinite}, {@code argmax}) the training guard and the evaluator in {@code train} call
 * directly. {@link dev.vecnet.kernel.Kernels} and {@link dev.vecnet.kernel.KernelInfo} say which
 * implementation runs (the command line's {@code info} prints it).
 *
 * <p>The API is {@link dev.vecnet.kernel.Gemm} ({@code C := alpha op(A) op(B) + beta C} with reference-BLAS
 * semantics, optionally followed by a per-column bias and an {@link dev.vecnet.kernel.Epilogue} activation;
 * {@link dev.vecnet.kernel.GemmProduct} names the operands of the longest form and runs it without allocating),
 * {@link dev.vecnet.kernel.PackedMatrix} (an operand packed once and multiplied many times, such as a
 * layer's weights), {@link dev.vecnet.kernel.WorkerTeam} (an opt-in team that splits a product or any range
 * of independent work), {@link dev.vecnet.kernel.Elementwise} (activations, softmax, batch normalisation,
 * dropout, BLAS-1 updates), {@link dev.vecnet.kernel.Kernels} (which implementation runs) and
 * {@link dev.vecnet.kernel.KernelInfo} (what was chosen and why).
 *
 * <p>{@link dev.vecnet.kernel.Kernels} chooses the implementation once per JVM: the Vector API path when
 * the module {@code jdk.incubator.vector} is present and C2 compiles, otherwise the plain-Java reference
 * path, which gives the same bits. The package-private classes behind it are the blocked GEMM (packing,
 * blocking from the register file and cache sizes, micro-kernels) and both implementations of each kernel.
 */
package dev.vecnet.kernel;
