package dev.vecnet.kernel;

/**
 * One implementation of the elementwise kernels (scalar or vector). Arguments arrive validated by
 * {@link Elementwise}, whose javadoc states each formula, the aliasing rules and the accuracy;
 * implementations never check them again.
 */
interface ElementwiseKernel {

    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff);

    void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff);

    void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff);

    void elu(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    void eluBackward(int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                     float[] dx, int dxOff);

    void sigmoid(int n, float[] x, int xOff, float[] y, int yOff);

    void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    void tanh(int n, float[] x, int xOff, float[] y, int yOff);

    void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    void exp(int n, float[] x, int xOff, float[] y, int yOff);

    void prelu(int rows, int cols, float[] x, int xOff, int ldx, float[] slopes, int sOff, boolean perColumn,
               float[] y, int yOff, int ldy);

    void preluBackward(int rows, int cols, float[] x, int xOff, int ldx, float[] slopes, int sOff,
                       boolean perColumn, float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx,
                       float[] dSlopes, int dsOff);

    void maxout(int rows, int units, int pieces, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy,
                int[] argmax, int argOff);

    void maxoutBackward(int rows, int units, int pieces, int[] argmax, int argOff, float[] dy, int dyOff, int ldy,
                        float[] dx, int dxOff, int ldx);

    void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy);

    void logSoftmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy);

    void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float[] sums, int sumsOff);

    void columnMeanVariance(int rows, int cols, float[] x, int xOff, int ldx, float[] mean, int meanOff,
                            float[] var, int varOff);

    void batchNormForward(int rows, int cols, float[] x, int xOff, int ldx, float[] mean, int meanOff,
                          float[] invStd, int invStdOff, float[] gamma, int gOff, float[] beta, int bOff,
                          float[] xhat, int xhatOff, int ldxhat, float[] y, int yOff, int ldy);

    void batchNormBackward(int rows, int cols, float[] dy, int dyOff, int lddy, float[] xhat, int xhatOff,
                           int ldxhat, float[] gamma, int gOff, float[] invStd, int invStdOff, float[] dx, int dxOff,
                           int lddx, float[] dGamma, int dgOff, float[] dBeta, int dbOff);

    void dropout(int n, float p, long seed, long counter, float[] x, int xOff, float[] mask, int maskOff,
                 float[] y, int yOff);

    void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff);

    void scale(int n, float a, float[] x, int xOff);

    void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff);

    boolean allFinite(int n, float[] x, int xOff);

    /** {@code y} may be null (no update); see {@link Elementwise#sumOfSquares} for the order of the sum. */
    double sumOfSquaresAxpy(int n, float[] x, int xOff, float a, float[] y, int yOff);

    void transpose(int rows, int cols, float[] src, int srcOff, int ldSrc, float[] dst, int dstOff, int ldDst);
}
