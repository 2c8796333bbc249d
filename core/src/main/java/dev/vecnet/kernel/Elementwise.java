package dev.vecnet.kernel;

/**
 * Fused single-precision elementwise kernels for training and inference: activations and their
 * gradients, row softmax, column statistics, batch normalisation, dropout and BLAS-1 updates.
 *
 * <p><b>Storage.</b> A vector of length {@code n} stored from {@code off} is
 * {@code a[off .. off + n)}. A row-major {@code rows x cols} matrix stored from {@code off} with
 * leading dimension {@code ld >= max(1, cols)} has element {@code (i, j)} at
 * {@code a[off + i * ld + j]}; elements between rows (the padding) are never read or written.
 * Per-column vectors (mean, gamma, ...) hold {@code cols} values.
 *
 * <p><b>Validation.</b> Every argument is checked before anything is written: a null array, a
 * negative size or offset, a leading dimension below the row length or an array too short for what
 * the call would touch raises {@link IllegalArgumentException} naming the argument and its values,
 * and then no output has changed.
 *
 * <p><b>Aliasing.</b> An output may alias an input only where the method says so, and then exactly:
 * the same array, the same offset and, for matrices, the same leading dimension. Any other overlap of
 * an output with an input or with another output gives unspecified results (never an exception).
 *
 * <p><b>Allocation and threads.</b> No method allocates once the JIT has compiled it (on the vector
 * path, the Vector API allocates while a loop still runs in the interpreter or C1). The class is
 * stateless: any number of threads may call any methods at the same time, provided no thread writes
 * memory that another reads or writes.
 *
 * <p><b>Paths.</b> {@link Kernels} chooses the Vector API or the plain-Java implementation once per JVM.
 * The two give bit-identical results (NaN payloads aside) for every method except these:
 * <ul>
 *   <li>{@link #exp}, {@link #tanh}, {@link #sigmoid}, {@link #elu}: the scalar path rounds
 *       {@link Math#exp}, {@link Math#tanh}, {@link Math#expm1} from double (error at most about
 *       0.5 ulp); the vector path evaluates its own approximation (range reduction to
 *       {@code |r| <= ln2/2}, a degree-8 polynomial with FMA, exponent bits for {@code 2^k}). Its
 *       maximum relative error against the exact function computed in double, measured over all
 *       2^32 floats, for results in the normal range: {@code exp} 7.4e-8, {@code tanh} 1.8e-7,
 *       {@code sigmoid} 1.8e-7, {@code expm1} (inside {@code elu}, before the product with alpha)
 *       9.0e-8 (all below 1.5 * 2^-23, a float epsilon and a half); {@code elu} adds the rounding of
 *       the product with alpha. Results below {@link Float#MIN_NORMAL} (exp and sigmoid
 *       of arguments below about -87.3) are rounded into the subnormal range, not flushed to zero,
 *       with an absolute error below 0.9 {@link Float#MIN_VALUE}. The vector path gives the same bits
 *       for every vector width and whether an element falls in a vector body or a scalar tail.</li>
 *   <li>{@link #softmaxRows} and {@link #logSoftmaxRows}: besides the exponential, the vector path
 *       sums each row in lane partial sums; the paths agree within a few ulps plus the sums'
 *       rounding (at most {@code cols * 2^-24} relative, in practice far less).</li>
 *   <li>{@link #preluBackward} with a single slope: its sum over the whole matrix is in lane partial
 *       sums on the vector path.</li>
 * </ul>
 * Column reductions ({@link #columnSums}, {@link #columnMeanVariance}, {@link #batchNormBackward},
 * per-column {@link #preluBackward}) sum each column over rows in increasing order on both paths,
 * so they agree bit for bit.
 */
public final class Elementwise {
    private Elementwise() {
    }

    // ---------------------------------------------------------------- activations

