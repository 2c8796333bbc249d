package dev.vecnet.kernel;

import java.util.Arrays;

/**
 * The plain-Java GEMM: the reference implementation, the fallback when the vector module is absent,
 * and the vector path's small-matrix path (it packs nothing but transposed B).
 *
 * <p>Each element is summed as every path sums it (see {@link GemmBlocking#KC}): per K block, one
 * {@link Math#fma} per k in increasing order, then {@link GemmCall#finish}. The inner loop runs along
 * a row of {@code op(B)}, which C2 may auto-vectorise.
 *
 * <p>Packed layout: {@code op(B)} as a dense row-major {@code k x n} matrix.
 */
final class ScalarGemm implements GemmKernel {
    /** Columns of B handled per block: the row accumulator and a {@code KC x NC} block of B. */
    private static final int NC = 512;
    /** Blocks at most this many columns wide take {@link #narrowBlock}. */
    private static final int NARROW = 8;

    @Override
    public int vectorBitSize() {
        return 0;
    }

    @Override
    public String describeBlocking() {
        return "no register tile: rows one at a time across " + NC + "-column blocks of B, KC " + GemmBlocking.KC;
    }

    @Override
    public int rowAlignment() {
        return 1;
    }

    @Override
    public int columnAlignment() {
        return NC;
    }

    @Override
    public int packedLength(int k, int n) {
        return Math.multiplyExact(k, n);
    }

    @Override
    public void pack(boolean trans, int k, int n, float[] src, int off, int ld, float[] dst) {
        copyOpB(trans, src, off, ld, 0, 0, k, n, dst, 0, n);
    }

    @Override
    public void compute(GemmCall call, int m0, int m1, int n0, int n1, GemmWorkspace ws) {
        float[] acc = ws.tile(NC);
        for (int jc = n0; jc < n1; jc += NC) {
            int nb = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < call.k; pc += GemmBlocking.KC) {
                int kc = Math.min(GemmBlocking.KC, call.k - pc);
                float[] bArr;
                int bBase;
                int bLd;
                if (call.packedB != null) {
                    bArr = call.packedB.data();
                    bLd = call.packedB.n();
                    bBase = pc * bLd + jc;
                } else if (!call.transB) {
                    bArr = call.b;
                    bLd = call.ldb;
                    bBase = call.bOff + pc * bLd + jc;
                } else {
                    bArr = ws.packedB(GemmBlocking.KC * NC);
                    bLd = nb;
                    bBase = 0;
                    copyOpB(true, call.b, call.bOff, call.ldb, pc, jc, kc, nb, bArr, 0, nb);
                }
                boolean lastBlock = pc + kc == call.k;
                float beta = pc == 0 ? call.beta : 1f;
                if (nb <= NARROW) {
                    narrowBlock(call, m0, m1, jc, nb, pc, kc, bArr, bBase, bLd, beta, lastBlock);
                    continue;
                }
                for (int i = m0; i < m1; i++) {
                    Arrays.fill(acc, 0, nb, 0f);
                    for (int p = 0; p < kc; p++) {
                        float s = call.transA
                                ? call.a[call.aOff + (pc + p) * call.lda + i]
                                : call.a[call.aOff + i * call.lda + pc + p];
                        int row = bBase + p * bLd;
                        for (int j = 0; j < nb; j++) {
                            acc[j] = Math.fma(s, bArr[row + j], acc[j]);
                        }
                    }
                    storeRow(call, acc, nb, i, jc, beta, lastBlock);
                }
            }
        }
    }

    /**
     * The same sums for a block only a few columns wide (a 1-unit output layer, a batch of 4 as the K of
     * a weight gradient): one dot product per element, its FMAs in the same order from the same 0, kept
     * in a register instead of a row accumulator that is cleared and swept once per k.
     */
    private static void narrowBlock(GemmCall call, int m0, int m1, int jc, int nb, int pc, int kc,
                                    float[] bArr, int bBase, int bLd, float beta, boolean lastBlock) {
        float[] bias = lastBlock ? call.bias : null;
        Epilogue act = lastBlock ? call.act : Epilogue.IDENTITY;
        int aStep = call.transA ? call.lda : 1;
        for (int i = m0; i < m1; i++) {
            int aBase = call.transA ? call.aOff + pc * call.lda + i : call.aOff + i * call.lda + pc;
            int cRow = call.cOff + i * call.ldc + jc;
            for (int j = 0; j < nb; j++) {
                float sum = 0f;
                for (int p = 0; p < kc; p++) {
                    sum = Math.fma(call.a[aBase + p * aStep], bArr[bBase + p * bLd + j], sum);
                }
                call.c[cRow + j] = GemmCall.finish(sum, call.alpha, beta, call.c, cRow + j, bias,
                        call.biasOff + jc + j, act, call.slope);
            }
        }
    }

    private static void storeRow(GemmCall call, float[] acc, int nb, int i, int jc, float beta, boolean lastBlock) {
        float[] bias = lastBlock ? call.bias : null;
        Epilogue act = lastBlock ? call.act : Epilogue.IDENTITY;
        int cRow = call.cOff + i * call.ldc + jc;
        int biasRow = call.biasOff + jc;
        for (int j = 0; j < nb; j++) {
            call.c[cRow + j] = GemmCall.finish(acc[j], call.alpha, beta, call.c, cRow + j, bias, biasRow + j, act, call.slope);
        }
    }

    /**
     * Copies rows {@code [p0, p0+kc)} and columns {@code [j0, j0+nb)} of {@code op(B)} into a dense
     * row-major block of {@code dst} with leading dimension {@code dstLd}.
     */
    static void copyOpB(boolean trans, float[] src, int off, int ld, int p0, int j0, int kc, int nb,
                        float[] dst, int dstOff, int dstLd) {
        if (nb == 0 || kc == 0) {
            return; // an empty operand: its rows' offsets may lie past the end of src
        }
        if (!trans) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(src, off + (p0 + p) * ld + j0, dst, dstOff + p * dstLd, nb);
            }
            return;
        }
        // op(B) = B^T: B's rows j0.. (k contiguous) become columns of the block.
        ScalarElementwise.transposeCopy(nb, kc, src, off + j0 * ld + p0, ld, dst, dstOff, dstLd);
    }
}
