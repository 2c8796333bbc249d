package dev.vecnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API GEMM: Goto/BLIS blocking around register-tiled micro-kernels. Loaded only on the
 * vector path (see {@link Kernels}).
 *
 * <p>Loops, outermost first: columns of C in blocks of {@code NC}; K in blocks of {@code KC} (B block
 * packed here, or taken from a {@link PackedMatrix}); rows in blocks of {@code MC} (A block packed);
 * then {@code MR}-row micro-panels of A (held in L1) sweep the {@code NR}-column micro-panels of B
 * (streamed from L2). Each micro-kernel leaves its raw sums in a tile; {@link #storeTile} applies
 * alpha, beta, bias and activation on the way to C.
 *
 * <p>Packed layouts, both zero-padded at the edges:
 * <ul>
 *   <li>B block ({@code kc x nc}): micro-panel {@code q} (columns {@code q*NR ..}) at {@code q*kc*NR},
 *       row {@code p} of it at {@code + p*NR}. A whole {@link PackedMatrix} is its K blocks one after
 *       the other: block {@code pc} starts at {@code pc * roundUp(n, NR)}.</li>
 *   <li>A block ({@code mc x kc}): micro-panel {@code q} (rows {@code q*MR ..}) at {@code q*MR*kc},
 *       element {@code (r, p)} at {@code + p*MR + r}.</li>
 * </ul>
 */
final class VectorGemm implements GemmKernel {
    static final VectorSpecies<Float> SPECIES = VectorSpecies.of(float.class, VectorShapes.chosen());
    private static final int LANES = SPECIES.length();
    private static final GemmBlocking BLOCKING = GemmBlocking.forLanes(LANES);
    private static final int MR = BLOCKING.mr();
    private static final int NR = BLOCKING.nr();
    private static final int MC = BLOCKING.mc();
    private static final int NC = BLOCKING.nc();
    private static final int KC = GemmBlocking.KC;
    /** Below this many multiply-adds the scalar path wins: packing would cost more than it saves. */
    static final long SMALL_PRODUCT = 4096;

    private static final ScalarGemm SMALL = new ScalarGemm();

    VectorGemm() {
        if (SPECIES.vectorBitSize() < 128) {
            throw new UnsupportedOperationException("the preferred float species is only "
                    + SPECIES.vectorBitSize() + " bits wide");
        }
    }

    @Override
    public int vectorBitSize() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public int rowAlignment() {
        return MR;
    }

    @Override
    public int columnAlignment() {
        return NR;
    }

    @Override
    public int packedLength(int k, int n) {
        return Math.multiplyExact(k, roundUp(n, NR));
    }

    @Override
    public void pack(boolean trans, int k, int n, float[] src, int off, int ld, float[] dst) {
        int paddedN = roundUp(n, NR);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packB(trans, src, off, ld, pc, 0, kc, n, dst, pc * paddedN);
        }
    }

    @Override
    public void compute(GemmCall call, int m0, int m1, int n0, int n1, GemmWorkspace ws) {
        if (call.packedB == null && (long) (m1 - m0) * (n1 - n0) * call.k <= SMALL_PRODUCT) {
            SMALL.compute(call, m0, m1, n0, n1, ws);
            return;
        }
        float[] packedA = ws.packedA(MC * KC);
        float[] tile = ws.tile(MR * NR);
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < call.k; pc += KC) {
                int kc = Math.min(KC, call.k - pc);
                float[] bArr;
                int bBase;
                if (call.packedB != null) {
                    bArr = call.packedB.data();
                    bBase = pc * roundUp(call.packedB.n(), NR) + jc * kc;
                } else {
                    bArr = ws.packedB(KC * NC);
                    bBase = 0;
                    packB(call.transB, call.b, call.bOff, call.ldb, pc, jc, kc, nc, bArr, 0);
                }
                boolean lastBlock = pc + kc == call.k;
                float beta = pc == 0 ? call.beta : 1f;
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    packA(call.transA, call.a, call.aOff, call.lda, ic, pc, mc, kc, packedA);
                    macroKernel(call, mc, nc, kc, packedA, bArr, bBase, tile, ic, jc, beta, lastBlock);
                }
            }
        }
    }

    /** All micro-tiles of one {@code mc x nc} block of C for one K block. */
    private static void macroKernel(GemmCall call, int mc, int nc, int kc, float[] packedA, float[] bArr, int bBase,
                                    float[] tile, int ic, int jc, float beta, boolean lastBlock) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int aPanel = ir * kc;
            for (int jr = 0; jr < nc; jr += NR) {
                int bPanel = bBase + jr * kc;
                if (mr == MR) {
                    kernel12(kc, packedA, aPanel, bArr, bPanel, tile, 0);
                } else {
                    int r = 0;
                    for (; r + 4 <= mr; r += 4) {
                        kernel4(kc, packedA, aPanel + r, bArr, bPanel, tile, r * NR);
                    }
                    for (; r < mr; r++) {
                        kernel1(kc, packedA, aPanel + r, bArr, bPanel, tile, r * NR);
                    }
                }
                storeTile(call, tile, mr, Math.min(NR, nc - jr), ic + ir, jc + jr, beta, lastBlock);
            }
        }
    }

    /**
     * Micro-kernel, 12 x NR tile: for p in [0, kc): {@code tile[r][:] += a[p][r] * b[p][:]} with 24 vector
     * accumulators (12 rows x 2 vectors) in registers, one FMA each per p; 2 B vectors and 1 broadcast
     * A value are live besides them. A: packed panel (stride MR per p). B: packed panel (stride NR).
     */
    private static void kernel12(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile, int tOff) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        FloatVector c60 = FloatVector.zero(SPECIES), c61 = FloatVector.zero(SPECIES);
        FloatVector c70 = FloatVector.zero(SPECIES), c71 = FloatVector.zero(SPECIES);
        FloatVector c80 = FloatVector.zero(SPECIES), c81 = FloatVector.zero(SPECIES);
        FloatVector c90 = FloatVector.zero(SPECIES), c91 = FloatVector.zero(SPECIES);
        FloatVector ca0 = FloatVector.zero(SPECIES), ca1 = FloatVector.zero(SPECIES);
        FloatVector cb0 = FloatVector.zero(SPECIES), cb1 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(SPECIES, a[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(SPECIES, a[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(SPECIES, a[ai + 8]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(SPECIES, a[ai + 9]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(SPECIES, a[ai + 10]);
            ca0 = av.fma(b0, ca0);
            ca1 = av.fma(b1, ca1);
            av = FloatVector.broadcast(SPECIES, a[ai + 11]);
            cb0 = av.fma(b0, cb0);
            cb1 = av.fma(b1, cb1);
        }
        c00.intoArray(tile, tOff);
        c01.intoArray(tile, tOff + LANES);
        c10.intoArray(tile, tOff + NR);
        c11.intoArray(tile, tOff + NR + LANES);
        c20.intoArray(tile, tOff + 2 * NR);
        c21.intoArray(tile, tOff + 2 * NR + LANES);
        c30.intoArray(tile, tOff + 3 * NR);
        c31.intoArray(tile, tOff + 3 * NR + LANES);
        c40.intoArray(tile, tOff + 4 * NR);
        c41.intoArray(tile, tOff + 4 * NR + LANES);
        c50.intoArray(tile, tOff + 5 * NR);
        c51.intoArray(tile, tOff + 5 * NR + LANES);
        c60.intoArray(tile, tOff + 6 * NR);
        c61.intoArray(tile, tOff + 6 * NR + LANES);
        c70.intoArray(tile, tOff + 7 * NR);
        c71.intoArray(tile, tOff + 7 * NR + LANES);
        c80.intoArray(tile, tOff + 8 * NR);
        c81.intoArray(tile, tOff + 8 * NR + LANES);
        c90.intoArray(tile, tOff + 9 * NR);
        c91.intoArray(tile, tOff + 9 * NR + LANES);
        ca0.intoArray(tile, tOff + 10 * NR);
        ca1.intoArray(tile, tOff + 10 * NR + LANES);
        cb0.intoArray(tile, tOff + 11 * NR);
        cb1.intoArray(tile, tOff + 11 * NR + LANES);
    }

    /** Micro-kernel, 4 x NR tile (rows left over below 12): as {@link #kernel12} with 8 accumulators. */
    private static void kernel4(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile, int tOff) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        c00.intoArray(tile, tOff);
        c01.intoArray(tile, tOff + LANES);
        c10.intoArray(tile, tOff + NR);
        c11.intoArray(tile, tOff + NR + LANES);
        c20.intoArray(tile, tOff + 2 * NR);
        c21.intoArray(tile, tOff + 2 * NR + LANES);
        c30.intoArray(tile, tOff + 3 * NR);
        c31.intoArray(tile, tOff + 3 * NR + LANES);
    }

    /** Micro-kernel, 1 x NR tile (the last rows, and single-example inference). */
    private static void kernel1(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile, int tOff) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p * MR]);
            c0 = av.fma(FloatVector.fromArray(SPECIES, b, bi), c0);
            c1 = av.fma(FloatVector.fromArray(SPECIES, b, bi + LANES), c1);
        }
        c0.intoArray(tile, tOff);
        c1.intoArray(tile, tOff + LANES);
    }

    /** Writes {@code rows x cols} of the tile to C through {@link GemmCall#finish}'s epilogue. */
    private static void storeTile(GemmCall call, float[] tile, int rows, int cols, int i0, int j0,
                                  float beta, boolean lastBlock) {
        float[] bias = lastBlock ? call.bias : null;
        Epilogue act = lastBlock ? call.act : Epilogue.IDENTITY;
        float alpha = call.alpha;
        float[] c = call.c;
        int biasIdx = call.biasOff + j0;
        if (cols < NR) {
            for (int r = 0; r < rows; r++) {
                int cRow = call.cOff + (i0 + r) * call.ldc + j0;
                for (int j = 0; j < cols; j++) {
                    c[cRow + j] = GemmCall.finish(tile[r * NR + j], alpha, beta, c, cRow + j, bias, biasIdx + j, act, call.slope);
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int cRow = call.cOff + (i0 + r) * call.ldc + j0;
            storeVector(FloatVector.fromArray(SPECIES, tile, r * NR), alpha, beta, c, cRow, bias, biasIdx, act, call.slope);
            storeVector(FloatVector.fromArray(SPECIES, tile, r * NR + LANES), alpha, beta, c, cRow + LANES,
                    bias, biasIdx + LANES, act, call.slope);
        }
    }

    /** {@link GemmCall#finish} lane by lane, same operations in the same order. */
    private static void storeVector(FloatVector acc, float alpha, float beta, float[] c, int cIdx,
                                    float[] bias, int biasIdx, Epilogue act, float slope) {
        FloatVector v = acc.mul(alpha);
        if (beta != 0f) {
            v = v.add(FloatVector.fromArray(SPECIES, c, cIdx).mul(beta));
        }
        if (bias != null) {
            v = v.add(FloatVector.fromArray(SPECIES, bias, biasIdx));
        }
        if (act == Epilogue.RELU) {
            v = v.blend(0f, v.lt(0f));
        } else if (act == Epilogue.LEAKY_RELU) {
            v = v.blend(v.mul(slope), v.lt(0f));
        }
        v.intoArray(c, cIdx);
    }

    /** Packs {@code op(B)[p0 .. p0+kc)[j0 .. j0+nc)} as NR-column micro-panels, zero-padded. */
    private static void packB(boolean trans, float[] src, int off, int ld, int p0, int j0, int kc, int nc,
                              float[] dst, int dstOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int panel = dstOff + jr * kc;
            if (!trans) {
                for (int p = 0; p < kc; p++) {
                    int from = off + (p0 + p) * ld + j0 + jr;
                    int to = panel + p * NR;
                    if (nr == NR) {
                        FloatVector.fromArray(SPECIES, src, from).intoArray(dst, to);
                        FloatVector.fromArray(SPECIES, src, from + LANES).intoArray(dst, to + LANES);
                    } else {
                        System.arraycopy(src, from, dst, to, nr);
                        java.util.Arrays.fill(dst, to + nr, to + NR, 0f);
                    }
                }
            } else {
                for (int j = 0; j < nr; j++) {
                    int from = off + (j0 + jr + j) * ld + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[panel + p * NR + j] = src[from + p];
                    }
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        dst[panel + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    /** Packs {@code op(A)[i0 .. i0+mc)[p0 .. p0+kc)} as MR-row micro-panels (rows past mc are never read). */
    private static void packA(boolean trans, float[] src, int off, int ld, int i0, int p0, int mc, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int panel = ir * kc;
            if (trans) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(src, off + (p0 + p) * ld + i0 + ir, dst, panel + p * MR, mr);
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    int from = off + (i0 + ir + r) * ld + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[panel + p * MR + r] = src[from + p];
                    }
                }
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