    /**
     * ReLU: {@code y[i] = x[i] < 0 ? 0 : x[i]} for {@code i < n}; NaN stays NaN and -0.0 stays -0.0
     * (the rule of {@link Epilogue#RELU}).
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param x input, {@code n} values; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param y output, {@code n} values; overwritten
     * @param yOff index in y of its first element
     */
    public static void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        Kernels.elementwise().relu(n, x, xOff, y, yOff);
    }

    /**
     * ReLU gradient: {@code dx[i] = x[i] > 0 ? dy[i] : 0}, where x is the layer's input (the
     * gradient at 0 is taken as 0; a NaN input passes no gradient).
     *
     * <p>Modifies dx only; dx may alias dy or x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param x the layer's input, {@code n} values; not modified (unless it is dx)
     * @param xOff index in x of its first element
     * @param dy gradient of the loss with respect to the layer's output, {@code n} values; not modified (unless it is
     *         dx)
     * @param dyOff index in dy of its first element
     * @param dx output: gradient with respect to the layer's input, {@code n} values; overwritten
     * @param dxOff index in dx of its first element
     */
    public static void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("dy", "dyOff", dy, dyOff, n);
        vector("dx", "dxOff", dx, dxOff, n);
        Kernels.elementwise().reluBackward(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    /**
     * Leaky ReLU: {@code y[i] = x[i] < 0 ? slope * x[i] : x[i]} (the rule of
     * {@link Epilogue#LEAKY_RELU}).
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param slope the factor for negative inputs (0.01 in PyTorch's default)
     * @param x input, {@code n} values; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param y output, {@code n} values; overwritten
     * @param yOff index in y of its first element
     */
    public static void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        Kernels.elementwise().leakyRelu(n, slope, x, xOff, y, yOff);
    }

    /**
     * Leaky ReLU gradient: {@code dx[i] = x[i] > 0 ? dy[i] : slope * dy[i]}, x being the layer's
     * input. At {@code x == 0} the gradient is {@code slope * dy}, as in PyTorch.
     *
     * <p>Modifies dx only; dx may alias dy or x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param slope the factor for negative inputs (0.01 in PyTorch's default)
     * @param x the layer's input, {@code n} values; not modified (unless it is dx)
     * @param xOff index in x of its first element
     * @param dy gradient of the loss with respect to the layer's output, {@code n} values; not modified (unless it is
     *         dx)
     * @param dyOff index in dy of its first element
     * @param dx output: gradient with respect to the layer's input, {@code n} values; overwritten
     * @param dxOff index in dx of its first element
     */
    public static void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff,
                                         float[] dx, int dxOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("dy", "dyOff", dy, dyOff, n);
        vector("dx", "dxOff", dx, dxOff, n);
        Kernels.elementwise().leakyReluBackward(n, slope, x, xOff, dy, dyOff, dx, dxOff);
    }

    /**
     * ELU: {@code y[i] = x[i] > 0 ? x[i] : alpha * (e^x[i] - 1)}, with {@code e^x - 1} evaluated as
     * {@code expm1}, so small negative inputs keep their relative accuracy (no cancellation). Accuracy:
     * see the class comment.
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param alpha ELU's alpha (1 is usual): outputs approach {@code -alpha} for large negative inputs
     * @param x input, {@code n} values; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param y output, {@code n} values; overwritten
     * @param yOff index in y of its first element
     */
    public static void elu(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        Kernels.elementwise().elu(n, alpha, x, xOff, y, yOff);
    }

    /**
     * ELU gradient from the layer's input x and output y:
     * {@code dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha)} (for {@code x <= 0},
     * {@code y + alpha = alpha * e^x}).
     *
     * <p>Modifies dx only; dx may alias dy, x or y. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param alpha ELU's alpha (1 is usual): outputs approach {@code -alpha} for large negative inputs
     * @param x the layer's input, {@code n} values; not modified (unless it is dx)
     * @param xOff index in x of its first element
     * @param y the layer's output from {@link #elu} on that x, {@code n} values; not modified (unless it is dx)
     * @param yOff index in y of its first element
     * @param dy gradient of the loss with respect to the layer's output, {@code n} values; not modified (unless it is
     *         dx)
     * @param dyOff index in dy of its first element
     * @param dx output: gradient with respect to the layer's input, {@code n} values; overwritten
     * @param dxOff index in dx of its first element
     */
    public static void eluBackward(int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                                   float[] dx, int dxOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        vector("dy", "dyOff", dy, dyOff, n);
        vector("dx", "dxOff", dx, dxOff, n);
        Kernels.elementwise().eluBackward(n, alpha, x, xOff, y, yOff, dy, dyOff, dx, dxOff);
    }

    /**
     * Logistic sigmoid: {@code y[i] = 1 / (1 + e^-x[i])}, evaluated in the stable form
     * {@code x >= 0 ? 1 / (1 + e^-x) : e^x / (1 + e^x)}; +Inf gives 1, -Inf gives 0, NaN gives NaN.
     * Accuracy: see the class comment.
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param x input, {@code n} values; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param y output, {@code n} values in [0, 1]; overwritten
     * @param yOff index in y of its first element
     */
    public static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        Kernels.elementwise().sigmoid(n, x, xOff, y, yOff);
    }

    /**
     * Sigmoid gradient from the layer's output y: {@code dx[i] = dy[i] * y[i] * (1 - y[i])}.
     *
     * <p>Modifies dx only; dx may alias dy or y. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param y the layer's output from {@link #sigmoid}, {@code n} values; not modified (unless it is dx)
     * @param yOff index in y of its first element
     * @param dy gradient of the loss with respect to the layer's output, {@code n} values; not modified (unless it is
     *         dx)
     * @param dyOff index in dy of its first element
     * @param dx output: gradient with respect to the layer's input, {@code n} values; overwritten
     * @param dxOff index in dx of its first element
     */
    public static void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("y", "yOff", y, yOff, n);
        vector("dy", "dyOff", dy, dyOff, n);
        vector("dx", "dxOff", dx, dxOff, n);
        Kernels.elementwise().sigmoidBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /**
     * Hyperbolic tangent: {@code y[i] = tanh(x[i])}, evaluated as
     * {@code sign(x) * -m / (2 + m)} with {@code m = expm1(-2|x|)}, which keeps the relative accuracy
     * for small |x|; the sign of zero is kept, +-Inf give +-1, NaN gives NaN. Accuracy: see the class
     * comment.
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param x input, {@code n} values; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param y output, {@code n} values in [-1, 1]; overwritten
     * @param yOff index in y of its first element
     */
    public static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        Kernels.elementwise().tanh(n, x, xOff, y, yOff);
    }

    /**
     * Tanh gradient from the layer's output y: {@code dx[i] = dy[i] * (1 - y[i] * y[i])}.
     *
     * <p>Modifies dx only; dx may alias dy or y. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param y the layer's output from {@link #tanh}, {@code n} values; not modified (unless it is dx)
     * @param yOff index in y of its first element
     * @param dy gradient of the loss with respect to the layer's output, {@code n} values; not modified (unless it is
     *         dx)
     * @param dyOff index in dy of its first element
     * @param dx output: gradient with respect to the layer's input, {@code n} values; overwritten
     * @param dxOff index in dx of its first element
     */
    public static void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("y", "yOff", y, yOff, n);
        vector("dy", "dyOff", dy, dyOff, n);
        vector("dx", "dxOff", dx, dxOff, n);
        Kernels.elementwise().tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /**
     * Exponential: {@code y[i] = e^x[i]}; {@code x > 88.7228} and +Inf give +Inf, -Inf gives 0,
     * NaN gives NaN; results below {@link Float#MIN_NORMAL} are subnormal (rounded, not flushed).
     * Accuracy: see the class comment.
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param x input, {@code n} values; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param y output, {@code n} values; overwritten
     * @param yOff index in y of its first element
     */
    public static void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        Kernels.elementwise().exp(n, x, xOff, y, yOff);
    }

    // ---------------------------------------------------------------- PReLU and maxout

    /**
     * PReLU on a {@code rows x cols} matrix: {@code y[i][j] = x[i][j] < 0 ? a_j * x[i][j] : x[i][j]}
     * with {@code a_j = slopes[sOff + j]} when {@code perColumn}, else {@code a_j = slopes[sOff]}
     * (slopes holds {@code cols} values or one).
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param rows number of rows, {@code >= 0}
     * @param cols number of columns, {@code >= 0}
     * @param x input, a {@code rows x cols} matrix; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param ldx leading dimension of x (index distance between the starts of consecutive rows), {@code >= max(1,
     *         cols)}
     * @param slopes the slopes {@code a_j}: {@code cols} values when perColumn, else one; not modified
     * @param sOff index in slopes of the first slope
     * @param perColumn true for one slope per column ({@code cols} values), false for one slope shared by all
     * @param y output, a {@code rows x cols} matrix; overwritten
     * @param yOff index in y of its first element
     * @param ldy leading dimension of y, {@code >= max(1, cols)}
     */
    public static void prelu(int rows, int cols, float[] x, int xOff, int ldx, float[] slopes, int sOff,
                             boolean perColumn, float[] y, int yOff, int ldy) {
        GemmArgs.requireNonNegative("rows", rows);
        GemmArgs.requireNonNegative("cols", cols);
        GemmArgs.requireMatrix("x", x, xOff, ldx, rows, cols);
        GemmArgs.requireVector("slopes", "sOff", slopes, sOff, perColumn ? cols : 1);
        GemmArgs.requireMatrix("y", y, yOff, ldy, rows, cols);
        Kernels.elementwise().prelu(rows, cols, x, xOff, ldx, slopes, sOff, perColumn, y, yOff, ldy);
    }

    /**
     * PReLU gradients, with {@code a_j} as in {@link #prelu}:
     * {@code dx[i][j] = x[i][j] > 0 ? dy[i][j] : a_j * dy[i][j]}, and dSlopes (overwritten; {@code cols}
     * values when {@code perColumn}, else one) receives {@code sum_i (x[i][j] > 0 ? 0 : x[i][j] * dy[i][j])}
     * per column, or that summed over all columns too. Per-column sums run over rows in increasing
     * order on both paths (bit-identical); the single sum is in lane partial sums on the vector path.
     *
     * <p>Modifies dx and dSlopes; dx may alias dy or x; dSlopes must not overlap anything. Allocates
     * nothing; thread-safe on disjoint outputs.
     *
     * @param rows number of rows, {@code >= 0}
     * @param cols number of columns, {@code >= 0}
     * @param x the layer's input, a {@code rows x cols} matrix; not modified (unless it is dx)
     * @param xOff index in x of its first element
     * @param ldx leading dimension of x (index distance between the starts of consecutive rows), {@code >= max(1,
     *         cols)}
     * @param slopes the slopes used in the forward pass ({@code cols} values when perColumn, else one); not modified
     * @param sOff index in slopes of the first slope
     * @param perColumn true for one slope per column ({@code cols} values), false for one slope shared by all
     * @param dy gradient of the loss with respect to the layer's output, {@code rows x cols}; not modified (unless it
     *         is dx)
     * @param dyOff index in dy of its first element
     * @param lddy leading dimension of dy, {@code >= max(1, cols)}
     * @param dx output: gradient with respect to the layer's input, {@code rows x cols}; overwritten
     * @param dxOff index in dx of its first element
     * @param lddx leading dimension of dx, {@code >= max(1, cols)}
     * @param dSlopes output: gradient with respect to the slopes, {@code cols} values when perColumn, else one;
     *         overwritten
     * @param dsOff index in dSlopes of the first value
     */
    public static void preluBackward(int rows, int cols, float[] x, int xOff, int ldx, float[] slopes, int sOff,
                                     boolean perColumn, float[] dy, int dyOff, int lddy, float[] dx, int dxOff,
                                     int lddx, float[] dSlopes, int dsOff) {
        GemmArgs.requireNonNegative("rows", rows);
        GemmArgs.requireNonNegative("cols", cols);
        GemmArgs.requireMatrix("x", x, xOff, ldx, rows, cols);
        GemmArgs.requireVector("slopes", "sOff", slopes, sOff, perColumn ? cols : 1);
        GemmArgs.requireMatrix("dy", dy, dyOff, lddy, rows, cols);
        GemmArgs.requireMatrix("dx", dx, dxOff, lddx, rows, cols);
        GemmArgs.requireVector("dSlopes", "dsOff", dSlopes, dsOff, perColumn ? cols : 1);
        Kernels.elementwise().preluBackward(rows, cols, x, xOff, ldx, slopes, sOff, perColumn, dy, dyOff, lddy,
                dx, dxOff, lddx, dSlopes, dsOff);
    }

    /**
     * Maxout: x is {@code rows x (units * pieces)}, piece-major within a unit ({@code x[i][u * pieces + q]});
     * {@code y[i][u] = max_q x[i][u * pieces + q]} ({@code rows x units}) and
     * {@code argmax[argOff + i * units + u]} = the winning q, the first one on ties. A NaN piece wins
     * (the first NaN), so NaN propagates as in PyTorch. {@code pieces >= 1}.
     *
     * <p>Modifies y and argmax; neither may overlap x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param rows number of rows, {@code >= 0}
     * @param units maxout units per row (output columns), {@code >= 0}
     * @param pieces linear pieces per unit, {@code >= 1}
     * @param x input, {@code rows x (units * pieces)}, the pieces of unit u in columns {@code [u * pieces, (u + 1) *
     *         pieces)}; not modified
     * @param xOff index in x of its first element
     * @param ldx leading dimension of x, {@code >= max(1, units * pieces)}
     * @param y output, {@code rows x units}; overwritten
     * @param yOff index in y of its first element
     * @param ldy leading dimension of y, {@code >= max(1, units)}
     * @param argmax output: the winning piece of each (row, unit), {@code rows * units} values stored densely ({@code
     *         argmax[argOff + i * units + u]}), kept for {@link #maxoutBackward}; overwritten
     * @param argOff index in argmax of the first row's first unit
     */
    public static void maxout(int rows, int units, int pieces, float[] x, int xOff, int ldx, float[] y, int yOff,
                              int ldy, int[] argmax, int argOff) {
        int width = maxoutWidth(rows, units, pieces);
        GemmArgs.requireMatrix("x", x, xOff, ldx, rows, width);
        GemmArgs.requireMatrix("y", y, yOff, ldy, rows, units);
        GemmArgs.requireVector("argmax", "argOff", argmax, argOff, (long) rows * units);
        Kernels.elementwise().maxout(rows, units, pieces, x, xOff, ldx, y, yOff, ldy, argmax, argOff);
    }

    /**
     * Maxout gradient: dx ({@code rows x (units * pieces)}, leading dimension ldx) is zero except
     * {@code dx[i][u * pieces + argmax[argOff + i * units + u]] = dy[i][u]} (dy is {@code rows x units},
     * leading dimension ldy). Every argmax entry read must lie in {@code [0, pieces)}; this is checked
     * before anything is written.
     *
     * <p>Modifies dx only; dx must not overlap dy. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param rows number of rows, {@code >= 0}
     * @param units maxout units per row (output columns), {@code >= 0}
     * @param pieces linear pieces per unit, {@code >= 1}
     * @param argmax the winning pieces written by {@link #maxout}, {@code rows * units} values, each in {@code [0,
     *         pieces)}; not modified
     * @param argOff index in argmax of the first row's first unit
     * @param dy gradient of the loss with respect to the layer's output, {@code rows x units}; not modified
     * @param dyOff index in dy of its first element
     * @param ldy leading dimension of dy, {@code >= max(1, units)}
     * @param dx output: gradient with respect to the layer's input, {@code rows x (units * pieces)}; overwritten
     * @param dxOff index in dx of its first element
     * @param ldx leading dimension of dx, {@code >= max(1, units * pieces)}
     */
    public static void maxoutBackward(int rows, int units, int pieces, int[] argmax, int argOff, float[] dy,
                                      int dyOff, int ldy, float[] dx, int dxOff, int ldx) {
        int width = maxoutWidth(rows, units, pieces);
        GemmArgs.requireVector("argmax", "argOff", argmax, argOff, (long) rows * units);
        GemmArgs.requireMatrix("dy", "dyOff", "ldy", dy, dyOff, ldy, rows, units);
        GemmArgs.requireMatrix("dx", "dxOff", "ldx", dx, dxOff, ldx, rows, width);
        int count = rows * units;
        for (int k = 0; k < count; k++) {
            int q = argmax[argOff + k];
            if (q < 0 || q >= pieces) {
                throw new IllegalArgumentException("argmax[" + (argOff + k) + "] must be in [0, pieces = " + pieces
                        + "), was " + q);
            }
        }
        Kernels.elementwise().maxoutBackward(rows, units, pieces, argmax, argOff, dy, dyOff, ldy, dx, dxOff, ldx);
    }

    private static int maxoutWidth(int rows, int units, int pieces) {
        GemmArgs.requireNonNegative("rows", rows);
        GemmArgs.requireNonNegative("units", units);
        if (pieces < 1) {
            throw new IllegalArgumentException("pieces must be >= 1, was " + pieces);
        }
        long width = (long) units * pieces;
        if (width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("units * pieces must be <= " + Integer.MAX_VALUE + ", was "
                    + units + " * " + pieces + " = " + width);
        }
        return (int) width;
    }

    // ---------------------------------------------------------------- rows and columns

    /**
     * Row softmax of a {@code rows x cols} matrix: {@code y[i][j] = e^(x[i][j] - m_i) / sum_k e^(x[i][k] - m_i)}
     * with {@code m_i} the row maximum, so no input overflows the exponential (rows of 1000 and -1000
     * are fine). A row holding NaN or +Inf, or only -Inf, gives a NaN row.
     *
     * <p>Accuracy, relative to the exact softmax of the float inputs: about
     * {@code (|x[i][j] - m_i| + w_i + cols + 3) * 2^-24} in the worst case, where {@code w_i} is the
     * row's largest {@code |x - m_i|}: rounding {@code x - m_i} to float shifts the exponential by up to
     * half an ulp of the difference (inherent to float softmax), and the row sum is a float sum. The
     * vector path adds the error of its exponential (class comment).
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param rows number of rows, {@code >= 0}
     * @param cols number of columns, {@code >= 0}
     * @param x input scores, a {@code rows x cols} matrix; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param ldx leading dimension of x (index distance between the starts of consecutive rows), {@code >= max(1,
     *         cols)}
     * @param y output probabilities, {@code rows x cols}, each row summing to 1 (within rounding); overwritten
     * @param yOff index in y of its first element
     * @param ldy leading dimension of y, {@code >= max(1, cols)}
     */
    public static void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        checkRowMap(rows, cols, x, xOff, ldx, y, yOff, ldy);
        Kernels.elementwise().softmaxRows(rows, cols, x, xOff, ldx, y, yOff, ldy);
    }

    /**
     * Row log-softmax: {@code y[i][j] = (x[i][j] - m_i) - log(sum_k e^(x[i][k] - m_i))} with {@code m_i}
     * the row maximum (the logarithm is taken in double and rounded). Special values as
     * {@link #softmaxRows}.
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param rows number of rows, {@code >= 0}
     * @param cols number of columns, {@code >= 0}
     * @param x input scores, a {@code rows x cols} matrix; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param ldx leading dimension of x (index distance between the starts of consecutive rows), {@code >= max(1,
     *         cols)}
     * @param y output log-probabilities, {@code rows x cols}; overwritten
     * @param yOff index in y of its first element
     * @param ldy leading dimension of y, {@code >= max(1, cols)}
     */
    public static void logSoftmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        checkRowMap(rows, cols, x, xOff, ldx, y, yOff, ldy);
        Kernels.elementwise().logSoftmaxRows(rows, cols, x, xOff, ldx, y, yOff, ldy);
    }

    private static void checkRowMap(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        GemmArgs.requireNonNegative("rows", rows);
        GemmArgs.requireNonNegative("cols", cols);
        GemmArgs.requireMatrix("x", x, xOff, ldx, rows, cols);
        GemmArgs.requireMatrix("y", y, yOff, ldy, rows, cols);
    }

    /**
     * Column sums (bias gradients): {@code sums[sumsOff + j] = sum_i x[i][j]} for {@code j < cols},
     * overwritten (0 when rows is 0), summed in float over rows in increasing order on both paths.
     *
     * <p>Modifies sums only; sums must not overlap x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param rows number of rows, {@code >= 0}
     * @param cols number of columns, {@code >= 0}
     * @param x input, a {@code rows x cols} matrix; not modified
     * @param xOff index in x of its first element
     * @param ldx leading dimension of x (index distance between the starts of consecutive rows), {@code >= max(1,
     *         cols)}
     * @param sums output, {@code cols} column sums; overwritten
     * @param sumsOff index in sums of the first column's sum
     */
    public static void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float[] sums, int sumsOff) {
        GemmArgs.requireNonNegative("rows", rows);
        GemmArgs.requireNonNegative("cols", cols);
        GemmArgs.requireMatrix("x", x, xOff, ldx, rows, cols);
        vector("sums", "sumsOff", sums, sumsOff, cols);
        Kernels.elementwise().columnSums(rows, cols, x, xOff, ldx, sums, sumsOff);
    }

    /**
     * Per-column mean and biased variance of a {@code rows x cols} matrix, {@code rows >= 1}, in two
     * passes: {@code mean_j = x[0][j] + (sum_i (x[i][j] - x[0][j])) / rows}, then
     * {@code var_j = (sum_i (x[i][j] - mean_j)^2) / rows}: never {@code E[x^2] - E[x]^2}, which
     * cancels catastrophically when the mean is large against the spread. Shifting by the first row
     * keeps a common offset out of the first sum too.
     *
     * <p>Error: sums are float, over rows in increasing order on both paths (bit-identical). With
     * {@code u = 2^-24} and s the standard deviation, the mean is within about
     * {@code rows * u * max|x[i][j] - x[0][j]| / rows + u |mean|} of exact in the worst case, and the
     * relative error of the variance is about {@code rows * u} in the worst case (rounding errors add
     * up like {@code sqrt(rows) * u} in practice: about 2e-6 for 1000 rows) plus
     * {@code (mean error / s)^2}.
     *
     * <p>Modifies mean and var; neither may overlap x or the other. Allocates nothing; thread-safe on
     * disjoint outputs.
     *
     * @param rows number of rows, {@code >= 1}
     * @param cols number of columns, {@code >= 0}
     * @param x input, a {@code rows x cols} matrix; not modified
     * @param xOff index in x of its first element
     * @param ldx leading dimension of x (index distance between the starts of consecutive rows), {@code >= max(1,
     *         cols)}
     * @param mean output, {@code cols} column means; overwritten
     * @param meanOff index in mean of the first column's value
     * @param var output, {@code cols} biased column variances (divided by rows); overwritten
     * @param varOff index in var of the first column's value
     */
    public static void columnMeanVariance(int rows, int cols, float[] x, int xOff, int ldx, float[] mean, int meanOff,
                                          float[] var, int varOff) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, was " + rows);
        }
        GemmArgs.requireNonNegative("cols", cols);
        GemmArgs.requireMatrix("x", x, xOff, ldx, rows, cols);
        vector("mean", "meanOff", mean, meanOff, cols);
        vector("var", "varOff", var, varOff, cols);
        Kernels.elementwise().columnMeanVariance(rows, cols, x, xOff, ldx, mean, meanOff, var, varOff);
    }

    /**
     * Batch-normalisation forward pass, fused into one pass over x ({@code rows x cols}):
     * {@code xhat[i][j] = (x[i][j] - mean_j) * invStd_j} and {@code y[i][j] = gamma_j * xhat[i][j] + beta_j}.
     * mean, invStd, gamma and beta hold {@code cols} values each (training uses the batch statistics,
     * evaluation the running ones). xhat, kept for {@link #batchNormBackward}, may be null (evaluation
     * mode: not stored; its offset and leading dimension are then ignored).
     *
     * <p>Modifies y and xhat; y may alias x, xhat may alias x, but y and xhat must not overlap.
     * Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param rows number of rows, {@code >= 0}
     * @param cols number of columns, {@code >= 0}
     * @param x input, a {@code rows x cols} matrix; not modified (unless it is y or xhat)
     * @param xOff index in x of its first element
     * @param ldx leading dimension of x (index distance between the starts of consecutive rows), {@code >= max(1,
     *         cols)}
     * @param mean per-column mean to subtract, {@code cols} values; not modified
     * @param meanOff index in mean of the first column's value
     * @param invStd per-column {@code 1 / sqrt(var + eps)}, {@code cols} values; not modified
     * @param invStdOff index in invStd of the first column's value
     * @param gamma per-column scale, {@code cols} values; not modified
     * @param gOff index in gamma of the first column's value
     * @param beta per-column shift, {@code cols} values; not modified
     * @param bOff index in beta of the first column's value
     * @param xhat output: the normalised input, {@code rows x cols}, overwritten; or null not to store it
     * @param xhatOff index in xhat of its first element (ignored when xhat is null)
     * @param ldxhat leading dimension of xhat, {@code >= max(1, cols)} (ignored when xhat is null)
     * @param y output, {@code rows x cols}; overwritten
     * @param yOff index in y of its first element
     * @param ldy leading dimension of y, {@code >= max(1, cols)}
     */
    public static void batchNormForward(int rows, int cols, float[] x, int xOff, int ldx, float[] mean, int meanOff,
                                        float[] invStd, int invStdOff, float[] gamma, int gOff, float[] beta, int bOff,
                                        float[] xhat, int xhatOff, int ldxhat, float[] y, int yOff, int ldy) {
        GemmArgs.requireNonNegative("rows", rows);
        GemmArgs.requireNonNegative("cols", cols);
        GemmArgs.requireMatrix("x", x, xOff, ldx, rows, cols);
        vector("mean", "meanOff", mean, meanOff, cols);
        vector("invStd", "invStdOff", invStd, invStdOff, cols);
        GemmArgs.requireVector("gamma", "gOff", gamma, gOff, cols);
        GemmArgs.requireVector("beta", "bOff", beta, bOff, cols);
        if (xhat != null) {
            GemmArgs.requireMatrix("xhat", xhat, xhatOff, ldxhat, rows, cols);
        }
        GemmArgs.requireMatrix("y", y, yOff, ldy, rows, cols);
        Kernels.elementwise().batchNormForward(rows, cols, x, xOff, ldx, mean, meanOff, invStd, invStdOff,
                gamma, gOff, beta, bOff, xhat, xhatOff, ldxhat, y, yOff, ldy);
    }

    /**
     * Batch-normalisation backward pass over a batch of {@code rows} ({@code rows x cols} matrices),
     * from the upstream gradient dy and the normalised input xhat of the forward pass:
     * <pre>
     *   dBeta_j  = sum_i dy[i][j]
     *   dGamma_j = sum_i dy[i][j] * xhat[i][j]
     *   dx[i][j] = gamma_j * invStd_j / rows * (rows * dy[i][j] - dBeta_j - xhat[i][j] * dGamma_j)
     * </pre>
     * (the gradient through batch statistics with the biased variance). Sums run over rows in
     * increasing order in float; {@code 1 / rows} is rounded once to float.
     *
     * <p>Modifies dx, dGamma and dBeta (all overwritten); dx may alias dy or xhat; dGamma and dBeta must
     * not overlap anything. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param rows number of rows, {@code >= 0}
     * @param cols number of columns, {@code >= 0}
     * @param dy gradient of the loss with respect to the layer's output, {@code rows x cols}; not modified (unless it
     *         is dx)
     * @param dyOff index in dy of its first element
     * @param lddy leading dimension of dy, {@code >= max(1, cols)}
     * @param xhat the normalised input stored by {@link #batchNormForward}, {@code rows x cols}; not modified (unless
     *         it is dx)
     * @param xhatOff index in xhat of its first element
     * @param ldxhat leading dimension of xhat, {@code >= max(1, cols)}
     * @param gamma per-column scale used in the forward pass, {@code cols} values; not modified
     * @param gOff index in gamma of the first column's value
     * @param invStd per-column {@code 1 / sqrt(var + eps)} used in the forward pass, {@code cols} values; not
     *         modified
     * @param invStdOff index in invStd of the first column's value
     * @param dx output: gradient with respect to the layer's input, {@code rows x cols}; overwritten
     * @param dxOff index in dx of its first element
     * @param lddx leading dimension of dx, {@code >= max(1, cols)}
     * @param dGamma output: gradient with respect to gamma, {@code cols} values; overwritten
     * @param dgOff index in dGamma of the first column's value
     * @param dBeta output: gradient with respect to beta, {@code cols} values; overwritten
     * @param dbOff index in dBeta of the first column's value
     */
    public static void batchNormBackward(int rows, int cols, float[] dy, int dyOff, int lddy, float[] xhat,
                                         int xhatOff, int ldxhat, float[] gamma, int gOff, float[] invStd,
                                         int invStdOff, float[] dx, int dxOff, int lddx, float[] dGamma, int dgOff,
                                         float[] dBeta, int dbOff) {
        GemmArgs.requireNonNegative("rows", rows);
        GemmArgs.requireNonNegative("cols", cols);
        GemmArgs.requireMatrix("dy", dy, dyOff, lddy, rows, cols);
        GemmArgs.requireMatrix("xhat", xhat, xhatOff, ldxhat, rows, cols);
        GemmArgs.requireVector("gamma", "gOff", gamma, gOff, cols);
        vector("invStd", "invStdOff", invStd, invStdOff, cols);
        GemmArgs.requireMatrix("dx", dx, dxOff, lddx, rows, cols);
        GemmArgs.requireVector("dGamma", "dgOff", dGamma, dgOff, cols);
        GemmArgs.requireVector("dBeta", "dbOff", dBeta, dbOff, cols);
        Kernels.elementwise().batchNormBackward(rows, cols, dy, dyOff, lddy, xhat, xhatOff, ldxhat, gamma, gOff,
                invStd, invStdOff, dx, dxOff, lddx, dGamma, dgOff, dBeta, dbOff);
    }

    // ---------------------------------------------------------------- dropout and BLAS-1

    /**
     * Inverted dropout with drop probability {@code p} in [0, 1):
     * {@code mask[i] = u_i >= p ? 1f / (1f - p) : 0} and {@code y[i] = x[i] * mask[i]}, where
     * {@code u_i} is a uniform float in [0, 1) (a multiple of 2^-24) drawn from a counter-based hash of
     * {@code (seed, counter + i)}: the same seed and counter give the same mask on every path, for any
     * split of the array, on any thread. Advance counter by n per call to draw fresh masks. With
     * {@code p == 0} every mask value is 1 and {@code y = x}. Each element is kept with probability
     * exactly {@code 1 - ceil(p * 2^24) / 2^24}. Backward: {@code dx = dy * mask} with {@link #multiply}.
     *
     * <p>Modifies mask and y; y may alias x; mask must not overlap x or y. Allocates nothing;
     * thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param p drop probability, in [0, 1)
     * @param seed seed of the mask's hash (for example the network's seed)
     * @param counter index of the first element in the hash's stream; advance it by n per call for a fresh mask
     * @param x input, {@code n} values; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param mask output: {@code 0} or {@code 1 / (1 - p)} per element, kept for the backward pass; overwritten
     * @param maskOff index in mask of its first element
     * @param y output, {@code n} values; overwritten
     * @param yOff index in y of its first element
     */
    public static void dropout(int n, float p, long seed, long counter, float[] x, int xOff, float[] mask, int maskOff,
                               float[] y, int yOff) {
        GemmArgs.requireNonNegative("n", n);
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("p must be in [0, 1), was " + p);
        }
        vector("x", "xOff", x, xOff, n);
        vector("mask", "maskOff", mask, maskOff, n);
        vector("y", "yOff", y, yOff, n);
        Kernels.elementwise().dropout(n, p, seed, counter, x, xOff, mask, maskOff, y, yOff);
    }

    /**
     * Elementwise product: {@code z[i] = x[i] * y[i]} (dropout backward: {@code dx = dy * mask}).
     *
     * <p>Modifies z only; z may alias x or y. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param x first factor, {@code n} values; not modified (unless it is z)
     * @param xOff index in x of its first element
     * @param y second factor, {@code n} values; not modified (unless it is z)
     * @param yOff index in y of its first element
     * @param z output, {@code n} values; overwritten
     * @param zOff index in z of its first element
     */
    public static void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        vector("z", "zOff", z, zOff, n);
        Kernels.elementwise().multiply(n, x, xOff, y, yOff, z, zOff);
    }

    /**
     * Index of the largest of {@code x[xOff .. xOff + n)}, the first on ties: a row's predicted class.
     * NaN compares false, so a NaN is never chosen over an earlier number.
     *
     * <p>Modifies nothing. Allocates nothing; thread-safe.
     *
     * @param x    the values
     * @param xOff where the row starts
     * @param n    the row's length, at least 1
     * @return the index within the row, in {@code [0, n)}
     * @throws IllegalArgumentException when {@code n < 1} or the row is out of bounds
     */
    public static int argmax(float[] x, int xOff, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("argmax needs n >= 1, was " + n);
        }
        vector("x", "xOff", x, xOff, n);
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (x[xOff + j] > x[xOff + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Whether {@code x[xOff .. xOff + n)} holds no NaN and no infinity (input validation).
     *
     * <p>Modifies nothing. Allocates nothing; thread-safe.
     *
     * @param n number of elements, {@code >= 0}
     * @param x the values to check, {@code n} of them; not modified
     * @param xOff index in x of its first element
     * @return true if every value is finite (true when n is 0), false on the first NaN or infinity
     */
    public static boolean allFinite(int n, float[] x, int xOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        return Kernels.elementwise().allFinite(n, x, xOff);
    }

    /**
     * In-place scaling: {@code x[i] = a * x[i]}.
     *
     * <p>Modifies x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param a the factor
     * @param x the values, {@code n} of them; scaled in place
     * @param xOff index in x of its first element
     */
    public static void scale(int n, float a, float[] x, int xOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        Kernels.elementwise().scale(n, a, x, xOff);
    }

    /**
     * The sum of squares {@code sum x[i]^2} in double, in one fixed order that every path, vector width and JDK
     * follows, so the result has the same bits everywhere: each term {@code (double) x[i] * x[i]} is exact; the
     * first {@code B = 16 * floor(n / 16)} elements feed sixteen partial sums, {@code s_j} taking the elements
     * {@code i < B} with {@code i mod 16 = j} in increasing {@code i}; these are combined as
     * {@code t_j = s_j + s_(j+8)} (j &lt; 8), {@code u_j = t_j + t_(j+4)} (j &lt; 4), {@code v_j = u_j + u_(j+2)}
     * (j &lt; 2) and {@code S = v_0 + v_1}; the remaining {@code n - B} squares are then added to {@code S} in
     * increasing {@code i}. Sixteen independent sums keep two to four vector additions in flight where one
     * running sum would wait for each addition's latency. A NaN or infinity in x gives NaN or infinity.
     *
     * <p>Modifies nothing. Allocates nothing; thread-safe.
     *
     * @param n number of elements, {@code >= 0}
     * @param x the values, {@code n} of them; not modified
     * @param xOff index in x of its first element
     * @return the sum of the squares, {@code >= 0} for finite values
     */
    public static double sumOfSquares(int n, float[] x, int xOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        return Kernels.elementwise().sumOfSquaresAxpy(n, x, xOff, 0f, null, 0);
    }

    /**
     * Weight decay's one pass over the weights: {@code y[i] = y[i] + a * x[i]} as {@link #axpy} (the same bits)
     * and the {@link #sumOfSquares} of x (the same bits); the vector path
     * reads x once for both, the scalar path sums first and then runs the axpy.
     *
     * <p>Modifies y only; y must not overlap x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param a the factor applied to x
     * @param x the values to add and square, {@code n} of them; not modified
     * @param xOff index in x of its first element
     * @param y the accumulator, {@code n} values; updated in place
     * @param yOff index in y of its first element
     * @return {@code sumOfSquares(n, x, xOff)} of x as it was read
     */
    public static double sumOfSquaresAxpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        return Kernels.elementwise().sumOfSquaresAxpy(n, x, xOff, a, y, yOff);
    }

    /**
     * BLAS saxpy: {@code y[i] = y[i] + a * x[i]}, the product rounded before the sum (not fused) on
     * both paths.
     *
     * <p>Modifies y only; y may alias x. Allocates nothing; thread-safe on disjoint outputs.
     *
     * @param n number of elements, {@code >= 0}
     * @param a the factor applied to x
     * @param x the values to add, {@code n} of them; not modified (unless it is y)
     * @param xOff index in x of its first element
     * @param y the accumulator, {@code n} values; updated in place
     * @param yOff index in y of its first element
     */
    public static void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        GemmArgs.requireNonNegative("n", n);
        vector("x", "xOff", x, xOff, n);
        vector("y", "yOff", y, yOff, n);
        Kernels.elementwise().axpy(n, a, x, xOff, y, yOff);
    }

    /**
     * Transposing copy: {@code dst[c][r] = src[r][c]} for a {@code rows x cols} matrix {@code src}
     * (row-major, leading dimension {@code ldSrc}) into the {@code cols x rows} matrix {@code dst}
     * (leading dimension {@code ldDst}). A copy, so both paths give the same bits; the vector path moves
     * 8 x 8 blocks through registers (on JDK 25 and later), 3-4x faster than element by element
     * ({@code TransposeBench}).
     *
     * <p>Modifies dst only, within the window; dst must be another array than src (checked). Allocates
     * nothing; thread-safe on disjoint outputs.
     *
     * @param rows rows of src (columns of dst), {@code >= 0}
     * @param cols columns of src (rows of dst), {@code >= 0}
     * @param src the {@code rows x cols} source matrix; not modified
     * @param srcOff index in src of element (0, 0)
     * @param ldSrc leading dimension of src, {@code >= max(1, cols)}
     * @param dst the {@code cols x rows} destination matrix, another array than src; overwritten within the window
     * @param dstOff index in dst of element (0, 0)
     * @param ldDst leading dimension of dst, {@code >= max(1, rows)}
     */
    public static void transpose(int rows, int cols, float[] src, int srcOff, int ldSrc,
                                 float[] dst, int dstOff, int ldDst) {
        GemmArgs.requireNonNegative("rows", rows);
        GemmArgs.requireNonNegative("cols", cols);
        GemmArgs.requireMatrix("src", "srcOff", "ldSrc", src, srcOff, ldSrc, rows, cols);
        GemmArgs.requireMatrix("dst", "dstOff", "ldDst", dst, dstOff, ldDst, cols, rows);
        if (src == dst) {
            throw new IllegalArgumentException("src and dst must be different arrays for a transpose");
        }
        Kernels.elementwise().transpose(rows, cols, src, srcOff, ldSrc, dst, dstOff, ldDst);
    }

    /** Both names are literals: building "nameOff" here would allocate on every call. */
    private static void vector(String name, String offName, float[] array, int off, int n) {
        GemmArgs.requireVector(name, offName, array, off, n);
    }
}
